package i18n

// englishMeters holds the English messages of meters and readings.
var englishMeters = map[string]string{
	"meters.title": "Meters and readings",
	"meters.tab":   "Meters",

	"meters.kind.cold_water": "Cold water",
	"meters.kind.hot_water":  "Hot water",
	"meters.kind.heat":       "Heat",
	"meters.unit.cold_water": "m³",
	"meters.unit.hot_water":  "m³",
	"meters.unit.heat":       "GJ",

	"meters.status.submitted": "awaiting check",
	"meters.status.accepted":  "accepted",
	"meters.status.rejected":  "rejected",
	"meters.source.resident":  "resident",
	"meters.source.staff":     "cooperative",
	"meters.source.import":    "data import",

	"meters.window.open":   "Readings are accepted until %s inclusive.",
	"meters.window.closed": "Readings are accepted from %s to %s. Until then you can look through the reading history.",
	"meters.sent":          "Thank you. The reading is saved and awaits a check by the cooperative.",
	"meters.none":          "This premises has no meters whose readings are given in e-BOK.",
	"meters.no_readings":   "No readings.",
	"meters.removed":       "removed %s",
	"meters.serial":        "no. %s",
	"meters.caption":       "Meters of the premises and their last readings",

	"meters.col.kind":   "Meter",
	"meters.col.serial": "Serial number",
	"meters.col.last":   "Last reading",
	"meters.col.date":   "Reading date",
	"meters.col.status": "Status",
	"meters.col.value":  "Reading (%s)",
	"meters.col.use":    "Use (%s)",
	"meters.col.source": "Given by",
	"meters.col.note":   "Notes",

	"meters.history":         "Reading history",
	"meters.history.caption": "Reading history: %s, no. %s",

	"meters.form.value":    "Meter reading in %s",
	"meters.form.previous": "Previous reading: %s %s on %s.",
	"meters.form.first":    "This will be the meter's first reading.",
	"meters.form.hint":     "Copy every digit before the comma and up to three after it, e.g. 123,456.",
	"meters.form.confirm":  "I confirm that the reading is correct",
	"meters.form.submit":   "Send the reading",

	"meters.error.syntax":         "Enter the meter reading in digits, e.g. 123,456.",
	"meters.error.precision":      "Enter at most three digits after the comma.",
	"meters.error.range":          "This reading has too many digits before the comma. Check the meter.",
	"meters.error.window":         "Readings are accepted from %s to %s. Please send the reading then.",
	"meters.error.not_in_service": "This meter is no longer in use and takes no readings.",
	"meters.error.below":          "The reading cannot be lower than the previous one. Check the digits before the comma.",
	"meters.error.jump": "This reading means a use of %s %s since the reading of %s – far more than usual. " +
		"Check the meter. If the reading is right, tick the confirmation and send it again.",

	"readings.title":     "Meter readings to check",
	"readings.nav":       "Readings",
	"readings.link":      "Readings awaiting a decision",
	"readings.lead":      "Readings given by residents await a decision: accept the reading, correct it (the right value and why) or reject it saying why. Nothing is deleted: a corrected reading stays in the history as rejected.",
	"readings.lead.view": "Readings given by residents that await a decision of the settlements or finance department or of the estate administration.",
	"readings.none":      "No readings await a decision.",

	"readings.count":         "Readings awaiting a decision: %d.",
	"readings.count.limited": "Showing the %d oldest of %d readings awaiting a decision.",

	"readings.col.premises": "Premises",
	"readings.col.value":    "Reading",
	"readings.col.previous": "Previous",
	"readings.col.use":      "Use",
	"readings.col.decision": "Decision",

	"readings.accept":              "Accept",
	"readings.correct":             "Correct",
	"readings.correct.value":       "Right reading in %s",
	"readings.correct.placeholder": "reading",
	"readings.note":                "Reason",
	"readings.note.placeholder":    "reason",
	"readings.reject":              "Reject",

	"readings.done.accepted":  "Reading accepted.",
	"readings.done.corrected": "Reading corrected. The original stays in the history as rejected.",
	"readings.done.rejected":  "Reading rejected.",
	"readings.error.decided":  "This reading has already been decided. The list below is up to date.",
	"readings.error.note":     "Give a reason (at most %d characters).",
}
