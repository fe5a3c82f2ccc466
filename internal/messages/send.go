package messages

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// Coops finds a premises among those a person may see, and a
// cooperative's own record (coop.Service).
type Coops interface {
	Holding(ctx context.Context, coopID, personID, premisesID int64, day civil.Date) (*coop.Holding, error)
	Get(ctx context.Context, id int64) (*coop.Cooperative, error)
}

// NewThread is what a resident writes to open a thread.
type NewThread struct {
	// PersonID is the resident; PremisesID one of their premises.
	PersonID, PremisesID int64
	// Correspondent is how the register names the resident.
	Correspondent string
	Topic         Topic
	Location      Location
	Subject, Body string
	Files         []uploads.File
}

// Filed is what the resident is told at once: the thread and the register
// number of the message.
type Filed struct {
	ThreadID, MessageID int64
	Register            string
}

// check validates a new thread.
func (n NewThread) check() error {
	topicOK := false
	for _, t := range Topics {
		topicOK = topicOK || t == n.Topic
	}
	var errs []error
	switch {
	case !topicOK:
		errs = append(errs, ErrTopic)
	case n.Topic == TopicFault && n.Location != InPremises && n.Location != InBuilding,
		n.Topic != TopicFault && n.Location != "":
		errs = append(errs, ErrLocation)
	}
	if strings.TrimSpace(n.Subject) == "" || utf8.RuneCountInString(n.Subject) > MaxSubject {
		errs = append(errs, ErrSubject)
	}
	// Every problem at once, so that the form shows them together.
	return errors.Join(append(errs, checkBody(n.Body, n.Files))...)
}

// checkBody validates a message's text and files.
func checkBody(body string, files []uploads.File) error {
	if strings.TrimSpace(body) == "" || len(body) > MaxBody {
		return ErrBody
	}
	return Attachments.CheckCount(len(files))
}

// Open files a resident's new thread with its first message, entered in
// the register (direction in, channel ebok) in the same transaction. The
// premises must be one the resident may see (else store.ErrNotFound).
func (s *Service) Open(ctx context.Context, by audit.Actor, n NewThread) (Filed, error) {
	if err := n.check(); err != nil {
		return Filed{}, err
	}
	h, err := s.Coops.Holding(ctx, by.CoopID, n.PersonID, n.PremisesID, s.today())
	if err != nil {
		return Filed{}, err
	}
	var f Filed
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO message_threads
			(coop_id, person_id, premises_id, estate_id, topic, department, subject, fault_location, status, created_at, updated_at, due_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id`,
			by.CoopID, n.PersonID, h.ID, h.EstateID, n.Topic, DepartmentOf(n.Topic), strings.TrimSpace(n.Subject),
			n.Location, StatusNew, now, DueOn(s.today())).Scan(&f.ThreadID); err != nil {
			return err
		}
		in := incoming{by: by, thread: f.ThreadID, personID: n.PersonID, userID: by.UserID, channel: register.EBOK,
			correspondent: n.Correspondent, subject: n.Subject, body: n.Body, files: n.Files}
		f.MessageID, f.Register, err = s.receive(ctx, tx, by.CoopID, in)
		return err
	})
	if err != nil {
		return Filed{}, fmt.Errorf("messages: open a thread: %w", err)
	}
	return f, nil
}

// Follow adds a resident's message to one of their threads (a closed
// thread opens again), entered in the register like the first.
func (s *Service) Follow(ctx context.Context, by audit.Actor, personID, threadID int64, correspondent, body string, files []uploads.File) (Filed, error) {
	if err := checkBody(body, files); err != nil {
		return Filed{}, err
	}
	f := Filed{ThreadID: threadID}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		t, err := s.thread(ctx, tx, by.CoopID, threadID)
		if err != nil {
			return err
		}
		if t.PersonID != personID {
			return store.ErrNotFound
		}
		in := incoming{by: by, thread: threadID, personID: personID, userID: by.UserID, channel: register.EBOK,
			correspondent: correspondent, subject: t.Subject, body: body, files: files}
		f.MessageID, f.Register, err = s.receive(ctx, tx, by.CoopID, in)
		return err
	})
	if err != nil {
		return Filed{}, fmt.Errorf("messages: follow thread %d: %w", threadID, err)
	}
	return f, nil
}

// incoming is a message in, as receive stores it.
type incoming struct {
	thread, personID, userID int64
	channel                  register.Channel
	correspondent, subject   string
	body, mailID             string
	files                    []uploads.File
	// by is who files it (the resident, or ebok for mail).
	by audit.Actor
}

// receive stores a message in with its files, enters it in the register
// and, when the thread owed no reply, starts the ReplyDays deadline (a
// waiting or closed thread becomes new again).
func (s *Service) receive(ctx context.Context, tx *store.Tx, coopID int64, in incoming) (int64, string, error) {
	now := s.now()
	if in.correspondent == "" {
		if err := tx.QueryRowContext(ctx, `SELECT first_name || ' ' || last_name FROM persons
			WHERE coop_id = $1 AND id = $2`, coopID, in.personID).Scan(&in.correspondent); err != nil {
			return 0, "", err
		}
	}
	var userID any
	if in.userID > 0 {
		userID = in.userID
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO messages (coop_id, thread_id, kind, channel, user_id, author, body, created_at, mail_id)
		VALUES ($1, $2, 'in', $3, $4, $5, $6, $7, $8) RETURNING id`,
		coopID, in.thread, string(in.channel), userID, in.correspondent, in.body, now, in.mailID).Scan(&id); err != nil {
		return 0, "", err
	}
	if err := storeFiles(ctx, tx, coopID, id, in.files); err != nil {
		return 0, "", err
	}
	e, err := s.Register.Enter(tx.Context(ctx), register.Entry{CoopID: coopID, Direction: register.In,
		Channel: in.channel, At: now, Correspondent: in.correspondent, Subject: in.subject,
		Source: "message", SourceID: id, PersonID: in.personID})
	if err != nil {
		return 0, "", err
	}
	if err := audit.Append(ctx, tx, in.by.Did(now, audit.MessageFiled, subject(in.thread),
		map[string]string{"register": e.Label(), "channel": string(in.channel)})); err != nil {
		return 0, "", err
	}
	_, err = tx.ExecContext(ctx, `UPDATE message_threads SET updated_at = $3,
		due_on = CASE WHEN due_on IS NULL THEN $4 ELSE due_on END,
		status = CASE WHEN status IN ('waiting', 'closed') THEN 'new' ELSE status END
		WHERE coop_id = $1 AND id = $2`, coopID, in.thread, now, DueOn(s.today()))
	return id, e.Label(), err
}

// storeFiles keeps a message's attachments.
func storeFiles(ctx context.Context, tx *store.Tx, coopID, messageID int64, files []uploads.File) error {
	for _, f := range files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO message_attachments
			(coop_id, message_id, filename, content_type, size, sha256, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			coopID, messageID, f.Filename, f.ContentType, len(f.Data), f.SHA256, f.Data); err != nil {
			return err
		}
	}
	return nil
}
