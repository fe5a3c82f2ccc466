package meeting

import (
	"errors"
	"time"

	"github.com/ebok/ebok/internal/civil"
)

// The statutory periods of art. 8³, in days before the first part.
const (
	// NoticeDays: the notice goes out at least this many days before the
	// first part (ust. 6).
	NoticeDays = 21
	// DraftDays: members file draft resolutions no later than this many
	// days before the first part (ust. 11).
	DraftDays = 15
)

// ItemKind is what a meeting's material is.
type ItemKind string

// The kinds of material.
const (
	// Resolution is a draft resolution put to the vote.
	Resolution ItemKind = "resolution"
	// Report is a report (board's, supervisory board's, audit) members read.
	Report ItemKind = "report"
)

// Errors the service returns; forms map them to messages.
var (
	// ErrInvalid: a required field is missing or a value is out of range.
	ErrInvalid = errors.New("meeting: invalid input")
	// ErrEstates: an estate is listed in two parts, or a part of a meeting
	// held in several parts lists no estate.
	ErrEstates = errors.New("meeting: every estate votes in one part")
	// ErrDeadline: the time for members' draft resolutions is over.
	ErrDeadline = errors.New("meeting: the deadline for draft resolutions has passed")
	// ErrNotMember: only a current member files draft resolutions.
	ErrNotMember = errors.New("meeting: not a current member")
	// ErrNotPDF: the material is not a PDF the upload policy accepts.
	ErrNotPDF = errors.New("meeting: not an acceptable PDF")
	// ErrNotResolution: votes are recorded on resolutions only.
	ErrNotResolution = errors.New("meeting: votes on a resolution only")
)

// PartInput is one part as staff enter it.
type PartInput struct {
	// Day, Hour ("17:00") and Place of the part.
	Day   civil.Date
	Hour  string
	Place string
	// Estates vote in this part (none: everyone, for a meeting in one part).
	Estates []int64
}

// Draft is a meeting as staff create it.
type Draft struct {
	Title string
	Parts []PartInput
}

// Part is one part of a meeting.
type Part struct {
	ID     int64
	Number int
	Day    civil.Date
	Hour   string
	Place  string
	// Estates are the names of the estates voting in the part.
	Estates []string
}

// Meeting is a general meeting with its parts.
type Meeting struct {
	ID     int64
	CoopID int64
	Title  string
	Parts  []Part
	// NoticeOn is the day the notice went out (zero: not yet).
	NoticeOn civil.Date
	// ResultsAt is when the results were published (zero: not yet).
	ResultsAt time.Time
	// MinutesID is the minutes' document in the library (0: none).
	MinutesID int64
	CreatedAt time.Time
}

// FirstDay is the day of the first part.
func (m Meeting) FirstDay() civil.Date {
	if len(m.Parts) == 0 {
		return civil.Date{}
	}
	return m.Parts[0].Day
}

// LastNoticeDay is the last day the notice may lawfully go out: the first
// part's day minus 21 days.
func (m Meeting) LastNoticeDay() civil.Date { return m.FirstDay().AddDays(-NoticeDays) }

// DraftDeadline is the last day members may file draft resolutions: the
// first part's day minus 15 days.
func (m Meeting) DraftDeadline() civil.Date { return m.FirstDay().AddDays(-DraftDays) }

// NoticeLate reports whether the notice is (or, unsent, would be on day)
// later than the law allows.
func (m Meeting) NoticeLate(day civil.Date) bool {
	if !m.NoticeOn.IsZero() {
		return m.NoticeOn.After(m.LastNoticeDay())
	}
	return day.After(m.LastNoticeDay())
}

// Item is a material of a meeting, without its PDF.
type Item struct {
	ID       int64
	Kind     ItemKind
	Number   string
	Title    string
	Filename string
	// Result is the sum of the votes (resolutions only).
	Result Result
}

// Votes are the votes cast on a resolution in one part.
type Votes struct {
	For, Against, Abstaining int
}

// Result is a resolution's votes summed across the parts.
type Result struct {
	Votes
	// PartsCounted is how many parts have recorded votes; Complete is set
	// when every part has.
	PartsCounted int
	Complete     bool
	// Passed: more votes for than against (an ordinary majority of the
	// votes cast, abstentions not counted), known once Complete.
	Passed bool
	// ByPart are the votes part by part (indexed by part number - 1;
	// nil where not recorded).
	ByPart []*Votes
}

// FiledDraft is a member's draft resolution.
type FiledDraft struct {
	ID        int64
	MeetingID int64
	PersonID  int64
	// Member is the member's name (for staff).
	Member  string
	Title   string
	Body    string
	FiledAt time.Time
}

// Filer is the member filing a draft: login and person.
type Filer struct {
	CoopID, UserID, PersonID int64
	Name                     string
}

// View is a meeting with what its reader may see.
type View struct {
	Meeting
	Items []Item
	// Drafts are the reader's own drafts (a member) or all of them (staff).
	Drafts []FiledDraft
	// MayFile is set while a member may still file a draft.
	MayFile bool
	// ResultsShown is set when the reader sees the results.
	ResultsShown bool
	// MyPart is the number of the part the member votes in (0: unknown).
	MyPart int
}
