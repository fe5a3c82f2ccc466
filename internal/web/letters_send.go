package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/letters"
	"github.com/ebok/ebok/internal/messages"
)

// letterPage is one letter: what it says, who gets it, how far sending is.
type letterPage struct {
	Page
	*letters.View
	// Notice is the letter's warning and Error its problem, in words.
	Notice string
	Error  string
	// Query is the part of the delivery report shown (filter, search,
	// page), Pager its paging.
	Query      letters.ReportQuery
	Pager      pager
	CanApprove bool
	// Recipients is the rule that chose the recipients, in words.
	Recipients string
	// NeedsApproval: the draft has more recipients than one person may
	// send to alone, so its button submits it for approval.
	NeedsApproval bool
}

// reportQuery reads the delivery report's filter, search and page from the
// address.
func reportQuery(r *http.Request) letters.ReportQuery {
	v := r.URL.Query()
	return letters.ReportQuery{Status: v.Get("status"), Find: v.Get("find"), Page: pageNumber(v)}
}

// ReportRange says which rows of the report the page shows, of how many.
func (p letterPage) ReportRange() string {
	if p.ReportTotal == 0 {
		return p.L.T("letters.report.none")
	}
	return p.Pager.Range("letters.report.range")
}

// Export is the address of the report as a file ("csv" or "xlsx"), with
// the filter and the search shown.
func (p letterPage) Export(ext string) string {
	v := url.Values{}
	v.Set("status", p.Query.Status)
	if p.Query.Find != "" {
		v.Set("find", p.Query.Find)
	}
	return fmt.Sprintf("/staff/letters/%d/report.%s?%s", p.Letter.ID, ext, v.Encode())
}

// ApprovalThreshold is the most recipients one person may send to alone.
func (letterPage) ApprovalThreshold() int { return letters.ApprovalThreshold }

// letterPage loads the letter page.
func (s *Server) letterPage(r *http.Request) (letterPage, error) {
	id, err := letterID(r)
	if err != nil {
		return letterPage{}, err
	}
	by := actorOf(r)
	p := letterPage{Page: s.page(r, "letters.letter.title"), Query: reportQuery(r)}
	p.Section = "letters"
	if p.View, err = s.Letters.View(r.Context(), by, id, p.Query); err != nil {
		return p, err
	}
	p.Pager = pager{L: p.L, Path: fmt.Sprintf("/staff/letters/%d", id), Query: r.URL.Query(), Anchor: "report",
		Page: p.Query.Page, Size: letters.ReportPageSize}
	if p.Letter.Status != letters.Draft && p.Letter.Status != letters.Awaiting {
		// View read the page asked for; past the end (the address was
		// typed) the last one is read instead. A draft has no report.
		if p.Report, err = loadPage(&p.Pager, func(page int) ([]letters.Delivery, int, error) {
			if page == p.Query.Page {
				return p.Report, p.ReportTotal, nil
			}
			q := p.Query
			q.Page = page
			return s.Letters.Report(r.Context(), by, id, q)
		}); err != nil {
			return p, err
		}
		p.Query.Page, p.ReportTotal = p.Pager.Page, p.Pager.Total
	}
	p.CanApprove = p.Letter.Status == letters.Awaiting && p.Letter.CreatedBy != by.UserID
	p.NeedsApproval = p.Count > letters.ApprovalThreshold
	if p.Recipients, err = s.ruleText(r, p.L, p.Letter.Rule); err != nil {
		return p, err
	}
	if w := p.View.Warning; w != nil {
		p.Notice = p.L.T(w.Key, w.Args...)
	}
	if p.Problem != nil {
		p.Error = p.L.T(p.Problem.Key, p.Problem.Args...)
	}
	return p, nil
}

// staffLetterAction sends or approves a letter, then shows it again.
func (s *Server) staffLetterAction(approve bool) handlerFunc {
	return withLetter(func(w http.ResponseWriter, r *http.Request, id int64) error {
		flashKey := "flash.letter.approved"
		var err error
		if approve {
			err = s.Letters.Approve(r.Context(), actorOf(r), id)
		} else {
			var st letters.Status
			st, err = s.Letters.Send(r.Context(), actorOf(r), id)
			flashKey = "flash.letter." + string(st)
		}
		if err != nil {
			p, perr := s.letterPage(r)
			if perr != nil {
				return perr
			}
			if p.Error = problemText(p.L, err); p.Error == "" {
				return err
			}
			return s.render(w, r, http.StatusUnprocessableEntity, "staff_letter", p)
		}
		return s.flashRedirect(w, r, fmt.Sprintf("/staff/letters/%d", id), flashKey)
	})
}

// staffLetterPreview is the PDF a chosen recipient would get.
func (s *Server) staffLetterPreview(w http.ResponseWriter, r *http.Request, id int64) error {
	person, _ := queryID(r, "person")
	premises, _ := queryID(r, "premises")
	return s.sendFile(w, r)(s.Letters.Preview(r.Context(), actorOf(r), id, person, premises))
}

// staffLetterProgress is the letter's progress as JSON, for app.js.
func (s *Server) staffLetterProgress(w http.ResponseWriter, r *http.Request, id int64) error {
	p, err := s.Letters.Progress(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	l := s.Catalogue.For(stateOf(r).lang)
	return json.NewEncoder(w).Encode(map[string]any{"total": p.Total, "done": p.Done(), "pending": p.Pending,
		"queued": p.Queued, "sent": p.Sent, "moved": p.Moved, "post": p.Post, "printed": p.Printed,
		"text": l.T("letters.progress.text", p.Pending, p.Queued, p.Sent, p.Moved, p.Post, p.Printed)})
}

// staffLetterReport is the delivery report as CSV or XLSX.
func (s *Server) staffLetterReport(xlsx bool) handlerFunc {
	return withLetter(func(w http.ResponseWriter, r *http.Request, id int64) error {
		return s.sendFile(w, r)(s.Letters.ReportFile(r.Context(), actorOf(r), id, reportQuery(r), xlsx))
	})
}

// staffBatchFile is a postal batch's letters to print or its dispatch list.
func (s *Server) staffBatchFile(kind string) handlerFunc {
	return withLetter(func(w http.ResponseWriter, r *http.Request, id int64) error {
		if kind == "letters" {
			return s.sendFile(w, r)(s.Letters.BatchPDF(r.Context(), actorOf(r), id))
		}
		return s.sendFile(w, r)(s.Letters.DispatchList(r.Context(), actorOf(r), id, kind == "pdf"))
	})
}

// staffBatchPrinted marks a postal batch printed.
func (s *Server) staffBatchPrinted(w http.ResponseWriter, r *http.Request, id int64) error {
	if err := s.Letters.MarkPrinted(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	return s.flashRedirect(w, r, "/staff/letters", "flash.batch.printed")
}

// ruleText is a letter's rule in words: its kind, and the building, the
// estate, the kind of premises, the amount or the number of list lines it
// names.
func (s *Server) ruleText(r *http.Request, l *i18n.Localizer, rule letters.Rule) (string, error) {
	kind := l.T("letters.rule." + string(rule.Kind))
	named := func(places []messages.Place) string {
		for _, pl := range places {
			if strconv.FormatInt(pl.ID, 10) == strings.TrimSpace(rule.Value) {
				return kind + ": " + pl.Label
			}
		}
		return kind
	}
	switch rule.Kind {
	case letters.RuleBuilding, letters.RuleEstate:
		by := actorOf(r)
		estates, buildings, err := s.Messages.Places(r.Context(), by.CoopID, by.EstateID)
		if rule.Kind == letters.RuleEstate {
			return named(estates), err
		}
		return named(buildings), err
	case letters.RulePremisesKind:
		return kind + ": " + l.T("premises.kind."+rule.Value), nil
	case letters.RuleArrears:
		return kind + ": " + rule.Amount.Format(), nil
	case letters.RuleList:
		lines := 0
		for _, line := range strings.Split(rule.Value, "\n") {
			if strings.TrimSpace(line) != "" {
				lines++
			}
		}
		return l.T("letters.rule.list.lines", lines), nil
	}
	return kind, nil
}
