package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/fault"
)

// handlerFunc is a route's handler: it writes the response, or returns an
// error for handle to show. A handler that has written anything returns
// nil.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// webError is an error with the status and the catalogue key of the
// message a user sees; Err, if any, is the cause the log records.
type webError struct {
	Status int
	Key    string
	Err    error
}

func (e *webError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("web: %d %s: %v", e.Status, e.Key, e.Err)
	}
	return fmt.Sprintf("web: %d %s", e.Status, e.Key)
}

func (e *webError) Unwrap() error { return e.Err }

// httpError is an error shown as the page for status with the message key.
func httpError(status int, key string) error { return &webError{Status: status, Key: key} }

// Errors handlers return often.
var (
	// errBadRequest: the request cannot be understood (a malformed form).
	errBadRequest = httpError(http.StatusBadRequest, "error.bad_request")
	// errForbidden: the user may not do this to this record.
	errForbidden = httpError(http.StatusForbidden, "error.forbidden")
)

// handle turns a handler's error into a page: "not found" (from any layer)
// into the 404 page, a webError into its status and message, and anything
// else into the generic 500 page, logged with the request id.
func (s *Server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		var we *webError
		switch {
		case err == nil:
		case errors.As(err, &we):
			if we.Err != nil {
				s.Logger.LogAttrs(r.Context(), slog.LevelDebug, "request refused",
					slog.String("request_id", stateOf(r).requestID), slog.Int("status", we.Status), slog.Any("err", we.Err))
			}
			s.renderError(w, r, we.Status, we.Key)
		case errors.Is(err, fault.ErrNotFound):
			s.notFound(w, r)
		default:
			s.fail(w, r, err)
		}
	}
}

// fieldErr returns the message for a form field, or "".
func fieldErr(errs []fieldError, field string) string {
	for _, e := range errs {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// wrapped is the route's handler with what the table declares of it: the
// body limit of a POST route, and no caching of a secret route's answers.
func (rt route) wrapped() handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if rt.maxBody > 0 {
			r.Body = http.MaxBytesReader(w, r.Body, rt.maxBody)
		}
		if rt.noStore {
			w.Header().Set("Cache-Control", "no-store")
		}
		if err := checkFormText(r); err != nil {
			return err
		}
		return rt.handler(w, r)
	}
}

// errCharacters: a query or form carries what no browser sends and no
// database column takes: bytes that are not UTF-8, or NUL.
var errCharacters = httpError(http.StatusBadRequest, "error.characters")

// checkFormText refuses a request whose query, or URL-encoded form, holds
// text that is not UTF-8 or holds NUL (a multipart form is checked where
// it is parsed, see parseMultipart). A URL-encoded form that cannot be
// read is errBadRequest, as the handlers that parse it themselves say.
func checkFormText(r *http.Request) error {
	if !textOK(r.URL.Query()) {
		return errCharacters
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method != http.MethodPost || ct != "application/x-www-form-urlencoded" {
		return nil
	}
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	if !textOK(r.PostForm) {
		return errCharacters
	}
	return nil
}

// textOK reports whether every name and value is UTF-8 without NUL.
func textOK(values map[string][]string) bool {
	for k, vs := range values {
		if !utf8.ValidString(k) || strings.IndexByte(k, 0) >= 0 {
			return false
		}
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
				return false
			}
		}
	}
	return true
}

// pathID reads a positive id from the path; anything else is "not found",
// since such a page cannot exist.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("web: path %s %q: %w", name, r.PathValue(name), fault.ErrNotFound)
	}
	return id, nil
}

// pathIDs reads two ids from the path, e.g. a thread and one of its files.
func pathIDs(r *http.Request, first, second string) (int64, int64, error) {
	a, err := pathID(r, first)
	if err != nil {
		return 0, 0, err
	}
	b, err := pathID(r, second)
	return a, b, err
}

// fail logs an internal error with the request id and shows the generic
// error page; the error text never reaches the user.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		// The client went away: nobody reads the page, and nothing failed.
		s.Logger.Debug("request cancelled", "request_id", stateOf(r).requestID, "path", r.URL.Path)
		return
	}
	s.Logger.LogAttrs(r.Context(), slog.LevelError, "internal error",
		slog.String("request_id", stateOf(r).requestID), slog.String("path", r.URL.Path), slog.Any("err", err))
	s.renderError(w, r, http.StatusInternalServerError, "error.internal")
}
