package i18n

// polishMeters holds the messages of meters and readings.
var polishMeters = map[string]string{
	"meters.title": "Liczniki i odczyty",
	"meters.tab":   "Liczniki",

	"meters.kind.cold_water": "Woda zimna",
	"meters.kind.hot_water":  "Woda ciepła",
	"meters.kind.heat":       "Ciepło",
	"meters.unit.cold_water": "m³",
	"meters.unit.hot_water":  "m³",
	"meters.unit.heat":       "GJ",

	"meters.status.submitted": "czeka na sprawdzenie",
	"meters.status.accepted":  "przyjęty",
	"meters.status.rejected":  "odrzucony",
	"meters.source.resident":  "mieszkaniec",
	"meters.source.staff":     "spółdzielnia",
	"meters.source.import":    "import danych",

	"meters.window.open":   "Odczyty przyjmujemy do %s włącznie.",
	"meters.window.closed": "Odczyty przyjmujemy od %s do %s. Do tego czasu możesz przejrzeć historię odczytów.",
	"meters.sent":          "Dziękujemy. Odczyt został zapisany i czeka na sprawdzenie przez spółdzielnię.",
	"meters.none":          "W tym lokalu nie ma liczników, których odczyty podaje się w e-BOK.",
	"meters.no_readings":   "Brak odczytów.",
	"meters.removed":       "zdjęty %s",
	"meters.serial":        "nr %s",
	"meters.caption":       "Liczniki w lokalu i ich ostatnie odczyty",

	"meters.col.kind":   "Licznik",
	"meters.col.serial": "Numer fabryczny",
	"meters.col.last":   "Ostatni odczyt",
	"meters.col.date":   "Data odczytu",
	"meters.col.status": "Status",
	"meters.col.value":  "Stan (%s)",
	"meters.col.use":    "Zużycie (%s)",
	"meters.col.source": "Kto podał",
	"meters.col.note":   "Uwagi",

	"meters.history":         "Historia odczytów",
	"meters.history.caption": "Historia odczytów: %s, nr %s",

	"meters.form.value":    "Stan licznika w %s",
	"meters.form.previous": "Poprzedni odczyt: %s %s z dnia %s.",
	"meters.form.first":    "To będzie pierwszy odczyt tego licznika.",
	"meters.form.hint":     "Przepisz wszystkie cyfry sprzed przecinka i do trzech cyfr po nim, np. 123,456.",
	"meters.form.confirm":  "Potwierdzam, że odczyt jest poprawny",
	"meters.form.submit":   "Wyślij odczyt",

	"meters.error.syntax":         "Wpisz stan licznika cyframi, np. 123,456.",
	"meters.error.precision":      "Wpisz najwyżej trzy cyfry po przecinku.",
	"meters.error.range":          "Ten stan ma za dużo cyfr przed przecinkiem. Sprawdź odczyt.",
	"meters.error.window":         "Odczyty przyjmujemy od %s do %s. Wyślij odczyt w tym terminie.",
	"meters.error.not_in_service": "Ten licznik nie jest już używany i nie przyjmuje odczytów.",
	"meters.error.below":          "Stan licznika nie może być niższy niż w poprzednim odczycie. Sprawdź cyfry sprzed przecinka.",
	"meters.error.jump": "Ten odczyt oznacza zużycie %s %s od odczytu z dnia %s – znacznie więcej niż zwykle. " +
		"Sprawdź stan licznika. Jeśli jest poprawny, zaznacz potwierdzenie i wyślij odczyt ponownie.",

	"readings.title":     "Odczyty liczników do sprawdzenia",
	"readings.nav":       "Odczyty",
	"readings.link":      "Odczyty czekające na decyzję",
	"readings.lead":      "Odczyty podane przez mieszkańców czekają na decyzję: przyjmij odczyt, popraw go (właściwy stan i powód) albo odrzuć z podaniem powodu. Nic nie jest usuwane: poprawiony odczyt zostaje w historii jako odrzucony.",
	"readings.lead.view": "Odczyty podane przez mieszkańców, które czekają na decyzję działu rozliczeń, działu finansowego lub administracji osiedla.",
	"readings.none":      "Nie ma odczytów czekających na decyzję.",

	"readings.count":         "Odczyty czekające na decyzję: %d.",
	"readings.count.limited": "Widać %d najstarszych z %d odczytów czekających na decyzję.",

	"readings.col.premises": "Lokal",
	"readings.col.value":    "Stan",
	"readings.col.previous": "Poprzedni",
	"readings.col.use":      "Zużycie",
	"readings.col.decision": "Decyzja",

	"readings.accept":              "Przyjmij",
	"readings.correct":             "Popraw",
	"readings.correct.value":       "Właściwy stan w %s",
	"readings.correct.placeholder": "stan",
	"readings.note":                "Powód",
	"readings.note.placeholder":    "powód",
	"readings.reject":              "Odrzuć",

	"readings.done.accepted":  "Odczyt przyjęty.",
	"readings.done.corrected": "Odczyt poprawiony. Pierwotny odczyt zostaje w historii jako odrzucony.",
	"readings.done.rejected":  "Odczyt odrzucony.",
	"readings.error.decided":  "Ten odczyt został już rozpatrzony. Lista poniżej jest aktualna.",
	"readings.error.note":     "Podaj powód (najwyżej %d znaków).",
}
