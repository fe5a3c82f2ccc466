package app

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/letters"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A resident answers a letter by e-mail: the answer opens the letter's
// thread at the desk of the department that wrote it, and a second answer
// joins the same thread. This runs through the application as serve wires
// it (letters and messages together).
func TestAnEmailAnswerJoinsTheLettersThread(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, coopID := answerApp(t, db)
		staff := audit.Actor{CoopID: coopID, Name: "staff:rozliczenia"}
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM users WHERE coop_id = $1 AND login = 'rozliczenia'`, coopID).Scan(&staff.UserID); err != nil {
			t.Fatal(err)
		}
		var building int64
		if err := db.Read().QueryRowContext(ctx, `SELECT MIN(id) FROM buildings WHERE coop_id = $1`, coopID).Scan(&building); err != nil {
			t.Fatal(err)
		}
		rule := letters.Rule{Kind: letters.RuleBuilding, Value: strconv.FormatInt(building, 10)}
		rcs, err := a.Letters.Resolve(ctx, staff, rule)
		if err != nil || len(rcs) == 0 {
			t.Fatalf("%d recipients, %v", len(rcs), err)
		}
		person := rcs[0].PersonID
		consent(t, db, coopID, person, "odpowiada@example.org")
		msgID := sendLetter(t, a, staff, rule, person)

		for i, ref := range []string{msgID, msgID} {
			out, err := a.Messages.Take(ctx, coopID, messages.Mail{MessageID: "<answer-" + strconv.Itoa(i) + "@example.org>",
				From: "odpowiada@example.org", Subject: "Re: Przegląd instalacji gazowej", Text: "Dziękuję, będę w domu.",
				References: []string{ref}, Raw: []byte("Subject: Re\r\n\r\nDziekuje")})
			if err != nil || out != messages.TookThread {
				t.Fatalf("answer %d: %v, %v", i, out, err)
			}
		}
		var threads, answers int
		var subject, department string
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*), MIN(subject), MIN(department) FROM message_threads
			WHERE coop_id = $1 AND person_id = $2 AND letter_id IS NOT NULL`, coopID, person).Scan(&threads, &subject, &department); err != nil {
			t.Fatal(err)
		}
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM messages m JOIN message_threads t ON t.id = m.thread_id
			WHERE t.coop_id = $1 AND t.letter_id IS NOT NULL`, coopID).Scan(&answers); err != nil {
			t.Fatal(err)
		}
		if threads != 1 || answers != 2 || subject != "Odpowiedź na pismo: Przegląd instalacji gazowej" || department != "settlements" {
			t.Errorf("%d threads (%q, %s) holding %d answers; want one settlements thread of the letter with both", threads, subject, department, answers)
		}
	})
}

// answerApp is the application on a small demo cooperative, with a
// settlements staff member who writes the letter.
func answerApp(t *testing.T, db *store.DB) (*App, int64) {
	t.Helper()
	ctx := context.Background()
	today := civil.Date{Year: 2026, Month: time.November, Day: 21}
	res, err := demo.Generate(ctx, db, demo.Options{Seed: 5, Premises: 50, Today: today,
		HashPassword: func(string) (string, error) { return "x", nil }})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	now := func() time.Time { return today.In(cfg.TimeZone).Add(10 * time.Hour) }
	a, err := New(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Now: now, Hasher: auth.NewHasher(1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.WriteConn().ExecContext(ctx, `INSERT INTO users (coop_id, kind, login, display_name, role, password_hash, created_at)
		VALUES ($1, 'staff', 'rozliczenia', 'Dział rozliczeń', 'settlements', 'x', $2)`, res.CoopID, now().UTC()); err != nil {
		t.Fatal(err)
	}
	return a, res.CoopID
}

// consent gives a person a correspondence e-mail and their consent.
func consent(t *testing.T, db *store.DB, coopID, person int64, email string) {
	t.Helper()
	w := db.WriteConn()
	if _, err := w.ExecContext(context.Background(), `UPDATE persons SET email = $1 WHERE coop_id = $2 AND id = $3`, email, coopID, person); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExecContext(context.Background(), `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
		VALUES ($1, $2, 'ekorespondencja', TRUE, 'test', $3)`, coopID, person, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
}

// sendLetter writes a letter to a rule, sends it through the letters
// worker and returns the Message-ID of the e-mail that carried it to the
// person.
func sendLetter(t *testing.T, a *App, by audit.Actor, rule letters.Rule, person int64) string {
	t.Helper()
	ctx := context.Background()
	c, err := a.Letters.Compose(ctx, by, letters.Letter{Kind: letters.General, Subject: "Przegląd instalacji gazowej",
		CaseNo: "TI.1.2026", Place: "Warszawa", Body: "Uprzejmie informujemy o przeglądzie.", Rule: rule}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Letters.Send(ctx, by, c.ID); err != nil {
		t.Fatal(err)
	}
	for range 50 {
		if n, err := a.LettersWorker.ProcessOnce(ctx); err != nil || n == 0 {
			if err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	var msgID string
	if err := a.DB.Read().QueryRowContext(ctx, `SELECT message_id FROM letter_recipients WHERE letter_id = $1 AND person_id = $2
		AND message_id IS NOT NULL ORDER BY id LIMIT 1`, c.ID, person).Scan(&msgID); err != nil {
		t.Fatal(err)
	}
	return msgID
}
