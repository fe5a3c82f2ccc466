package web

import (
	"errors"
	"net/http"

	"github.com/ebok/ebok/internal/letters"
)

// outboxPage lists the cooperative's e-mails that ebok gave up sending.
type outboxPage struct {
	Page
	Mail  []letters.FailedMail
	Pager pager
}

// staffOutbox lists the e-mails given up on, 50 a page.
func (s *Server) staffOutbox(w http.ResponseWriter, r *http.Request) error {
	p := outboxPage{Page: s.page(r, "outbox.title")}
	p.Section = "outbox"
	p.Pager = pager{L: p.L, Path: "/staff/outbox", Query: r.URL.Query(), Page: pageNumber(r.URL.Query()), Size: letters.FailedMailPageSize}
	var err error
	if p.Mail, err = loadPage(&p.Pager, func(page int) ([]letters.FailedMail, int, error) {
		return s.Letters.FailedMail(r.Context(), actorOf(r), page)
	}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staff_outbox", p)
}

// staffOutboxRetry queues an e-mail given up on again and says so; a
// letter's, which went to the postal batch, is not sent twice.
func (s *Server) staffOutboxRetry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	switch err := s.Letters.RetryMail(r.Context(), actorOf(r), id); {
	case errors.Is(err, letters.ErrLetterOnPaper):
		return s.flashRedirect(w, r, "/staff/outbox", "flash.outbox.letter")
	case err != nil:
		return err
	}
	return s.flashRedirect(w, r, "/staff/outbox", "flash.outbox.retried")
}
