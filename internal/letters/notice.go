package letters

import "github.com/ebok/ebok/internal/civil"

// PostalDays is how long a letter on paper is taken to need to be
// delivered (a registered letter is deemed delivered after being held for
// collection twice, 7 days each).
const PostalDays = 14

// EarliestEffective is the first day a fee change may take effect when its
// notice is delivered on a day. Charges the cooperative sets (USM art. 4
// ust. 7) need at least 3 months' notice to the end of a calendar month:
// the three months end on the same day three months later (the month's
// last day when it has none), and the change takes effect on the first day
// of the next month. Charges set by utility suppliers (art. 4 ust. 7¹)
// need 14 days counted from delivery.
func EarliestEffective(src ChargeSource, delivered civil.Date) civil.Date {
	if src == UtilityCharges {
		return delivered.AddDays(14)
	}
	end := delivered.AddMonths(3)
	return end.LastDayOfMonth().AddDays(1)
}

// noticeWarning warns when a fee notice composed today, delivered at the
// latest after PostalDays, would take effect before its lawful date.
func noticeWarning(l *Letter, today civil.Date) *Problem {
	if l.Kind != FeeNotice {
		return nil
	}
	earliest := EarliestEffective(l.ChargeSource, today.AddDays(PostalDays))
	if l.EffectiveOn.Before(earliest) {
		return problem("letters.warn.notice_period", l.EffectiveOn.Format(), earliest.Format())
	}
	return nil
}
