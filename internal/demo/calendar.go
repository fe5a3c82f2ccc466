package demo

import "github.com/ebok/ebok/internal/civil"

// The calendar of the ledger: its days and months, due days and interest
// rates.

// calendar maps the ledger's days and months to dates and rates. Day 0 is
// the first day of the first ledger month.
type calendar struct {
	start   civil.Date
	days    int // days from start to the end of the last month
	today   int
	first   []int // first day of each month
	last    []int // last day of each month
	due     []int // due day of each month
	year    []int
	month   []int // 1..12
	rate    []int64
	periods []civil.Month
}

// newCalendar returns the calendar of m's ledger.
func newCalendar(m *model) *calendar {
	c := &calendar{start: m.start, days: m.last.LastDay().DaysSince(m.start) + 1, today: m.today.DaysSince(m.start)}
	for i, mo := 0, m.first; i < ledgerMonths; i, mo = i+1, mo.Next() {
		c.first = append(c.first, mo.FirstDay().DaysSince(m.start))
		c.last = append(c.last, mo.LastDay().DaysSince(m.start))
		c.due = append(c.due, mo.Day(m.dueDay).DaysSince(m.start))
		c.year = append(c.year, mo.Year)
		c.month = append(c.month, int(mo.Month))
		c.rate = append(c.rate, interestRate(mo.FirstDay()))
		c.periods = append(c.periods, mo)
	}
	return c
}

// date returns the date of a calendar day.
func (c *calendar) date(day int) civil.Date { return c.start.AddDays(day) }

// dayOf returns the calendar day of d; days after the calendar's end give
// a value past it.
func (c *calendar) dayOf(d civil.Date) int { return d.DaysSince(c.start) }

// statutoryRates is the yearly statutory interest for delay (odsetki
// ustawowe za opóźnienie: NBP reference rate + 5.5 points) in basis points,
// by the day it took effect. Approximate; for demo data only.
var statutoryRates = []struct {
	from civil.Date
	bp   int64
}{
	{civil.Date{Year: 1900, Month: 1, Day: 1}, 800},
	{civil.Date{Year: 2016, Month: 1, Day: 1}, 700},
	{civil.Date{Year: 2020, Month: 3, Day: 18}, 650},
	{civil.Date{Year: 2020, Month: 4, Day: 9}, 600},
	{civil.Date{Year: 2020, Month: 5, Day: 29}, 560},
	{civil.Date{Year: 2021, Month: 10, Day: 7}, 600},
	{civil.Date{Year: 2021, Month: 11, Day: 4}, 675},
	{civil.Date{Year: 2021, Month: 12, Day: 9}, 725},
	{civil.Date{Year: 2022, Month: 1, Day: 5}, 775},
	{civil.Date{Year: 2022, Month: 2, Day: 9}, 825},
	{civil.Date{Year: 2022, Month: 3, Day: 9}, 900},
	{civil.Date{Year: 2022, Month: 4, Day: 7}, 1000},
	{civil.Date{Year: 2022, Month: 5, Day: 6}, 1075},
	{civil.Date{Year: 2022, Month: 6, Day: 9}, 1150},
	{civil.Date{Year: 2022, Month: 7, Day: 8}, 1200},
	{civil.Date{Year: 2022, Month: 9, Day: 8}, 1225},
	{civil.Date{Year: 2023, Month: 9, Day: 7}, 1150},
	{civil.Date{Year: 2023, Month: 10, Day: 5}, 1125},
	{civil.Date{Year: 2025, Month: 5, Day: 8}, 1075},
	{civil.Date{Year: 2025, Month: 7, Day: 3}, 1050},
	{civil.Date{Year: 2025, Month: 9, Day: 4}, 1025},
	{civil.Date{Year: 2025, Month: 10, Day: 9}, 1000},
	{civil.Date{Year: 2025, Month: 11, Day: 6}, 975},
	{civil.Date{Year: 2025, Month: 12, Day: 4}, 950},
}

// interestRate returns the statutory rate in force on d, in basis points.
func interestRate(d civil.Date) int64 {
	bp := statutoryRates[0].bp
	for _, r := range statutoryRates {
		if r.from.After(d) {
			break
		}
		bp = r.bp
	}
	return bp
}
