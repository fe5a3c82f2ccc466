package web

import (
	"fmt"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/uploads"
)

// maxMessageBody bounds a message with its files: as many as a message may
// carry, each at its largest, and 1 MB for the rest.
var maxMessageBody = int64(messages.Attachments.MaxFiles)*messages.Attachments.MaxBytes + 1<<20

// threadsPage is a resident's correspondence with the cooperative.
type threadsPage struct {
	Page
	Threads []messages.Thread
}

// messageForm is a new message as the resident typed it.
type messageForm struct {
	Page
	Holdings []coop.Holding
	Topics   []messages.Topic
	Premises int64
	Topic    messages.Topic
	Location messages.Location
	Subject  string
	Body     string
	Errors   []fieldError
}

// Err is the problem of a field, "" when none.
func (p messageForm) Err(field string) string { return fieldErr(p.Errors, field) }

// refuse shows the form's problems at their fields.
func (p *messageForm) refuse(fes []fieldError) { p.Errors = fes }

// residentMessages lists the resident's threads.
func (s *Server) residentMessages(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	p := threadsPage{Page: s.page(r, "messages.title")}
	p.Section = "messages"
	var err error
	if p.Threads, err = s.Messages.Mine(r.Context(), u.CoopID, u.PersonID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "messages", p)
}

// newMessageForm builds the form with the resident's premises.
func (s *Server) newMessageForm(r *http.Request) (messageForm, error) {
	u := stateOf(r).user()
	p := messageForm{Page: s.page(r, "messages.new.title"), Topics: messages.Topics}
	p.Section = "messages"
	var err error
	p.Holdings, err = s.Coops.Holdings(r.Context(), u.CoopID, u.PersonID, s.today())
	if len(p.Holdings) == 1 {
		p.Premises = p.Holdings[0].ID
	}
	return p, err
}

// residentMessageForm shows the form of a new message.
func (s *Server) residentMessageForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newMessageForm(r)
	if err != nil {
		return err
	}
	p.Topic = messages.Topic(r.URL.Query().Get("topic"))
	return s.render(w, r, http.StatusOK, "message_new", p)
}

// residentMessageSend files a new message and opens its thread, which
// shows the register number.
func (s *Server) residentMessageSend(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newMessageForm(r)
	if err != nil {
		return err
	}
	read := func() {
		p.Premises, _ = parseID(r.PostFormValue("premises"))
		p.Topic, p.Location = messages.Topic(r.PostFormValue("topic")), messages.Location(r.PostFormValue("location"))
		p.Subject, p.Body = r.PostFormValue("subject"), r.PostFormValue("body")
		if p.Topic != messages.TopicFault {
			p.Location = ""
		}
	}
	send := func(files []uploads.File) (string, error) {
		u := stateOf(r).user()
		filed, err := s.Messages.Open(r.Context(), actorOf(r), messages.NewThread{PersonID: u.PersonID, PremisesID: p.Premises,
			Correspondent: u.DisplayName, Topic: p.Topic, Location: p.Location, Subject: p.Subject, Body: p.Body, Files: files})
		return fmt.Sprintf("/ebok/messages/%d?sent=%d", filed.ThreadID, filed.MessageID), err
	}
	return s.postMessage(w, r, "message_new", &p, read, send)
}

// postMessage reads a message form with its files and files the message:
// read takes what was typed into page, send files it and returns the
// address of its thread. A bad file, or a refusal of the message, shows
// page (the template name) again with the problem at its field.
func (s *Server) postMessage(w http.ResponseWriter, r *http.Request, name string, page formPage, read func(),
	send func([]uploads.File) (string, error)) error {
	l := s.Catalogue.For(stateOf(r).lang)
	files, fileErr, err := s.parseMessage(r, l)
	if err != nil {
		return err
	}
	defer s.dropForm(r)
	read()
	if fileErr != "" {
		return s.showRefused(w, r, name, page, []fieldError{{Field: "files", Message: fileErr}})
	}
	thread, err := send(files)
	return s.answerForm(w, r, name, page, messageRefusals, err, thread)
}

// messageRefusals are the service's refusals of a message, at the field
// they concern.
var messageRefusals = fieldRefusals{
	{messages.ErrTopic, "topic", "messages.error.topic"},
	{messages.ErrLocation, "location", "messages.error.location"},
	{messages.ErrSubject, "subject", "messages.error.subject"},
	{messages.ErrBody, "body", "messages.error.body"},
	{uploads.ErrTooMany, "files", "messages.error.files.count"},
	{fault.ErrNotFound, "premises", "messages.error.premises"},
}

// parseMessage reads a multipart message form and checks its files; a bad
// file is the message returned second, a form that cannot be read an error.
func (s *Server) parseMessage(r *http.Request, l *i18n.Localizer) ([]uploads.File, string, error) {
	tooBig, err := parseMultipart(r, 1<<20)
	if tooBig {
		return nil, "", httpError(http.StatusRequestEntityTooLarge, "messages.error.too_big")
	}
	if err != nil {
		return nil, "", err
	}
	files, msg := readMessageFiles(r.MultipartForm.File["files"], l)
	return files, msg, nil
}

// readMessageFiles checks a message's files by their content (none is
// fine); it returns the message of the first bad file.
func readMessageFiles(fhs []*multipart.FileHeader, l *i18n.Localizer) ([]uploads.File, string) {
	policy := messages.Attachments
	var out []uploads.File
	for _, fh := range fhs {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		if len(out) == policy.MaxFiles {
			return nil, l.T("messages.error.files.count")
		}
		u, err := checkUpload(fh, policy)
		if err != nil {
			return nil, l.T("messages.error.files."+uploadProblem(err), fh.Filename)
		}
		out = append(out, u)
	}
	return out, ""
}

// parseID reads a positive id, in decimal digits, from a form value.
func parseID(v string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return id, err == nil && id > 0
}
