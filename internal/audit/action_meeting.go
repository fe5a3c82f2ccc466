package audit

// The general meeting, with Subject "meeting:<id>".
const (
	// MeetingChanged: staff created a meeting, sent its notice, attached a
	// material, recorded votes or published the results; Details say which.
	MeetingChanged Action = "meeting.changed"
	// MeetingDraftFiled: a member filed a draft resolution in IKCS.
	MeetingDraftFiled Action = "meeting.draft_filed"
)
