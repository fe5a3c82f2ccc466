package demo

import (
	"fmt"

	"github.com/ebok/ebok/internal/civil"
)

// Notice is an announcement of the demo cooperative, as staff would post
// it: to everyone, or to one estate.
type Notice struct {
	// EstateID is the estate it is posted to; 0 posts it to everyone.
	EstateID    int64
	Title, Body string
	From, To    civil.Date
}

// Notices are the demo cooperative's current announcements: one to
// everyone about the meter-reading window (a week either side of today,
// as the demo's meters have it) and one to the estate estateID about a gas
// inspection in ten days. The caller posts them (package messages, which
// this package cannot import: its tests build on the demo).
func Notices(estateID int64, today civil.Date) []Notice {
	from, to := today.AddDays(-7), today.AddDays(7)
	inspection := today.AddDays(10)
	return []Notice{
		{From: from, To: to,
			Title: "Odczyty wodomierzy do " + to.Format(),
			Body: fmt.Sprintf("Od %s do %s stan wodomierzy można podać w e-BOK, w zakładce „Liczniki” każdego lokalu. "+
				"Odczyt podany w tym czasie posłuży do rozliczenia wody za półrocze.", from.Format(), to.Format())},
		{EstateID: estateID, From: today, To: inspection,
			Title: "Przegląd instalacji gazowej " + inspection.Format(),
			Body: fmt.Sprintf("W dniu %s w godzinach 8:00–16:00 odbędzie się okresowy przegląd instalacji gazowej w lokalach osiedla. "+
				"Prosimy o udostępnienie lokalu; w razie nieobecności termin można uzgodnić z administracją osiedla.", inspection.Format())},
	}
}
