package demo

import (
	"math/rand/v2"
	"strconv"

	"github.com/ebok/ebok/internal/civil"
)

// Ledger entry kinds, as in ledger_entries.kind.
const (
	entryCharge = iota
	entryPayment
	entryCorrection
	entryInterest
)

var entryKindNames = []string{"charge", "payment", "correction", "interest"}

// ledgerSink receives the ledger in account order, each account's entries
// in booking order. Days are indexes into the calendar; months are
// ledger month indexes. Implementations batch rows for their engine.
type ledgerSink interface {
	// charge books the month's fee (kind charge, booked on the 1st, due
	// on the cooperative's due day, period and description of the month).
	charge(account int64, month int, amount int64)
	// payment books an ordinary payment (amount negative, "Wpłata").
	payment(account int64, day int, amount int64)
	// other books any other entry.
	other(account int64, kind int, day int, amount int64, desc string)
}

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

var correctionReasons = []struct {
	text string
	sign int64
}{
	{"Korekta naliczenia – zmiana liczby osób zamieszkałych", -1},
	{"Korekta naliczenia – zmiana liczby osób zamieszkałych", 1},
	{"Korekta naliczenia – aktualizacja powierzchni użytkowej lokalu", -1},
	{"Korekta – wpłata zaksięgowana na niewłaściwy lokal", 1},
	{"Korekta – zwrot za niedziałający domofon", -1},
	{"Korekta – błędnie naliczona opłata za wywóz odpadów", -1},
	{"Korekta – koszty upomnienia", 1},
}

// ledgerGen writes the ledger of every premises.
type ledgerGen struct {
	m       *model
	cal     *calendar
	seed    uint64
	pcg     rand.PCG
	r       *rand.Rand
	entries int64
	events  []event
}

func newLedgerGen(m *model, cal *calendar, seed int64) *ledgerGen {
	g := &ledgerGen{m: m, cal: cal, seed: uint64(seed)}
	g.r = rand.New(&g.pcg)
	return g
}

type event struct {
	day   int
	order int // among events of one day: payment, correction, interest, sale
	kind  int // evPayment…
}

const (
	evPayment = iota
	evCorrection
	evInterest
	evRefund
	evSale
)

// payer is the payment behaviour of one title's holders.
type payer struct {
	profile          uint8
	habit            int // payment day relative to the due day
	standing         int64
	extra            int64
	badFrom, badTo   int // months behind: [badFrom, badTo)
	interest, refund bool
	carry            int64
}

func (g *ledgerGen) newPayer(profile uint8, from int, fee int64) payer {
	r := g.r
	p := payer{profile: profile}
	switch pickWeighted(r, []int{70, 25, 5}) {
	case 0:
		p.habit = -8 + r.IntN(9)
	case 1:
		p.habit = 1 + r.IntN(5)
	default:
		p.habit = 6 + r.IntN(12)
	}
	n := ledgerMonths
	switch profile {
	case profOverpayer:
		p.extra = int64(1000 + r.IntN(9001))
		p.standing = roundUp(fee+p.extra, 1000)
		p.refund = r.IntN(100) < 35
	case profDebtor:
		p.badFrom = from + r.IntN(max(1, n-14-from))
		p.badTo = min(p.badFrom+3+r.IntN(22), n-2)
		p.interest = r.IntN(100) < 60
	case profDebtorOngoing:
		p.badFrom = max(from, n-3-r.IntN(34))
		p.badTo = n + 1
		p.interest = r.IntN(100) < 60
	}
	return p
}

func roundUp(x, unit int64) int64 { return (x + unit - 1) / unit * unit }

// account writes the ledger of premises pi.
func (g *ledgerGen) account(pi int, account int64, out ledgerSink) {
	m, cal := g.m, g.cal
	g.pcg.Seed(g.seed, uint64(pi)|1<<40)
	r := g.r
	p := &m.premises[pi]
	ti := p.title0
	t := &m.titles[ti]
	segEnd := func() int {
		if t.end.IsZero() {
			return 1 << 30
		}
		return cal.dayOf(t.end)
	}
	end := segEnd()
	year, fee := 0, int64(0)
	feeFor := func(mi int) int64 {
		if cal.year[mi] != year {
			year = cal.year[mi]
			fee = m.sched.fee(year, int(p.kind), p.area, int(p.persons))
		}
		return fee
	}
	py := g.newPayer(t.profile, 0, feeFor(0))
	correctionMonth := -1
	if r.IntN(100) < 3 {
		correctionMonth = r.IntN(ledgerMonths)
	}
	var bal, accrued int64 // accrued: grosze × basis points × days
	for mi := 0; mi < ledgerMonths; mi++ {
		fd, ld := cal.first[mi], cal.last[mi]
		if fd > cal.today {
			break
		}
		fee := feeFor(mi)
		out.charge(account, mi, fee)
		g.entries++
		bal += fee

		ev := g.events[:0]
		add := func(day, kind int) {
			if day <= cal.today {
				ev = append(ev, event{day: day, order: kind, kind: kind})
			}
		}
		var interest int64
		if cal.month[mi] == 1 && mi > 0 {
			interest = (accrued + 365*10000/2) / (365 * 10000)
			accrued = 0
			if py.interest && interest > 0 {
				add(fd+19, evInterest)
			}
		}
		pay := cal.due[mi] + py.habit + r.IntN(3) - 1
		pay = min(max(pay, fd+1), ld)
		if pay < end {
			add(pay, evPayment)
		}
		if mi == correctionMonth {
			add(fd+14, evCorrection)
		}
		if py.refund && cal.month[mi] == 3 {
			add(fd+24, evRefund)
		}
		if end <= ld {
			add(end, evSale)
		}
		// a handful of events: insertion sort by day, then kind
		for i := 1; i < len(ev); i++ {
			for j := i; j > 0 && (ev[j].day < ev[j-1].day || ev[j].day == ev[j-1].day && ev[j].order < ev[j-1].order); j-- {
				ev[j], ev[j-1] = ev[j-1], ev[j]
			}
		}
		for _, e := range ev {
			switch e.kind {
			case evInterest:
				out.other(account, entryInterest, e.day, interest, "Odsetki ustawowe za opóźnienie za rok "+strconv.Itoa(cal.year[mi]-1))
				g.entries++
				bal += interest
			case evPayment:
				amount, desc := g.payment(&py, mi, fee, bal)
				if amount <= 0 {
					continue
				}
				if desc == "" {
					out.payment(account, e.day, -amount)
				} else {
					out.other(account, entryPayment, e.day, -amount, desc)
				}
				g.entries++
				bal -= amount
			case evCorrection:
				c := correctionReasons[r.IntN(len(correctionReasons))]
				amount := c.sign * int64(500+r.IntN(8000))
				out.other(account, entryCorrection, e.day, amount, c.text+" ("+cal.periods[mi].Format()+")")
				g.entries++
				bal += amount
			case evRefund:
				if bal < -50000 {
					out.other(account, entryCorrection, e.day, -bal, "Zwrot nadpłaty na rachunek bankowy")
					g.entries++
					bal = 0
				}
			case evSale:
				what := "sprzedaży lokalu"
				if t.kind == titleLease {
					what = "zmianie najemcy"
				}
				if py.interest && accrued > 0 {
					if in := (accrued + 365*10000/2) / (365 * 10000); in > 0 {
						out.other(account, entryInterest, e.day, in, "Odsetki ustawowe za opóźnienie – rozliczenie przy "+what)
						g.entries++
						bal += in
					}
				}
				accrued = 0
				switch {
				case bal > 0:
					out.other(account, entryPayment, e.day, -bal, "Wpłata – rozliczenie zadłużenia przy "+what)
					g.entries++
				case bal < 0:
					out.other(account, entryCorrection, e.day, -bal, "Zwrot nadpłaty przy "+what)
					g.entries++
				}
				bal = 0
				ti++
				t = &m.titles[ti]
				end = segEnd()
				py = g.newPayer(t.profile, mi+1, fee)
			}
		}
		g.events = ev
		if bal > 0 {
			accrued += bal * cal.rate[mi] * int64(ld-fd+1)
		}
	}
}

// payment returns what the holders pay in month mi (0 for nothing) and a
// description when it is not an ordinary payment.
func (g *ledgerGen) payment(py *payer, mi int, fee, bal int64) (int64, string) {
	r := g.r
	switch py.profile {
	case profOverpayer:
		if fee > py.standing {
			py.standing = roundUp(fee+py.extra, 1000)
		}
		return py.standing, ""
	case profDebtor, profDebtorOngoing:
		switch {
		case mi >= py.badFrom && mi < py.badTo:
			switch x := r.IntN(100); {
			case x < 45:
				return 0, ""
			case x < 75:
				return fee / 2, ""
			}
			return fee, ""
		case mi == py.badTo && bal > fee:
			return bal, "Wpłata – spłata zaległości"
		}
		return fee, ""
	}
	if r.IntN(1000) < 15 {
		py.carry += fee // forgot this month; pays both next time
		return 0, ""
	}
	amount := fee + py.carry
	py.carry = 0
	return amount, ""
}
