package audit

// The general meeting, with Subject "meeting:<id>".
const (
	// MeetingChanged: staff created a meeting, sent its notice, attached a
	// material, recorded votes or published the results; Details say which.
	MeetingChanged Action = "meeting.changed"
	// MeetingDraftFiled: a member filed a draft resolution in IKCS.
	MeetingDraftFiled Action = "meeting.draft_filed"
)

// Requests for copies of documents (USM art. 8¹ ust. 1–2), with Subject
// "copy_request:<id>" (or "library_settings" for the fee).
const (
	// CopyRequested: a member asked for a copy of a document.
	CopyRequested Action = "copy_request.filed"
	// CopyRequestChanged: staff moved a request on or set the copy fee.
	CopyRequestChanged Action = "copy_request.changed"
)
