package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/letters"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/uploads"
)

// lettersPage lists the letters out and the postal batches.
type lettersPage struct {
	Page
	Letters []*letters.Letter
	// Pager pages the letters, BatchPager the postal batches.
	Pager      pager
	Batches    []letters.Batch
	BatchPager pager
	// MarkPrinted: the staff member may mark a batch printed (not estate
	// staff: a batch holds the whole cooperative's letters).
	MarkPrinted bool
}

// composePage is the form for a new letter.
type composePage struct {
	Page
	Action string // where the form posts: a new letter, or a draft's edit
	Form   letterForm
	// Problems are why the letter was refused, each with the id of the
	// field it concerns ("" for the letter as a whole).
	Problems []letterProblem
	Kinds    []letters.Kind
	Rules    []letters.RuleKind
	Fields   []string
	Premise  []string
	// Estates and Buildings are those the letter may go to.
	Estates, Buildings []messages.Place
}

// letterForm is the compose form as typed. A building, an estate and a
// kind of premises are chosen from lists, each its own field; RuleValue
// is what is typed for the other rules.
type letterForm struct {
	Kind, Subject, Body, CaseNo, Place       string
	Rule, RuleValue, RuleAmount, EffectiveOn string
	RuleBuilding, RuleEstate, RulePremises   string
	ChargeSource                             string
	SignedReceipt                            bool
}

// ruleValue is the value of the chosen rule: from its list, or as typed.
func (f letterForm) ruleValue() string {
	switch letters.RuleKind(f.Rule) {
	case letters.RuleBuilding:
		return f.RuleBuilding
	case letters.RuleEstate:
		return f.RuleEstate
	case letters.RulePremisesKind:
		return f.RulePremises
	}
	return f.RuleValue
}

// withRuleValue is the form with a stored rule's value in its field.
func (f letterForm) withRuleValue(v string) letterForm {
	switch letters.RuleKind(f.Rule) {
	case letters.RuleBuilding:
		f.RuleBuilding = v
	case letters.RuleEstate:
		f.RuleEstate = v
	case letters.RulePremisesKind:
		f.RulePremises = v
	default:
		f.RuleValue = v
	}
	return f
}

// problemText is a letters.Problem in the user's words, or "" for other
// errors.
func problemText(l *i18n.Localizer, err error) string {
	var p *letters.Problem
	if errors.As(err, &p) {
		return l.T(p.Key, p.Args...)
	}
	return ""
}

// letterProblem is a refusal of the compose form in the user's words, at
// the field (its element id) it concerns.
type letterProblem struct {
	Text, Field string
}

// problemFields are the compose form's fields each refusal concerns.
var problemFields = map[string]string{
	"letters.err.kind": "f-kind", "letters.err.subject": "f-subject", "letters.err.body": "f-body",
	"letters.err.unknown_field": "f-body", "letters.err.effective_on": "f-effective", "letters.err.charge_source": "f-source",
	"letters.err.rule": "f-rule", "letters.err.rule_value": "f-rule-value", "letters.err.list_empty": "f-rule-value",
	"letters.err.list_lines": "f-rule-value", "letters.err.no_recipients": "f-rule", "letters.err.attachment": "f-att",
	"letters.err.attachments_count": "f-att", "letters.err.amount": "f-rule-amount", "letters.err.date": "f-effective",
}

// letterProblems are every letters.Problem in err (one, or several
// joined), in the user's words; none when err holds no Problem.
func letterProblems(l *i18n.Localizer, err error) []letterProblem {
	var out []letterProblem
	var p *letters.Problem
	if errors.As(err, &p) && p.Key != "" {
		out = append(out, letterProblem{Text: l.T(p.Key, p.Args...), Field: problemFields[p.Key]})
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		out = nil
		for _, e := range joined.Unwrap() {
			out = append(out, letterProblems(l, e)...)
		}
	}
	return out
}

// staffLetters lists the letters and the postal batches.
func (s *Server) staffLetters(w http.ResponseWriter, r *http.Request) error {
	p := lettersPage{Page: s.page(r, "letters.title"), MarkPrinted: actorOf(r).EstateID == 0}
	p.Section = "letters"
	p.Pager = pager{L: p.L, Path: "/staff/letters", Query: r.URL.Query(), LabelKey: "letters.list.pages",
		Page: pageNumber(r.URL.Query()), Size: letters.ListPageSize}
	var err error
	if p.Letters, err = loadPage(&p.Pager, func(page int) ([]*letters.Letter, int, error) {
		return s.Letters.List(r.Context(), actorOf(r), page)
	}); err != nil {
		return err
	}
	p.BatchPager = pager{L: p.L, Path: "/staff/letters", Query: r.URL.Query(), Anchor: "batches", Param: "batches", LabelKey: "letters.batches.pages",
		Page: pageNumberIn(r.URL.Query(), "batches"), Size: letters.BatchPageSize}
	if p.Batches, err = loadPage(&p.BatchPager, func(page int) ([]letters.Batch, int, error) {
		return s.Letters.BatchPage(r.Context(), actorOf(r), page)
	}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staff_letters", p)
}

// newComposePage is the compose page with its choices: the estates and
// buildings are the staff member's (an estate administration's own).
func (s *Server) newComposePage(r *http.Request, f letterForm) (composePage, error) {
	p := composePage{Page: s.page(r, "letters.compose.title"), Action: "/staff/letters", Form: f, Kinds: letters.Kinds(),
		Rules: letters.RuleKinds(), Fields: letters.Fields(), Premise: []string{"flat", "commercial", "garage", "parking"}}
	p.Section = "letters"
	by := actorOf(r)
	var err error
	p.Estates, p.Buildings, err = s.Messages.Places(r.Context(), by.CoopID, by.EstateID)
	return p, err
}

// staffComposeForm shows an empty compose form.
func (s *Server) staffComposeForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newComposePage(r, letterForm{Kind: "general", Rule: "building"})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staff_letter_new", p)
}

// staffCompose stores a draft and shows it, or the form with its problem.
func (s *Server) staffCompose(w http.ResponseWriter, r *http.Request) error {
	if err := parseAnyForm(r, 1<<20); err != nil {
		return err
	}
	f := postedLetterForm(r)
	p, err := s.newComposePage(r, f)
	if err != nil {
		return err
	}
	l, atts, err := f.letter(r)
	if err == nil {
		var c letters.Composed
		if c, err = s.Letters.Compose(r.Context(), actorOf(r), l, atts); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/staff/letters/%d", c.ID), http.StatusSeeOther)
			return nil
		}
	}
	if p.Problems = letterProblems(p.L, err); len(p.Problems) == 0 {
		return err
	}
	p.Problems = append(p.Problems, filesToChooseAgain(p.L, r)...)
	return s.render(w, r, http.StatusUnprocessableEntity, "staff_letter_new", p)
}

// postedLetterForm is the compose form as posted.
func postedLetterForm(r *http.Request) letterForm {
	return letterForm{Kind: r.PostFormValue("kind"), Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body"),
		CaseNo: r.PostFormValue("case_no"), Place: r.PostFormValue("place"), Rule: r.PostFormValue("rule"),
		RuleValue: r.PostFormValue("rule_value"), RuleAmount: r.PostFormValue("rule_amount"),
		RuleBuilding: r.PostFormValue("rule_building"), RuleEstate: r.PostFormValue("rule_estate"),
		RulePremises: r.PostFormValue("rule_premises_kind"),
		EffectiveOn:  r.PostFormValue("effective_on"), ChargeSource: r.PostFormValue("charge_source"),
		SignedReceipt: r.PostFormValue("signed_receipt") != ""}
}

// editPage is the compose form for a draft, filled in from it.
func (s *Server) editPage(r *http.Request, id int64, f letterForm) (composePage, error) {
	p, err := s.newComposePage(r, f)
	p.Title = p.L.T("letters.edit.title")
	p.Action = fmt.Sprintf("/staff/letters/%d/edit", id)
	return p, err
}

// staffEditForm shows a draft in the compose form.
func (s *Server) staffEditForm(w http.ResponseWriter, r *http.Request, id int64) error {
	l, err := s.Letters.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	if l.Status != letters.Draft {
		http.Redirect(w, r, fmt.Sprintf("/staff/letters/%d", id), http.StatusSeeOther)
		return nil
	}
	f := letterForm{Kind: string(l.Kind), Subject: l.Subject, Body: l.Body, CaseNo: l.CaseNo, Place: l.Place,
		Rule: string(l.Rule.Kind), ChargeSource: string(l.ChargeSource), SignedReceipt: l.SignedReceipt}.withRuleValue(l.Rule.Value)
	if l.Rule.Amount != 0 {
		f.RuleAmount = l.Rule.Amount.Plain()
	}
	if !l.EffectiveOn.IsZero() {
		f.EffectiveOn = l.EffectiveOn.Format()
	}
	p, err := s.editPage(r, id, f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staff_letter_new", p)
}

// staffEdit saves a draft's changes and shows it, or the form with its
// problem.
func (s *Server) staffEdit(w http.ResponseWriter, r *http.Request, id int64) error {
	if err := parseAnyForm(r, 1<<20); err != nil {
		return err
	}
	f := postedLetterForm(r)
	p, err := s.editPage(r, id, f)
	if err != nil {
		return err
	}
	l, atts, err := f.letter(r)
	if err == nil {
		if _, err = s.Letters.Update(r.Context(), actorOf(r), id, l, atts); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/staff/letters/%d", id), http.StatusSeeOther)
			return nil
		}
	}
	if p.Problems = letterProblems(p.L, err); len(p.Problems) == 0 {
		return err
	}
	p.Problems = append(p.Problems, filesToChooseAgain(p.L, r)...)
	return s.render(w, r, http.StatusUnprocessableEntity, "staff_letter_new", p)
}

// filesToChooseAgain tells, at the attachments field, that the files
// chosen with a refused letter were not kept: a browser never fills a file
// field back in.
func filesToChooseAgain(l *i18n.Localizer, r *http.Request) []letterProblem {
	if r.MultipartForm == nil {
		return nil
	}
	var names []string
	for _, fh := range r.MultipartForm.File["attachments"] {
		names = append(names, fh.Filename)
	}
	if len(names) == 0 {
		return nil
	}
	return []letterProblem{{Text: l.T("letters.err.files_again", strings.Join(names, ", ")), Field: "f-att"}}
}

// letter reads the form into a letter and its attachments.
func (f letterForm) letter(r *http.Request) (letters.Letter, []letters.Attachment, error) {
	l := letters.Letter{Kind: letters.Kind(f.Kind), Subject: f.Subject, Body: f.Body, CaseNo: f.CaseNo, Place: f.Place,
		SignedReceipt: f.SignedReceipt, ChargeSource: letters.ChargeSource(f.ChargeSource),
		Rule: letters.Rule{Kind: letters.RuleKind(f.Rule), Value: f.ruleValue()}}
	var bad []error
	if strings.TrimSpace(f.RuleAmount) != "" {
		a, err := money.Parse(f.RuleAmount)
		if err != nil {
			bad = append(bad, &letters.Problem{Key: "letters.err.amount"})
		}
		l.Rule.Amount = a
	}
	if strings.TrimSpace(f.EffectiveOn) != "" {
		d, err := civil.Parse(strings.TrimSpace(f.EffectiveOn))
		if err != nil {
			bad = append(bad, &letters.Problem{Key: "letters.err.date"})
		}
		l.EffectiveOn = d
	}
	if len(bad) > 0 {
		return l, nil, errors.Join(bad...)
	}
	var atts []letters.Attachment
	if r.MultipartForm != nil {
		files := r.MultipartForm.File["attachments"]
		if uploads.LetterAttachments.CheckCount(len(files)) != nil {
			return l, nil, &letters.Problem{Key: "letters.err.attachments_count", Args: []any{uploads.LetterAttachments.MaxFiles}}
		}
		for _, fh := range files {
			data, err := readUpload(fh, uploads.LetterAttachments.MaxBytes)
			if err != nil {
				return l, nil, err
			}
			atts = append(atts, letters.Attachment{Filename: fh.Filename, Data: data})
		}
	}
	return l, atts, nil
}

// readUpload reads an uploaded file of at most max bytes (one more shows
// it is too large, which the policy then refuses).
func readUpload(fh *multipart.FileHeader, max int64) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max+1))
}

// checkUpload reads one uploaded file and checks it against policy: a file
// over policy.MaxBytes is uploads.ErrTooLarge before it is read, and one
// that cannot be read is errUnreadable; the rest is policy.Check's answer.
func checkUpload(fh *multipart.FileHeader, policy uploads.Policy) (uploads.File, error) {
	if fh.Size > policy.MaxBytes {
		return uploads.File{}, uploads.ErrTooLarge
	}
	data, err := readUpload(fh, policy.MaxBytes)
	if err != nil {
		return uploads.File{}, fmt.Errorf("%w: %w", errUnreadable, err)
	}
	return policy.Check(fh.Filename, data)
}

// uploadProblem names what is wrong with a refused upload, as the last
// word of its message's key ("apply.error.files.size"): empty, size,
// damaged, or type for anything else.
func uploadProblem(err error) string {
	switch {
	case errors.Is(err, uploads.ErrEmpty):
		return "empty"
	case errors.Is(err, uploads.ErrTooLarge):
		return "size"
	case errors.Is(err, uploads.ErrDamaged):
		return "damaged"
	}
	return "type"
}

// errUnreadable: an uploaded file could not be read.
var errUnreadable = errors.New("web: upload cannot be read")

// withLetter is a handler of the letter (or the postal batch) of the
// path: h gets its id; an id that cannot be read is "not found".
func withLetter(h func(w http.ResponseWriter, r *http.Request, id int64) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := letterID(r)
		if err != nil {
			return err
		}
		return h(w, r, id)
	}
}

// letterID is the {id} of the path.
func letterID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, httpError(http.StatusNotFound, "error.not_found")
	}
	return id, nil
}
