package library

import (
	"errors"
	"time"

	"github.com/ebok/ebok/internal/civil"
)

// Category is the kind of document, as art. 8¹ lists them.
type Category string

// The categories.
const (
	Statute             Category = "statute"
	Regulations         Category = "regulations"
	Resolutions         Category = "resolutions"
	Minutes             Category = "minutes"
	AuditReports        Category = "audit_reports"
	FinancialStatements Category = "financial_statements"
	Contracts           Category = "contracts"
	OtherCategory       Category = "other"
)

// Categories lists every category in the order pages show them.
func Categories() []Category {
	return []Category{Statute, Regulations, Resolutions, Minutes, AuditReports, FinancialStatements, Contracts, OtherCategory}
}

// Body is the cooperative's body that issued a document.
type Body string

// The bodies.
const (
	GeneralMeeting   Body = "general_meeting"
	SupervisoryBoard Body = "supervisory_board"
	Board            Body = "board"
	OtherBody        Body = "other"
)

// Bodies lists every body in the order pages show them.
func Bodies() []Body { return []Body{GeneralMeeting, SupervisoryBoard, Board, OtherBody} }

// Status is where a document stands.
type Status string

// The statuses.
const (
	InForce    Status = "in_force"
	Archived   Status = "archived"
	Repealed   Status = "repealed"
	Superseded Status = "superseded"
)

// Statuses lists every status in the order pages show them.
func Statuses() []Status { return []Status{InForce, Archived, Repealed, Superseded} }

// Visibility says who, besides staff, may open a document.
type Visibility string

// The visibilities.
const (
	// Public documents are open to anyone, without logging in.
	Public Visibility = "public"
	// Members documents are open to current members (IKCS logins whose
	// membership is in force on the day).
	Members Visibility = "members"
	// Residents documents are open to members and to E-BOK logins.
	Residents Visibility = "residents"
)

// Visibilities lists every visibility in the order forms show them.
func Visibilities() []Visibility { return []Visibility{Public, Members, Residents} }

// Errors the service returns for bad input; forms map them to messages.
var (
	// ErrInvalid: a required field is missing or a value is not one of
	// its kind.
	ErrInvalid = errors.New("library: invalid document")
	// ErrNotPDF: the upload is not a PDF the upload policy accepts.
	ErrNotPDF = errors.New("library: not an acceptable PDF")
	// ErrSupersede: a document cannot supersede itself or one of another
	// cooperative.
	ErrSupersede = errors.New("library: invalid supersession")
)

// Document is one document of the library.
type Document struct {
	ID       int64
	CoopID   int64
	Category Category
	Body     Body
	// Number is the document's own number, e.g. "12/2026".
	Number string
	Title  string
	// AdoptedOn, EffectiveOn are the days it was adopted and took effect.
	AdoptedOn, EffectiveOn civil.Date
	// PublishAt is when it becomes visible to people other than staff.
	PublishAt time.Time
	Status    Status
	// SupersededBy is the document that replaced it (0: none).
	SupersededBy int64
	// EstateID is the estate it concerns (0: the whole cooperative), and
	// EstateName its name.
	EstateID     int64
	EstateName   string
	Visibility   Visibility
	PersonalData bool
	// ShownFileID is the file people other than staff see (0: none yet).
	ShownFileID int64
	CreatedAt   time.Time
	// NotifyMembers: staff asked for an e-mail to members about it;
	// MembersNotifiedAt is when it went (zero: not yet) and MembersNotified
	// to how many addresses (notify.go).
	NotifyMembers     bool
	MembersNotifiedAt time.Time
	MembersNotified   int
}

// File is one version of a document's PDF, without its bytes.
type File struct {
	ID         int64
	DocumentID int64
	Version    int
	Anonymised bool
	Filename   string
	Size       int64
	SHA256     string
	// HasText is false for a PDF with no text layer (a scan).
	HasText bool
	// Extractor names what read the text ("pdftotext", "none").
	Extractor  string
	UploadedAt time.Time
	UploadedBy string
}

// Details is a document as its page shows it: its files (those the reader
// may see), the documents it supersedes and the one that superseded it.
type Details struct {
	Document
	Files        []File
	Supersedes   []Document
	SupersededBy *Document
	// On is the day asked about, and InForce the version in force on it
	// (nil: none); both empty unless GetOn was given a day.
	On      civil.Date
	InForce *Document
	// Estates are the cooperative's estates, for staff editing (nil for
	// anyone else).
	Estates []Estate
}

// Estate is an estate a document may concern.
type Estate struct {
	ID   int64
	Name string
}

// StaffView is the staff's library page: the documents found and the
// estates the publication form offers.
type StaffView struct {
	Hits    []Hit
	Estates []Estate
}

// Draft is what staff fill in to publish or change a document.
type Draft struct {
	Category     Category
	Body         Body
	Number       string
	Title        string
	AdoptedOn    civil.Date
	EffectiveOn  civil.Date
	PublishAt    time.Time // zero: now
	EstateID     int64
	Visibility   Visibility
	PersonalData bool
	// NotifyMembers asks for an e-mail to members once the document is
	// visible to them (notify.go).
	NotifyMembers bool
}

// Upload is a PDF staff attach to a document.
type Upload struct {
	Filename string
	Data     []byte
	// Anonymised marks the anonymised version of a document carrying
	// personal data.
	Anonymised bool
}
