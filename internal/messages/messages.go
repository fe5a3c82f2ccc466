// Package messages is the messages-in half of e-Korespondencja: residents
// write to the cooperative from ebok (a topic routed to a department, text
// and attachments; fault reports with their location), every message in is
// entered in the correspondence register in its transaction, and staff of
// the department answer, assign, set the status and keep internal notes,
// with a reply owed within ReplyDays days.
package messages

import (
	"context"
	"errors"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// ReplyDays is how many days staff have to answer a resident's message:
// the reply is due on the day of receipt plus ReplyDays, and overdue the
// day after.
const ReplyDays = 14

// Limits of what a resident or staff member types.
const (
	MaxSubject = 200
	MaxBody    = 20000
)

// Topic is what a resident writes about; it decides the department.
type Topic string

// The topics, in the order the form offers them.
const (
	TopicSettlements Topic = "settlements" // opłaty, rozliczenia
	TopicMembership  Topic = "membership"  // członkostwo, tytuł do lokalu
	TopicEstate      Topic = "estate"      // sprawy administracji osiedla
	TopicTechnical   Topic = "technical"   // sprawy techniczne
	TopicFault       Topic = "fault"       // awaria lub usterka
)

// Topics lists every topic.
var Topics = []Topic{TopicSettlements, TopicMembership, TopicEstate, TopicTechnical, TopicFault}

// Department is the part of the cooperative that answers a thread.
type Department string

// The departments.
const (
	DeptSettlements Department = "settlements"
	DeptMembership  Department = "membership"
	DeptEstate      Department = "estate"
	DeptTechnical   Department = "technical"
)

// Departments lists every department.
var Departments = []Department{DeptSettlements, DeptMembership, DeptEstate, DeptTechnical}

// DepartmentOf routes a topic: faults and technical matters go to the
// technical department, the rest to the department of the same name.
func DepartmentOf(t Topic) Department {
	if t == TopicFault {
		return DeptTechnical
	}
	return Department(t)
}

// Location is where a fault is.
type Location string

// The locations of a fault.
const (
	InPremises Location = "premises"
	InBuilding Location = "building"
)

// Status is where a thread stands.
type Status string

// The statuses.
const (
	StatusNew        Status = "new"
	StatusInProgress Status = "in_progress"
	StatusWaiting    Status = "waiting" // waiting for the resident
	StatusClosed     Status = "closed"
)

// Statuses lists every status.
var Statuses = []Status{StatusNew, StatusInProgress, StatusWaiting, StatusClosed}

// Errors of the service; the web maps them to messages.
var (
	// ErrTopic: no such topic.
	ErrTopic = errors.New("messages: unknown topic")
	// ErrLocation: a fault report without its location (or a location on
	// another topic).
	ErrLocation = errors.New("messages: a fault needs its location")
	// ErrSubject: the subject is empty or too long.
	ErrSubject = errors.New("messages: subject required")
	// ErrBody: the text is empty or too long.
	ErrBody = errors.New("messages: text required")
	// ErrStatus: no such status.
	ErrStatus = errors.New("messages: unknown status")
	// ErrAssignee: the staff member cannot take threads of this department.
	ErrAssignee = errors.New("messages: assignee not of the department")
)

// Attachments is the upload policy of messages (uploads.Messages: JPEG,
// PNG or PDF, up to 10 MB each, at most 3 files).
var Attachments = uploads.Messages

// Consents tells whether a person consented to e-Korespondencja
// (access.Service does).
type Consents interface {
	CurrentConsent(ctx context.Context, coopID, personID int64) (access.Consent, error)
}

// Service files residents' messages and serves staff's desk.
type Service struct {
	DB  *store.DB
	Now func() time.Time
	// Loc is the cooperative's zone: reply deadlines are its days.
	Loc      *time.Location
	Register *register.Service
	// Coops checks that a resident writes about their own premises, and
	// heads the PDF of a reply.
	Coops Coops
	// Outbox, Consents and Documents e-mail staff replies, as a PDF, to
	// residents who consented to e-Korespondencja (nil Outbox: no e-mail).
	Outbox    *mail.Outbox
	Consents  Consents
	Documents *documents.Renderer
	// Applications files the applications staff make of mailed forms.
	Applications Applications
	// Bounces hears of the failures of mail ebok sent, read from the
	// mailbox (nil: returned mail goes to staff's triage list).
	Bounces Bounces
	// Letters finds the letter a resident's e-mail answers, so that the
	// answer opens that letter's thread (nil: such mail opens an estate
	// administration thread like any other).
	Letters LetterAnswers
	// Catalogue words the e-mailed replies (in Polish).
	Catalogue *i18n.Catalogue
}

// now is the service's clock in UTC, to the microsecond both engines keep.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// today is the cooperative's day now.
func (s *Service) today() civil.Date { return civil.Today(s.Loc, s.Now()) }

// DueOn is the day a reply to a message received on day is due.
func DueOn(received civil.Date) civil.Date { return received.AddDays(ReplyDays) }

// Overdue reports whether a reply due on due is late on today (never when
// no reply is owed).
func Overdue(due, today civil.Date) bool { return !due.IsZero() && today.After(due) }
