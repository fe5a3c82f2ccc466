package web

import (
	"html/template"
	"net/http"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/civil"
)

// The staff home's figures (issue 14 §5): what waits for the staff
// member, each as a number with a sparkline of the last weeks.

// dashboardWeeks is how many weeks a sparkline covers, the last one
// ending today.
const dashboardWeeks = 8

// dashFigure is one figure: a sentence with the number, where to act on
// it, and its sparkline.
type dashFigure struct {
	Text, Href string
	// Open is the link's text.
	Open    string
	Overdue string
	Spark   template.HTML
}

// weekBins counts days into dashboardWeeks weeks, the last ending today;
// days before them are not counted, days after today go to the last.
type weekBins struct {
	today  civil.Date
	counts [dashboardWeeks]int64
}

func (w *weekBins) add(d civil.Date) {
	ago := max(w.today.DaysSince(d), 0)
	if i := dashboardWeeks - 1 - ago/7; i >= 0 {
		w.counts[i]++
	}
}

// spark draws the weeks' counts with a label per week.
func (w *weekBins) spark(p Page, id, summaryKey string) template.HTML {
	labels := make([]string, dashboardWeeks)
	for i := range labels {
		labels[i] = p.L.T("chart.staff.week", w.today.AddDays(-7*(dashboardWeeks-1-i)-6).Format())
	}
	return sparkline(id, p.L.T("chart.staff.title"), p.L.T(summaryKey), labels, w.counts[:])
}

// staffDashboard gathers the figures the staff member's roles look after.
func (s *Server) staffDashboard(r *http.Request, p Page, c *access.Counts) ([]dashFigure, error) {
	ctx := r.Context()
	u := stateOf(r).user()
	today := s.today()
	var out []dashFigure
	if c != nil {
		items, err := s.Access.Queue(ctx, accessView(u), access.QueueFilter{}, today)
		if err != nil {
			return nil, err
		}
		w := weekBins{today: today}
		byStatus := map[access.Status]int{}
		for _, it := range items {
			w.add(civil.DateOf(it.FiledAt.In(s.Config.TimeZone)))
			byStatus[it.Status]++
		}
		f := dashFigure{Href: "/staff/applications", Open: p.L.T("staff.dashboard.open"), Text: p.L.T("staff.dashboard.applications", c.Pending) + " " +
			p.L.T("chart.staff.apps.status", byStatus[access.Filed], byStatus[access.InVerification]),
			Spark: w.spark(p, "spark-apps", "chart.staff.apps")}
		if c.Overdue > 0 {
			f.Overdue = p.L.T("staff.dashboard.overdue", c.Overdue)
		}
		out = append(out, f)
	}
	if bankStaff.allows(u) {
		credits, err := s.Ledger.Unmatched(ctx, u.CoopID)
		if err != nil {
			return nil, err
		}
		w := weekBins{today: today}
		for _, cr := range credits {
			w.add(cr.BookedOn)
		}
		out = append(out, dashFigure{Href: "/staff/bank", Open: p.L.T("chart.staff.open.bank"), Text: p.L.T("chart.staff.bank.now", len(credits)),
			Spark: w.spark(p, "spark-bank", "chart.staff.bank")})
	}
	if messageStaff.allows(u) {
		since := today.AddDays(-7*dashboardWeeks + 1).In(s.Config.TimeZone)
		unread, begun, err := s.Messages.DeskFigures(ctx, u.CoopID, deskScope(r), since)
		if err != nil {
			return nil, err
		}
		w := weekBins{today: today}
		for _, t := range begun {
			w.add(civil.DateOf(t.In(s.Config.TimeZone)))
		}
		out = append(out, dashFigure{Href: "/staff/messages", Open: p.L.T("chart.staff.open.inbox"), Text: p.L.T("chart.staff.unread", unread),
			Spark: w.spark(p, "spark-messages", "chart.staff.messages")})
	}
	if outboxStaff.allows(u) {
		n, err := s.Letters.FailedMailCount(ctx, actorOf(r))
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, dashFigure{Href: "/staff/outbox", Open: p.L.T("outbox.dashboard.open"), Text: p.L.T("outbox.dashboard", n)})
		}
	}
	return out, nil
}
