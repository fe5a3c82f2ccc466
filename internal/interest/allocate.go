package interest

import (
	"slices"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

// Debt is an amount owed: a charge due on DueOn.
type Debt struct {
	ID     string
	DueOn  civil.Date
	Amount money.Amount
}

// Payment is money received on PaidOn. Target, when not empty, is the ID of
// the debt that staff (or the payer's title) assigned it to.
type Payment struct {
	ID     string
	PaidOn civil.Date
	Amount money.Amount
	Target string
}

// Allocation is the part of one payment that settled one debt, or, when
// Credit is true, the part of a payment left over after every debt was
// settled (an overpayment, nadpłata). PaidOn is the payment's date.
type Allocation struct {
	PaymentID string
	DebtID    string
	Credit    bool
	PaidOn    civil.Date
	Amount    money.Amount
}

// allocation is an Allocation with the index of its debt, so that debts
// sharing an ID are still told apart; debt is -1 for credit.
type allocation struct {
	Allocation
	debt int
}

// Allocate settles debts with payments. Payments are taken in order of
// PaidOn (ties in input order). A targeted payment first settles the
// oldest unpaid debt with that ID; what is left of it, and every untargeted
// payment, settles the debts with the oldest DueOn first (ties in input
// order), whether or not they are due yet. No debt receives more than it
// owes, and what no debt needs remains as credit.
//
// Only principal is settled here; interest is reported by Statement, not
// paid off. Debts and payments whose amount is zero or negative are
// ignored: turn corrections into debts or payments before calling.
func Allocate(debts []Debt, payments []Payment) []Allocation {
	internal := allocate(debts, payments)
	out := make([]Allocation, len(internal))
	for i, a := range internal {
		out[i] = a.Allocation
	}
	return out
}

// allocate does the work of Allocate, keeping debt indices.
func allocate(debts []Debt, payments []Payment) []allocation {
	owed := make([]money.Amount, len(debts))
	var order []int
	for i, d := range debts {
		if d.Amount > 0 {
			owed[i] = d.Amount
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return debts[a].DueOn.Compare(debts[b].DueOn) })

	var out []allocation
	for _, p := range paymentsInOrder(payments) {
		left := p.Amount
		settle := func(i int) {
			take := min(left, owed[i])
			if take <= 0 {
				return
			}
			owed[i] -= take
			left -= take
			out = append(out, allocation{Allocation{PaymentID: p.ID, DebtID: debts[i].ID, PaidOn: p.PaidOn, Amount: take}, i})
		}
		if p.Target != "" {
			if i := slices.IndexFunc(order, func(i int) bool { return debts[i].ID == p.Target && owed[i] > 0 }); i >= 0 {
				settle(order[i])
			}
		}
		for _, i := range order {
			if left == 0 {
				break
			}
			settle(i)
		}
		if left > 0 {
			out = append(out, allocation{Allocation{PaymentID: p.ID, Credit: true, PaidOn: p.PaidOn, Amount: left}, -1})
		}
	}
	return out
}

// paymentsInOrder returns the payments with a positive amount, sorted
// stably by date.
func paymentsInOrder(payments []Payment) []Payment {
	var out []Payment
	for _, p := range payments {
		if p.Amount > 0 {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b Payment) int { return a.PaidOn.Compare(b.PaidOn) })
	return out
}
