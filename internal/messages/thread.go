package messages

import (
	"time"

	"github.com/ebok/ebok/internal/civil"
)

// Thread is a resident's correspondence with the cooperative on one
// matter.
type Thread struct {
	ID, CoopID, PersonID, PremisesID, EstateID int64
	Topic                                      Topic
	Department                                 Department
	Subject                                    string
	Location                                   Location // faults only
	Status                                     Status
	// AssignedTo is the staff member handling the thread (0: nobody);
	// AssignedName is their display name.
	AssignedTo   int64
	AssignedName string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// DueOn is the day a reply is due; zero when none is owed.
	DueOn civil.Date
	// Register is the register number of the thread's first message,
	// "12/2026".
	Register string
	// Resident and Address name the resident and the premises (for staff),
	// and PremisesKind is the premises' kind ("flat", "garage"…): a garage
	// and a parking space may share an address.
	Resident, Address, PremisesKind string
	// LetterID is the letter the thread answers (0: none); a ThreadView
	// also names the resident's copy of it (LetterCopy).
	LetterID int64
}

// IsFault reports whether the thread is a fault report.
func (t Thread) IsFault() bool { return t.Topic == TopicFault }

// OverdueOn reports whether the thread's reply is late on day.
func (t Thread) OverdueOn(day civil.Date) bool {
	return t.Status != StatusClosed && t.Status != StatusWaiting && Overdue(t.DueOn, day)
}

// Kind is what a message of a thread is.
type Kind string

// The kinds of message.
const (
	KindIn    Kind = "in"    // the resident's, entered in the register
	KindReply Kind = "reply" // staff's answer, shown to the resident
	KindNote  Kind = "note"  // staff's internal note, never shown to the resident
)

// Message is one message of a thread.
type Message struct {
	ID, ThreadID int64
	Kind         Kind
	Channel      string // "ebok" or "email"
	UserID       int64
	Author       string
	Body         string
	At           time.Time
	// Register is the register number of a message in, "" otherwise.
	Register    string
	Attachments []Attachment
}

// Attachment is a file of a message (without its content).
type Attachment struct {
	ID, MessageID int64
	Filename      string
	ContentType   string
	Size          int64
}

// ThreadView is a thread with its messages, oldest first.
type ThreadView struct {
	Thread
	Messages []Message
	// LetterCopy is the resident's copy of the letter answered, as their
	// inbox names it (0: none).
	LetterCopy int64
}
