package web

import (
	"errors"
	"net/http"
)

// parseMultipart reads a multipart form, holding up to maxMemory bytes of
// its files in memory and the rest in temporary files, which dropForm
// removes. A form that cannot be read is errBadRequest; tooBig tells
// whether it was a body over the route's limit, for a handler that says
// so in its own words.
func parseMultipart(r *http.Request, maxMemory int64) (tooBig bool, err error) {
	if err := r.ParseMultipartForm(maxMemory); err != nil {
		var overLimit *http.MaxBytesError
		return errors.As(err, &overLimit), errBadRequest
	}
	if !textOK(r.MultipartForm.Value) {
		return false, errCharacters
	}
	return false, nil
}

// parseAnyForm reads a form sent either as multipart or URL-encoded (the
// URL-encoded one is read and checked before the handler, see
// checkFormText): one that cannot be read is errBadRequest, one with text
// that is not UTF-8 or holds NUL errCharacters.
func parseAnyForm(r *http.Request, maxMemory int64) error {
	err := r.ParseMultipartForm(maxMemory)
	switch {
	case errors.Is(err, http.ErrNotMultipart):
		return nil
	case err != nil:
		return errBadRequest
	case !textOK(r.MultipartForm.Value):
		return errCharacters
	}
	return nil
}

// dropForm removes a multipart form's temporary files.
func (s *Server) dropForm(r *http.Request) {
	if r.MultipartForm == nil {
		return
	}
	if err := r.MultipartForm.RemoveAll(); err != nil {
		s.Logger.Warn("remove upload temporary files", "request_id", stateOf(r).requestID, "err", err)
	}
}

// recordAction is a staff form acting on the record of the path ({id}):
// act reads the form and asks the service, a refusal among known is a 422
// page with its message, and success goes back to the address next gives.
func recordAction(known refusals, act func(r *http.Request, id int64) error, next func(r *http.Request, id int64) string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := act(r, id); err != nil {
			return known.page422(err)
		}
		http.Redirect(w, r, next(r, id), http.StatusSeeOther)
		return nil
	}
}

// formPage is a page with a form that shows a refusal at its field.
type formPage interface {
	refuse([]fieldError)
}

// answerForm answers a form once the service was asked: err, when it is
// one or more refusals among known, shows page (the template name) again
// at 422 with each message at its field; another error comes back; success goes on to
// next.
func (s *Server) answerForm(w http.ResponseWriter, r *http.Request, name string, page formPage, known fieldRefusals, err error, next string) error {
	if fes := known.fieldErrors(s.Catalogue.For(stateOf(r).lang), err); len(fes) > 0 {
		return s.showRefused(w, r, name, page, fes)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// showRefused shows page (the template name) again, at 422, with the
// problems at their fields.
func (s *Server) showRefused(w http.ResponseWriter, r *http.Request, name string, page formPage, fes []fieldError) error {
	page.refuse(fes)
	return s.render(w, r, http.StatusUnprocessableEntity, name, page)
}
