// Package letters is the letters-out half of e-Korespondencja: staff write
// a letter once (subject, body in simple markup, case number, PDF
// attachments), choose its recipients by a rule, and ebok sends each
// recipient their own PDF, by e-mail to those who consented to
// e-Korespondencja and on paper, in a postal batch, to everyone else.
//
// Letters to more than ApprovalThreshold recipients need a second staff
// member's approval. Every letter out is entered in the correspondence
// register (internal/register) in the transaction that queues it.
package letters

import (
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
)

// ApprovalThreshold is the most recipients a letter may have without a
// second staff member's approval.
const ApprovalThreshold = 100

// Kind is what a letter is about.
type Kind string

// The kinds of letter.
const (
	General       Kind = "general"
	FeeNotice     Kind = "fee_notice"
	DebtReminder  Kind = "debt_reminder"
	MeterNotice   Kind = "meter_notice"
	MeetingNotice Kind = "meeting_notice"
	Other         Kind = "other"
)

// Kinds lists every kind, in the order forms offer them.
func Kinds() []Kind {
	return []Kind{General, FeeNotice, DebtReminder, MeterNotice, MeetingNotice, Other}
}

// valid reports whether k is a known kind.
func (k Kind) valid() bool {
	for _, x := range Kinds() {
		if x == k {
			return true
		}
	}
	return false
}

// HasPayment reports whether letters of the kind carry the payment QR code
// and the premises' account number.
func (k Kind) HasPayment() bool { return k == FeeNotice || k == DebtReminder }

// Status is where a letter is in its life.
type Status string

// The statuses of a letter.
const (
	Draft    Status = "draft"
	Awaiting Status = "awaiting" // awaiting a second staff member's approval
	Approved Status = "approved"
	Sending  Status = "sending"
	Sent     Status = "sent"
)

// ChargeSource says who sets the charges a fee notice changes, which sets
// its notice period (USM art. 4 ust. 7 and 7¹).
type ChargeSource string

// The sources of charges.
const (
	CoopCharges    ChargeSource = "coop"    // the cooperative: 3 months, to the end of a month
	UtilityCharges ChargeSource = "utility" // utility suppliers: 14 days
)

// Letter is a letter as staff wrote it.
type Letter struct {
	ID, CoopID int64
	// EstateID is the estate whose administration wrote it (0: the whole
	// cooperative); they alone may see and send it.
	EstateID      int64
	Kind          Kind
	Subject       string
	Body          string
	CaseNo        string
	Place         string // where it is written, printed beside the date
	SignedReceipt bool   // sent on paper only: it needs a signed receipt
	EffectiveOn   civil.Date
	ChargeSource  ChargeSource
	Rule          Rule
	Status        Status
	Recipients    int // the count when last composed or sent
	CreatedBy     int64
	ApprovedBy    int64
	CreatedAt     time.Time
	SentAt        time.Time
}

// Attachment is a PDF sent with every copy of a letter.
type Attachment struct {
	Filename string
	Data     []byte
}

// Problem is a refusal or a warning a person can act on: a catalogue key
// and its arguments, shown in the user's language.
type Problem struct {
	Key  string
	Args []any
}

// Error is the problem's key and arguments, for logs.
func (p *Problem) Error() string { return fmt.Sprintf("letters: %s %v", p.Key, p.Args) }

// problem makes a Problem.
func problem(key string, args ...any) *Problem { return &Problem{Key: key, Args: args} }

// Service writes, approves and sends letters.
type Service struct {
	DB  *store.DB
	Now func() time.Time
	// Loc is the cooperative's zone: a letter's date is its day there.
	Loc       *time.Location
	Outbox    *mail.Outbox
	Register  *register.Service
	Documents *documents.Renderer
	Coops     *coop.Service
	// Catalogue words the e-mails that carry the letters (in Polish).
	Catalogue *i18n.Catalogue
	// Wake, when set, is called after a letter starts sending (the letters
	// worker's Wake).
	Wake func()
	// Consents records e-Korespondencja consents; SetConsent changes them
	// and the channel of letters on their way.
	Consents Consents
}

// today is the current day in the cooperative's zone.
func (s *Service) today() civil.Date { return civil.Today(s.Loc, s.Now()) }

// dbTime is t as stored: UTC, to the microsecond.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// amountArg formats an amount for a Problem's arguments.
func amountArg(a money.Amount) string { return strings.ReplaceAll(a.Format(), "\u00a0", " ") }
