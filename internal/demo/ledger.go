package demo

import (
	"math/rand/v2"
	"strconv"
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

// newLedgerGen returns the generator of m's ledger on cal. Each account
// reseeds it, so that an account's entries depend only on the seed and
// the premises.
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

// newPayer draws the payment behaviour of a title with the given
// profile, in force from month from, when the monthly fee is fee.
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

// roundUp rounds x up to a multiple of unit.
func roundUp(x, unit int64) int64 { return (x + unit - 1) / unit * unit }

// accountLedger is one premises' ledger while it is written: the title
// in force, its holders' payment behaviour and the running balance.
type accountLedger struct {
	g       *ledgerGen
	out     ledgerSink
	account int64
	p       *premisesRec
	ti      int32 // index of the title in force
	t       *titleRec
	end     int // calendar day the title ends (1<<30: current)
	year    int // year of fee
	fee     int64
	py      payer
	bal     int64
	accrued int64 // interest accrued this year: grosze × basis points × days
}

// account writes the ledger of premises pi, month by month up to today.
func (g *ledgerGen) account(pi int, account int64, out ledgerSink) {
	g.pcg.Seed(g.seed, uint64(pi)|1<<40)
	p := &g.m.premises[pi]
	a := accountLedger{g: g, out: out, account: account, p: p, ti: p.title0}
	a.t = &g.m.titles[a.ti]
	a.end = a.titleEnd()
	a.py = g.newPayer(a.t.profile, 0, a.feeFor(0))
	correctionMonth := -1
	if g.r.IntN(100) < 3 {
		correctionMonth = g.r.IntN(ledgerMonths)
	}
	for mi := 0; mi < ledgerMonths && g.cal.first[mi] <= g.cal.today; mi++ {
		a.month(mi, mi == correctionMonth)
	}
}

// titleEnd returns the calendar day the title in force ends.
func (a *accountLedger) titleEnd() int {
	if a.t.end.IsZero() {
		return 1 << 30
	}
	return a.g.cal.dayOf(a.t.end)
}

// feeFor returns the monthly fee in month mi; rates change only in
// January, so it is worked out once a year.
func (a *accountLedger) feeFor(mi int) int64 {
	if y := a.g.cal.year[mi]; y != a.year {
		a.year = y
		a.fee = a.g.m.sched.fee(y, int(a.p.kind), a.p.area, int(a.p.persons))
	}
	return a.fee
}

// month books month mi: the charge, the month's events in the order of
// their days, then the interest the balance accrues over the month.
func (a *accountLedger) month(mi int, correction bool) {
	cal := a.g.cal
	fee := a.feeFor(mi)
	a.out.charge(a.account, mi, fee)
	a.g.entries++
	a.bal += fee
	var interest int64
	if cal.month[mi] == 1 && mi > 0 {
		interest = interestDue(a.accrued)
		a.accrued = 0
	}
	ev := a.events(mi, a.py.interest && interest > 0, correction)
	for _, e := range ev {
		a.book(e, mi, fee, interest)
	}
	a.g.events = ev
	if a.bal > 0 {
		a.accrued += a.bal * cal.rate[mi] * int64(cal.last[mi]-cal.first[mi]+1)
	}
}

// events returns month mi's events up to today, by day and then kind:
// the yearly interest charge (interest), the payment while the title
// lasts, a correction, the refund of an overpayment and the sale.
func (a *accountLedger) events(mi int, interest, correction bool) []event {
	cal, r := a.g.cal, a.g.r
	fd, ld := cal.first[mi], cal.last[mi]
	ev := a.g.events[:0]
	add := func(day, kind int) {
		if day <= cal.today {
			ev = append(ev, event{day: day, order: kind, kind: kind})
		}
	}
	if interest {
		add(fd+19, evInterest)
	}
	pay := cal.due[mi] + a.py.habit + r.IntN(3) - 1
	pay = min(max(pay, fd+1), ld)
	if pay < a.end {
		add(pay, evPayment)
	}
	if correction {
		add(fd+14, evCorrection)
	}
	if a.py.refund && cal.month[mi] == 3 {
		add(fd+24, evRefund)
	}
	if a.end <= ld {
		add(a.end, evSale)
	}
	sortEvents(ev)
	return ev
}

// sortEvents orders a handful of events by day, then kind; an insertion
// sort, as there are five at the most.
func sortEvents(ev []event) {
	for i := 1; i < len(ev); i++ {
		for j := i; j > 0 && (ev[j].day < ev[j-1].day || ev[j].day == ev[j-1].day && ev[j].order < ev[j-1].order); j-- {
			ev[j], ev[j-1] = ev[j-1], ev[j]
		}
	}
}

// book writes the entries of event e of month mi.
func (a *accountLedger) book(e event, mi int, fee, interest int64) {
	cal, r := a.g.cal, a.g.r
	switch e.kind {
	case evInterest:
		a.other(entryInterest, e.day, interest, "Odsetki ustawowe za opóźnienie za rok "+strconv.Itoa(cal.year[mi]-1))
	case evPayment:
		a.pay(e.day, mi, fee)
	case evCorrection:
		c := correctionReasons[r.IntN(len(correctionReasons))]
		amount := c.sign * int64(500+r.IntN(8000))
		a.other(entryCorrection, e.day, amount, c.text+" ("+cal.periods[mi].Format()+")")
	case evRefund:
		if a.bal < -50000 {
			a.other(entryCorrection, e.day, -a.bal, "Zwrot nadpłaty na rachunek bankowy")
		}
	case evSale:
		a.sale(e.day, mi, fee)
	}
}

// other books an entry other than a charge or an ordinary payment.
func (a *accountLedger) other(kind, day int, amount int64, desc string) {
	a.out.other(a.account, kind, day, amount, desc)
	a.g.entries++
	a.bal += amount
}

// pay books what the holders pay in month mi, if anything.
func (a *accountLedger) pay(day, mi int, fee int64) {
	amount, desc := a.g.payment(&a.py, mi, fee, a.bal)
	switch {
	case amount <= 0:
	case desc != "":
		a.other(entryPayment, day, -amount, desc)
	default:
		a.out.payment(a.account, day, -amount)
		a.g.entries++
		a.bal -= amount
	}
}

// sale settles the title ending on day (interest accrued so far, then
// the debt paid off or the overpayment returned) and hands the premises
// to the next title, from month mi+1 on.
func (a *accountLedger) sale(day, mi int, fee int64) {
	what := "sprzedaży lokalu"
	if a.t.kind == titleLease {
		what = "zmianie najemcy"
	}
	if a.py.interest && a.accrued > 0 {
		if in := interestDue(a.accrued); in > 0 {
			a.other(entryInterest, day, in, "Odsetki ustawowe za opóźnienie – rozliczenie przy "+what)
		}
	}
	a.accrued = 0
	switch {
	case a.bal > 0:
		a.other(entryPayment, day, -a.bal, "Wpłata – rozliczenie zadłużenia przy "+what)
	case a.bal < 0:
		a.other(entryCorrection, day, -a.bal, "Zwrot nadpłaty przy "+what)
	}
	a.bal = 0
	a.ti++
	a.t = &a.g.m.titles[a.ti]
	a.end = a.titleEnd()
	a.py = a.g.newPayer(a.t.profile, mi+1, fee)
}

// interestDue rounds accrued interest (grosze × basis points × days) to
// grosze.
func interestDue(accrued int64) int64 {
	return (accrued + 365*10000/2) / (365 * 10000)
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
