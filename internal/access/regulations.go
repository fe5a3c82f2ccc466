package access

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
)

// Regulation is one published version of a service's regulations.
type Regulation struct {
	ID          int64
	Portal      Portal
	Version     int
	Title       string
	Body        string
	PublishedAt time.Time
}

// Paragraphs splits the body at blank lines, for display.
func (r Regulation) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(r.Body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// CurrentRegulation returns the newest version for the portal, publishing
// the built-in first version when the cooperative has none yet.
func (s *Service) CurrentRegulation(ctx context.Context, coopID int64, p Portal) (*Regulation, error) {
	r, err := s.regulation(ctx, s.DB.Read(), coopID, p, 0)
	if !errors.Is(err, store.ErrNotFound) {
		return r, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO regulations (coop_id, service, version, title, body, published_at)
			VALUES ($1, $2, 1, $3, $4, $5) ON CONFLICT (coop_id, service, version) DO NOTHING`,
			coopID, string(p), defaultTitle(p), defaultBody(p), s.now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("access: default regulations: %w", err)
	}
	return s.regulation(ctx, s.DB.Read(), coopID, p, 0)
}

// Regulation returns one version (0 = the newest).
func (s *Service) Regulation(ctx context.Context, coopID int64, p Portal, version int) (*Regulation, error) {
	return s.regulation(ctx, s.DB.Read(), coopID, p, version)
}

func (s *Service) regulation(ctx context.Context, q store.Querier, coopID int64, p Portal, version int) (*Regulation, error) {
	var r Regulation
	var portal string
	err := q.QueryRowContext(ctx, `SELECT id, service, version, title, body, published_at FROM regulations
		WHERE coop_id = $1 AND service = $2 AND ($3 = 0 OR version = $3)
		ORDER BY version DESC LIMIT 1`, coopID, string(p), version).
		Scan(&r.ID, &portal, &r.Version, &r.Title, &r.Body, &r.PublishedAt)
	if err != nil {
		return nil, fmt.Errorf("access: regulations %s v%d: %w", p, version, store.MapError(err))
	}
	r.Portal = Portal(portal)
	return &r, nil
}

// RegulationByID loads a version by id (the one an application accepted).
func (s *Service) RegulationByID(ctx context.Context, coopID, id int64) (*Regulation, error) {
	var r Regulation
	var portal string
	err := s.DB.Read().QueryRowContext(ctx, `SELECT id, service, version, title, body, published_at FROM regulations
		WHERE coop_id = $1 AND id = $2`, coopID, id).Scan(&r.ID, &portal, &r.Version, &r.Title, &r.Body, &r.PublishedAt)
	if err != nil {
		return nil, fmt.Errorf("access: regulations %d: %w", id, store.MapError(err))
	}
	r.Portal = Portal(portal)
	return &r, nil
}

// ErrEmptyRegulation: a new version needs a title and a body.
var ErrEmptyRegulation = errors.New("access: regulations need a title and a body")

// PublishRegulation publishes a new version; earlier versions stay, as
// applications point at the one their applicant accepted.
func (s *Service) PublishRegulation(ctx context.Context, by audit.Actor, p Portal, title, body string) (*Regulation, error) {
	title, body = strings.TrimSpace(title), strings.TrimSpace(body)
	if title == "" || body == "" || len(body) > 100_000 {
		return nil, ErrEmptyRegulation
	}
	if _, err := s.CurrentRegulation(ctx, by.CoopID, p); err != nil {
		return nil, err
	}
	var id int64
	var version int
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT MAX(version) + 1 FROM regulations WHERE coop_id = $1 AND service = $2`,
			by.CoopID, string(p)).Scan(&version); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO regulations (coop_id, service, version, title, body, published_at, published_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			by.CoopID, string(p), version, title, body, s.now(), by.UserID).Scan(&id); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, audit.RegulationsPublished, fmt.Sprintf("regulations:%d", id), 0,
			map[string]string{"service": string(p), "version": fmt.Sprint(version)})
	})
	if err != nil {
		return nil, fmt.Errorf("access: publish regulations: %w", err)
	}
	return s.RegulationByID(ctx, by.CoopID, id)
}

func defaultTitle(p Portal) string {
	if p == IKCS {
		return "Regulamin Internetowego Konta Członka Spółdzielni (IKCS)"
	}
	return "Regulamin usług e-BOK i e-Korespondencja"
}

func defaultBody(p Portal) string {
	if p == IKCS {
		return `§ 1. Internetowe Konto Członka Spółdzielni (IKCS) udostępnia członkom Spółdzielni statut, regulaminy, uchwały organów Spółdzielni, protokoły, protokoły lustracji i sprawozdania finansowe.

§ 2. Z IKCS mogą korzystać wyłącznie członkowie Spółdzielni. Login zawiera numer rejestru członkowskiego.

§ 3. Dostęp uzyskuje się po złożeniu oświadczenia osobiście w Spółdzielni (z okazaniem dokumentu tożsamości) albo elektronicznie z adresu e-mail zgłoszonego Spółdzielni jako adres korespondencyjny. Spółdzielnia może zweryfikować dane telefonicznie.

§ 4. Hasło startowe jest jednorazowe i należy je zmienić przy pierwszym logowaniu. Hasła nie wolno nikomu udostępniać; Spółdzielnia nigdy nie prosi o hasło.

§ 5. Udostępnione dokumenty służą wyłącznie do użytku członka. Dostęp wygasa z ustaniem członkostwa.`
	}
	return `§ 1. Elektroniczne Biuro Obsługi Klienta (e-BOK) udostępnia osobom rozliczającym się ze Spółdzielnią stan rozliczeń ich lokali: naliczenia, wpłaty, saldo, wymiar opłat i indywidualny numer konta.

§ 2. Dostęp uzyskuje się po złożeniu formularza zgłoszeniowego osobiście w Spółdzielni (z okazaniem dokumentu tożsamości) albo elektronicznie z adresu e-mail zgłoszonego Spółdzielni jako adres korespondencyjny. Spółdzielnia sprawdza tytuł prawny do lokalu i może zweryfikować dane telefonicznie.

§ 3. Hasło startowe jest jednorazowe i należy je zmienić przy pierwszym logowaniu. Hasła nie wolno nikomu udostępniać; Spółdzielnia nigdy nie prosi o hasło.

§ 4. e-Korespondencja: osoba, która wyraziła na to zgodę, otrzymuje pisma i zawiadomienia niewymagające własnoręcznego podpisu ani pisemnego potwierdzenia odbioru jako e-mail z plikiem PDF. Zgodę można wycofać w każdej chwili.

§ 5. Dostęp do rozliczeń lokalu kończy się z dniem wygaśnięcia tytułu prawnego do lokalu, chyba że Spółdzielnia przedłuży go na wniosek.`
}
