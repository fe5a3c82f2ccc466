package i18n

// englishMeeting holds the English messages of the general meeting (branch library).
var englishMeeting = map[string]string{
	"meeting.receipt.title":      "Receipt of a draft resolution",
	"meeting.receipt.number":     "Draft number",
	"meeting.receipt.meeting":    "General meeting",
	"meeting.receipt.first_part": "First part",
	"meeting.receipt.deadline":   "Deadline for draft resolutions",
	"meeting.receipt.member":     "Member",
	"meeting.receipt.filed_at":   "Filed at",
	"meeting.receipt.title_of":   "Title of the draft",
}
