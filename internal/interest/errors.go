package interest

// Error is the type of the errors this package reports. The values below
// are constants, so callers compare them with errors.Is; returned errors
// may wrap them with the offending date or line.
type Error string

// Error returns the message.
func (e Error) Error() string { return string(e) }

// Errors reported by the package.
const (
	// ErrNoRate reports a day before the first entry of the rate table.
	ErrNoRate = Error("interest: no statutory rate known for that day")

	// ErrTable reports a rate table that is empty, unsorted or otherwise
	// malformed.
	ErrTable = Error("interest: invalid rate table")

	// ErrDate reports a date that is not a real calendar date, or a period
	// whose start is after its end.
	ErrDate = Error("interest: invalid date or period")

	// ErrAmount reports a negative amount where only zero or more makes
	// sense.
	ErrAmount = Error("interest: negative amount")

	// ErrOverflow reports interest too large to represent in grosze.
	ErrOverflow = Error("interest: amount out of range")
)
