package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/meeting"
)

// meetingRefusals are the meeting forms' known refusals.
var meetingRefusals = refusalsOf("meeting")

// draftRefusals are those of a member's draft resolution: an incomplete one
// is told in the member's words (meeting.error.invalid is the staff's,
// about calling a meeting); the first match wins.
var draftRefusals = append(refusals{{meeting.ErrInvalid, "meeting.error.draft"}}, meetingRefusals...)

// meetingDone are the notices shown after a staff or member action
// (?done=…), each a catalogue key.
var meetingDone = map[string]string{
	"created": "meeting.done.created", "notice": "meeting.done.notice", "item": "meeting.done.item",
	"votes": "meeting.done.votes", "results": "meeting.done.results", "draft": "meeting.done.draft",
}

// maxMeetingPartsShown is how many parts the staff's form offers.
const maxMeetingPartsShown = 4

// meetingsPage lists meetings (and, for staff, the form to create one).
type meetingsPage struct {
	Page
	Base     string
	Meetings []meeting.Meeting
	Estates  []meeting.Estate
	// PartSlots number the part rows of the form (1…4).
	PartSlots []int
	Today     civil.Date
}

// meetingPage is one meeting for a member or staff.
type meetingPage struct {
	Page
	Base  string
	View  meeting.View
	Today civil.Date
	// Done is the notice of the action just taken ("" none); Error the
	// refusal of the member's draft with what was typed kept.
	Done, Error           string
	DraftTitle, DraftBody string
	Zone                  *time.Location
}

// Late reports whether the notice is late (staff are warned).
func (p meetingPage) Late() bool { return p.View.NoticeLate(p.Today) }

// Late reports whether a meeting's notice is late on the page's day.
func (p meetingsPage) Late(m meeting.Meeting) bool { return m.NoticeLate(p.Today) }

// meetingBase is /ikcs/meetings or /staff/meetings.
func meetingBase(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/staff/") {
		return "/staff/meetings"
	}
	return "/ikcs/meetings"
}

// filerOf is the member logged in, as the meeting service sees them.
func filerOf(r *http.Request) meeting.Filer {
	a := actorOf(r)
	f := meeting.Filer{CoopID: a.CoopID, UserID: a.UserID, Name: a.Name}
	if u := stateOf(r).user(); u != nil {
		f.PersonID = u.PersonID
	}
	return f
}

// meetingsList lists the meetings: members those whose notice is out,
// staff all with the form to create one.
func (s *Server) meetingsList(w http.ResponseWriter, r *http.Request) error {
	base := meetingBase(r)
	staff := base == "/staff/meetings"
	ms, err := s.Meetings.List(r.Context(), actorOf(r).CoopID, staff)
	if err != nil {
		return err
	}
	p := meetingsPage{Page: s.page(r, "meeting.list_title"), Base: base, Meetings: ms, Today: s.Meetings.Today(),
		PartSlots: []int{1, 2, 3, 4}[:maxMeetingPartsShown]}
	p.Section = "meetings"
	if staff {
		p.Section = "staff_meetings"
		if p.Estates, err = s.Meetings.Estates(r.Context(), actorOf(r).CoopID); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "meetings", p)
}

// meetingShow is one meeting: a member's view from its notice, staff's always.
func (s *Server) meetingShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderMeeting(w, r, id, http.StatusOK, "", "", "")
}

// renderMeeting renders a meeting's page, with a member's refused draft.
func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, id int64, status int, errKey, title, body string) error {
	base := meetingBase(r)
	var v meeting.View
	var err error
	if base == "/staff/meetings" {
		v, err = s.Meetings.ForStaff(r.Context(), actorOf(r).CoopID, id)
	} else {
		v, err = s.Meetings.ForMember(r.Context(), filerOf(r), id)
	}
	if err != nil {
		return err
	}
	p := meetingPage{Page: s.page(r, "meeting.list_title"), Base: base, View: v, Today: s.Meetings.Today(),
		DraftTitle: title, DraftBody: body, Zone: s.Config.TimeZone}
	p.Title = v.Title
	p.Section = "meetings"
	if base == "/staff/meetings" {
		p.Section = "staff_meetings"
	}
	if k, ok := meetingDone[r.URL.Query().Get("done")]; ok {
		p.Done = p.L.T(k)
	}
	if errKey != "" {
		p.Error = p.L.T(errKey)
	}
	return s.render(w, r, status, "meeting", p)
}

// backToMeeting sends the user back to the meeting with a notice.
func backToMeeting(w http.ResponseWriter, r *http.Request, id int64, done string) error {
	http.Redirect(w, r, meetingURL(r, id, done), http.StatusSeeOther)
	return nil
}

// meetingURL is the meeting's page with the notice done.
func meetingURL(r *http.Request, id int64, done string) string {
	return meetingBase(r) + "/" + strconv.FormatInt(id, 10) + "?done=" + done
}

// meetingAction is a staff form on the meeting of the path: act reads it
// and asks the service, and the meeting shows the notice done after.
func meetingAction(done string, act func(r *http.Request, id int64) error) handlerFunc {
	return recordAction(meetingRefusals, act, func(r *http.Request, id int64) string { return meetingURL(r, id, done) })
}

// meetingRefused turns a known refusal into a 422 page with its message.
func meetingRefused(err error) error {
	return meetingRefusals.page422(err)
}

// staffMeetingCreate records a meeting from the form: up to four parts,
// each with day, hour, place and estates; unused rows are left empty.
func (s *Server) staffMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	d := meeting.Draft{Title: r.PostFormValue("title")}
	for i := 1; i <= maxMeetingPartsShown; i++ {
		n := strconv.Itoa(i)
		dayText, place := r.PostFormValue("part"+n+"_day"), r.PostFormValue("part"+n+"_place")
		if dayText == "" && strings.TrimSpace(place) == "" {
			continue
		}
		day, err := civil.Parse(dayText)
		if err != nil {
			return httpError(http.StatusUnprocessableEntity, "meeting.error.invalid")
		}
		p := meeting.PartInput{Day: day, Hour: r.PostFormValue("part" + n + "_hour"), Place: place}
		for _, v := range r.PostForm["part"+n+"_estate"] {
			e, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return httpError(http.StatusUnprocessableEntity, "meeting.error.estates")
			}
			p.Estates = append(p.Estates, e)
		}
		d.Parts = append(d.Parts, p)
	}
	m, err := s.Meetings.Create(r.Context(), actorOf(r), d)
	if err != nil {
		return meetingRefused(err)
	}
	return backToMeeting(w, r, m.ID, "created")
}

// staffMeetingNotice records that the notice went out today (meetingAction).
func (s *Server) staffMeetingNotice(r *http.Request, id int64) error {
	return s.Meetings.SendNotice(r.Context(), actorOf(r), id)
}

// staffMeetingItem attaches a draft resolution or a report with its PDF
// (meetingAction).
func (s *Server) staffMeetingItem(r *http.Request, id int64) error {
	if _, err := parseMultipart(r, 1<<20); err != nil {
		return err
	}
	defer s.dropForm(r)
	filename, data, err := formPDF(r, "meeting.error.pdf")
	if err != nil {
		return err
	}
	_, err = s.Meetings.AddItem(r.Context(), actorOf(r), id, meeting.ItemKind(r.PostFormValue("kind")),
		r.PostFormValue("number"), r.PostFormValue("title"), filename, data)
	return err
}

// staffMeetingVotes records the votes on a resolution in one part
// (meetingAction).
func (s *Server) staffMeetingVotes(r *http.Request, id int64) error {
	nums := make([]int, 5)
	for i, name := range []string{"item", "part", "for", "against", "abstaining"} {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
		if err != nil {
			return httpError(http.StatusUnprocessableEntity, "meeting.error.invalid")
		}
		nums[i] = n
	}
	return s.Meetings.RecordVotes(r.Context(), actorOf(r), id, int64(nums[0]), nums[1],
		meeting.Votes{For: nums[2], Against: nums[3], Abstaining: nums[4]})
}

// staffMeetingResults publishes the results, with the minutes' document
// (meetingAction).
func (s *Server) staffMeetingResults(r *http.Request, id int64) error {
	var minutes int64
	if v := strings.TrimSpace(r.PostFormValue("minutes")); v != "" {
		var err error
		if minutes, err = strconv.ParseInt(v, 10, 64); err != nil || minutes < 0 {
			return httpError(http.StatusUnprocessableEntity, "meeting.error.reference")
		}
	}
	return s.Meetings.PublishResults(r.Context(), actorOf(r), id, minutes)
}

// meetingItemFile sends a material's PDF (members from the notice).
func (s *Server) meetingItemFile(w http.ResponseWriter, r *http.Request) error {
	id, item, err := pathIDs(r, "id", "item")
	if err != nil {
		return err
	}
	f := filerOf(r)
	staff := meetingBase(r) == "/staff/meetings"
	w.Header().Set("Cache-Control", "private, no-store")
	return s.sendFile(w, r)(s.Meetings.ItemFile(r.Context(), f.CoopID, f.PersonID, staff, id, item))
}

// memberMeetingDraft files a member's draft resolution; a refusal shows
// the meeting again with the message and what was typed.
func (s *Server) memberMeetingDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	title, body := r.PostFormValue("title"), r.PostFormValue("body")
	if _, err := s.Meetings.FileDraft(r.Context(), filerOf(r), id, title, body); err != nil {
		key, err := draftRefusals.explain(err)
		if err != nil {
			return err
		}
		return s.renderMeeting(w, r, id, http.StatusUnprocessableEntity, key, title, body)
	}
	return backToMeeting(w, r, id, "draft")
}

// meetingReceipt is the PDF receipt of a draft: the member's own, or any
// for staff.
func (s *Server) meetingReceipt(w http.ResponseWriter, r *http.Request) error {
	id, draft, err := pathIDs(r, "id", "draft")
	if err != nil {
		return err
	}
	f := filerOf(r)
	person := f.PersonID
	if meetingBase(r) == "/staff/meetings" {
		person = 0
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return s.sendFile(w, r)(s.Meetings.Receipt(r.Context(), f.CoopID, person, id, draft))
}

// Stamp shows an instant as a Polish date and time in the cooperative's zone.
func (p meetingPage) Stamp(t time.Time) string { return t.In(p.Zone).Format("02.01.2006 15:04:05") }
