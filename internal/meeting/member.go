package meeting

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/store"
)

// isMember reports whether the person's membership is in force on day
// (its last day included).
func isMember(ctx context.Context, q store.Querier, coopID, personID int64, day civil.Date) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships
		WHERE coop_id = $1 AND person_id = $2 AND joined_on <= $3 AND (left_on IS NULL OR left_on >= $3)`,
		coopID, personID, day).Scan(&n)
	return n > 0, err
}

// visible reports whether members see the meeting on day: from its notice.
func visible(m Meeting, day civil.Date) bool { return !m.NoticeOn.IsZero() && !m.NoticeOn.After(day) }

// mayFile reports whether a draft filed at instant t (in zone loc) is in
// time: on or before the first part's day minus 15 days, to its last second.
func mayFile(m Meeting, loc *time.Location, t time.Time) bool {
	return !civil.Today(loc, t).After(m.DraftDeadline())
}

// ForMember is a meeting as a current member sees it: from its notice, with
// its materials, the member's own drafts, the part the member votes in,
// and the results once published. Anyone else, or before the notice, gets
// fault.ErrNotFound.
func (s *Service) ForMember(ctx context.Context, f Filer, id int64) (View, error) {
	today := s.today()
	q := s.DB.Read()
	ok, err := isMember(ctx, q, f.CoopID, f.PersonID, today)
	if err != nil {
		return View{}, err
	}
	m, err := s.get(ctx, q, f.CoopID, id)
	if err != nil {
		return View{}, err
	}
	if !ok || !visible(m, today) {
		return View{}, fault.ErrNotFound
	}
	v := View{Meeting: m, MayFile: mayFile(m, s.Loc, s.Now()), ResultsShown: !m.ResultsAt.IsZero()}
	if v.Items, err = s.items(ctx, q, m, v.ResultsShown); err != nil {
		return View{}, err
	}
	if v.Drafts, err = s.drafts(ctx, q, f.CoopID, id, f.PersonID); err != nil {
		return View{}, err
	}
	err = q.QueryRowContext(ctx, `SELECT COALESCE(MIN(p.number), 0) FROM meeting_parts p
		JOIN meeting_part_estates pe ON pe.coop_id = p.coop_id AND pe.part_id = p.id
		JOIN buildings b ON b.coop_id = pe.coop_id AND b.estate_id = pe.estate_id
		JOIN premises pr ON pr.coop_id = b.coop_id AND pr.building_id = b.id
		JOIN titles t ON t.coop_id = pr.coop_id AND t.premises_id = pr.id AND t.starts_on <= $3 AND (t.ends_on IS NULL OR t.ends_on >= $3)
		JOIN title_holders h ON h.coop_id = t.coop_id AND h.title_id = t.id AND h.person_id = $4
		WHERE p.coop_id = $1 AND p.meeting_id = $2`, f.CoopID, id, today, f.PersonID).Scan(&v.MyPart)
	if err != nil {
		return View{}, fmt.Errorf("meeting %d: part of person %d: %w", id, f.PersonID, err)
	}
	if v.MyPart == 0 && len(m.Parts) == 1 {
		v.MyPart = 1
	}
	return v, nil
}

// ForStaff is a meeting with every material, every draft and the results.
func (s *Service) ForStaff(ctx context.Context, coopID, id int64) (View, error) {
	q := s.DB.Read()
	m, err := s.get(ctx, q, coopID, id)
	if err != nil {
		return View{}, err
	}
	v := View{Meeting: m, ResultsShown: true}
	if v.Items, err = s.items(ctx, q, m, true); err != nil {
		return View{}, err
	}
	if v.Drafts, err = s.drafts(ctx, q, coopID, id, 0); err != nil {
		return View{}, err
	}
	return v, nil
}

// items are a meeting's materials, with the resolutions' results summed
// across the parts when withResults.
func (s *Service) items(ctx context.Context, q store.Querier, m Meeting, withResults bool) ([]Item, error) {
	out, err := store.QueryAll(ctx, q, func(row store.Scanner) (Item, error) {
		var it Item
		var kind string
		err := row.Scan(&it.ID, &kind, &it.Number, &it.Title, &it.Filename)
		it.Kind = ItemKind(kind)
		it.Result.ByPart = make([]*Votes, len(m.Parts))
		return it, err
	}, `SELECT id, kind, number, title, filename FROM meeting_items
		WHERE coop_id = $1 AND meeting_id = $2 ORDER BY kind DESC, id`, m.CoopID, m.ID)
	if err != nil || !withResults {
		return out, err
	}
	vrows, err := q.QueryContext(ctx, `SELECT v.item_id, p.number, v.votes_for, v.against, v.abstaining
		FROM meeting_votes v JOIN meeting_parts p ON p.coop_id = v.coop_id AND p.id = v.part_id
		WHERE p.coop_id = $1 AND p.meeting_id = $2`, m.CoopID, m.ID)
	if err != nil {
		return nil, err
	}
	defer vrows.Close()
	byID := map[int64]*Item{}
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	for vrows.Next() {
		var itemID int64
		var part int
		var v Votes
		if err := vrows.Scan(&itemID, &part, &v.For, &v.Against, &v.Abstaining); err != nil {
			return nil, err
		}
		if it := byID[itemID]; it != nil && part >= 1 && part <= len(m.Parts) {
			it.Result.ByPart[part-1] = &v
		}
	}
	if err := vrows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Result = sum(out[i].Result.ByPart)
	}
	return out, nil
}

// sum adds a resolution's votes part by part (art. 8³ ust. 9: the votes of
// every part are counted together); it passes with more votes for than
// against once every part has voted.
func sum(byPart []*Votes) Result {
	r := Result{ByPart: byPart}
	for _, v := range byPart {
		if v == nil {
			continue
		}
		r.PartsCounted++
		r.For += v.For
		r.Against += v.Against
		r.Abstaining += v.Abstaining
	}
	r.Complete = len(byPart) > 0 && r.PartsCounted == len(byPart)
	r.Passed = r.Complete && r.For > r.Against
	return r
}

// drafts are a meeting's members' drafts, of one person (personID > 0) or
// all, in the order filed.
func (s *Service) drafts(ctx context.Context, q store.Querier, coopID, id, personID int64) ([]FiledDraft, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.meeting_id, d.person_id, p.first_name || ' ' || p.last_name, d.title, d.body, d.filed_at
		FROM meeting_drafts d JOIN persons p ON p.coop_id = d.coop_id AND p.id = d.person_id
		WHERE d.coop_id = $1 AND d.meeting_id = $2 AND ($3 = 0 OR d.person_id = $3) ORDER BY d.filed_at, d.id`, coopID, id, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FiledDraft
	for rows.Next() {
		var d FiledDraft
		if err := rows.Scan(&d.ID, &d.MeetingID, &d.PersonID, &d.Member, &d.Title, &d.Body, &d.FiledAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FileDraft files a member's draft resolution: only a current member, only
// for a meeting whose notice is out, only until the end of the first
// part's day minus 15 days.
func (s *Service) FileDraft(ctx context.Context, f Filer, id int64, title, body string) (int64, error) {
	title, body = strings.TrimSpace(title), strings.TrimSpace(body)
	if title == "" || len(title) > 300 || body == "" || len(body) > 20000 {
		return 0, ErrInvalid
	}
	now := s.now()
	today := s.today()
	var draftID int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		ok, err := isMember(ctx, tx, f.CoopID, f.PersonID, today)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotMember
		}
		m, err := s.get(ctx, tx, f.CoopID, id)
		if err != nil {
			return err
		}
		if !visible(m, today) {
			return fault.ErrNotFound
		}
		if !mayFile(m, s.Loc, s.Now()) {
			return ErrDeadline
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO meeting_drafts (coop_id, meeting_id, person_id, user_id, title, body, filed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, f.CoopID, id, f.PersonID, f.UserID, title, body, now).Scan(&draftID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{CoopID: f.CoopID, At: now, ActorID: f.UserID, Actor: f.Name,
			Action: audit.MeetingDraftFiled, Subject: subject(id), PersonID: f.PersonID,
			Details: map[string]string{"draft": strconv.FormatInt(draftID, 10)}})
	})
	if err != nil {
		return 0, fmt.Errorf("meeting %d: file draft: %w", id, err)
	}
	return draftID, nil
}

// Receipt is the PDF receipt of a draft resolution: only for the member who
// filed it (personID) or for staff (personID 0).
func (s *Service) Receipt(ctx context.Context, coopID, personID, id, draftID int64) (documents.File, error) {
	q := s.DB.Read()
	m, err := s.get(ctx, q, coopID, id)
	if err != nil {
		return documents.File{}, err
	}
	ds, err := s.drafts(ctx, q, coopID, id, personID)
	if err != nil {
		return documents.File{}, err
	}
	for _, d := range ds {
		if d.ID != draftID {
			continue
		}
		c, err := s.Coops.Get(ctx, coopID)
		if err != nil {
			return documents.File{}, err
		}
		l := s.words()
		return s.Documents.DraftReceiptPDF(l, documents.DraftReceipt{Coop: c, Meeting: m.Title,
			FirstPart: m.FirstDay().Format(), Deadline: m.DraftDeadline().Format(), DraftID: d.ID, Member: d.Member,
			Title: d.Title, Body: d.Body, FiledAt: d.FiledAt, Zone: s.Loc})
	}
	return documents.File{}, fault.ErrNotFound
}

// ItemFile is a material's PDF: for staff always, for a current member once
// the notice is out.
func (s *Service) ItemFile(ctx context.Context, coopID, personID int64, staff bool, id, itemID int64) (documents.File, error) {
	q := s.DB.Read()
	if !staff {
		if _, err := s.ForMember(ctx, Filer{CoopID: coopID, PersonID: personID}, id); err != nil {
			return documents.File{}, err
		}
	}
	var f documents.File
	err := q.QueryRowContext(ctx, `SELECT filename, data FROM meeting_items WHERE coop_id = $1 AND meeting_id = $2 AND id = $3`,
		coopID, id, itemID).Scan(&f.Name, &f.Data)
	if err != nil {
		return f, notFound(err)
	}
	f.ContentType = documents.ContentTypePDF
	return f, nil
}

// words is the Polish catalogue, for the receipts.
func (s *Service) words() *i18n.Localizer {
	if s.Catalogue == nil {
		return i18n.New().For(i18n.Polish)
	}
	return s.Catalogue.For(i18n.Polish)
}
