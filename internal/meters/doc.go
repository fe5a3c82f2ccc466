// Package meters keeps the water and heat meters of premises and their
// readings: what residents submit in the cooperative's reading window and
// what staff accept, correct or reject.
//
// # Values
//
// A reading's Value is the meter's count in thousandths of its unit: of a
// cubic metre (a litre) for water, of a gigajoule for heat. Residents type
// it Polish-style, "123,456", and ParseValue reads it.
//
// # The reading window
//
// Residents submit readings only on the days of each month the cooperative
// sets in reading_windows (from_day..to_day). Without a row the window runs
// from the 20th to the last day of the month (DefaultWindow). A day past the
// end of a short month means its last day, so to_day 31 is always the last
// day; a window whose from_day is after its to_day runs over the turn of the
// month, e.g. 25..5 is the 25th of one month to the 5th of the next.
//
// # Plausibility
//
// A reading below the previous one (the last one not rejected) is refused
// with ErrBelowPrevious. A reading whose use since the previous one exceeds
// a limit is refused with ErrImplausible (a *JumpError) unless the resident
// confirmed it. The limit is the larger of
//
//   - three times the meter's usual use over the same number of days, the
//     usual use being the average daily use over up to a year of readings
//     before the previous one, and
//   - a floor per started 30 days: 30 m³ of water or 10 GJ of heat,
//
// so that a first few readings, and meters that used next to nothing, do
// not ask every resident to confirm. A meter's first reading is not checked.
//
// # Nothing is deleted
//
// Staff decide on submitted readings: Accept marks one accepted; Reject
// marks it rejected with a note; Correct marks the original rejected with
// the note and adds an accepted staff reading of the same day beside it.
// The rows themselves (who submitted and who decided, when and why) are
// the record of what happened.
package meters
