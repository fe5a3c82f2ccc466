package i18n

// polishMeeting holds the messages of the general meeting (branch library).
var polishMeeting = map[string]string{
	"meeting.receipt.title":      "Potwierdzenie złożenia projektu uchwały",
	"meeting.receipt.number":     "Numer projektu",
	"meeting.receipt.meeting":    "Walne Zgromadzenie",
	"meeting.receipt.first_part": "Pierwsza część obrad",
	"meeting.receipt.deadline":   "Termin zgłaszania projektów uchwał",
	"meeting.receipt.member":     "Członek Spółdzielni",
	"meeting.receipt.filed_at":   "Data i godzina złożenia",
	"meeting.receipt.title_of":   "Tytuł projektu",
}
