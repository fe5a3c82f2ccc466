package i18n

// polishLetters holds the messages of e-Korespondencja, letters out.
var polishLetters = map[string]string{
	"letters.kind.general":        "Pismo ogólne",
	"letters.kind.fee_notice":     "Zawiadomienie o zmianie opłat",
	"letters.kind.debt_reminder":  "Przypomnienie o zaległości",
	"letters.kind.meter_notice":   "Informacja o odczycie liczników",
	"letters.kind.meeting_notice": "Zawiadomienie o walnym zgromadzeniu",
	"letters.kind.other":          "Inne",

	"letters.err.unknown_field":     "Pismo zawiera nieznane pola korespondencji seryjnej: %s. Dostępne pola: %s.",
	"letters.err.rule":              "Nieznany sposób wyboru adresatów.",
	"letters.err.rule_value":        "Nie wskazano poprawnie adresatów (budynku, osiedla, rodzaju lokalu, lokalu lub osoby).",
	"letters.err.list_lines":        "Nie rozpoznano wierszy listy o numerach: %s. Każdy wiersz powinien zawierać numer rachunku lokalu (NRB) albo numer w rejestrze członków. Pismo nie zostanie wysłane, dopóki lista zawiera błędy.",
	"letters.err.list_empty":        "Lista adresatów jest pusta.",
	"letters.err.kind":              "Nieznany rodzaj pisma.",
	"letters.err.subject":           "Należy podać temat pisma.",
	"letters.err.body":              "Należy wpisać treść pisma.",
	"letters.err.too_long":          "Temat, znak sprawy, miejscowość lub treść pisma są zbyt długie.",
	"letters.err.effective_on":      "Zawiadomienie o zmianie opłat musi podawać datę, od której obowiązują nowe opłaty.",
	"letters.err.charge_source":     "Należy wskazać, czy zmiana dotyczy opłat ustalanych przez Spółdzielnię, czy opłat za media ustalanych przez dostawców.",
	"letters.err.attachments_count": "Do pisma można dołączyć najwyżej %d pliki.",
	"letters.err.attachment":        "Załącznik „%s” nie został przyjęty: dopuszczalne są pliki PDF do 5 MB.",
	"letters.err.no_recipients":     "Wybrana reguła nie wskazuje żadnego adresata.",
	"letters.err.not_draft":         "Pismo zostało już wysłane albo czeka na zatwierdzenie.",
	"letters.err.not_awaiting":      "Pismo nie czeka na zatwierdzenie.",
	"letters.err.same_approver":     "Pismo do ponad 100 adresatów zatwierdza inny pracownik niż autor pisma.",
	"letters.err.changed":           "W międzyczasie stan pisma zmienił się. Należy odświeżyć stronę.",
	"letters.warn.notice_period":    "Nowe opłaty mają obowiązywać od %s, co nie zachowuje ustawowego terminu zawiadomienia. Najwcześniejsza zgodna z prawem data to %s.",

	"letters.pdf.case_no":          "Znak sprawy: %s",
	"letters.pdf.register":         "Nr dziennika: %s",
	"letters.pdf.effective":        "Nowe opłaty obowiązują od %s.",
	"letters.pdf.pay":              "Wpłaty prosimy kierować na indywidualny rachunek lokalu: %s",
	"letters.pdf.pay_qr":           "Kod QR do zapłaty w aplikacji bankowej",
	"letters.pdf.registered":       "POLECONY",
	"letters.pdf.amount":           "Kwota do zapłaty: %s",
	"letters.pdf.pay_qr_no_amount": "Kod QR do zapłaty: kwotę należy wpisać samodzielnie",

	"letters.mail.body": "W załączniku przesyłamy pismo Spółdzielni: „%s”.\n\nPismo jest dostępne również w e-BOK, w zakładce Korespondencja.\n\nWiadomość wysłano w ramach e-Korespondencji, na podstawie udzielonej zgody. Do Spółdzielni można napisać w e-BOK.",

	"audit.action.letter.drafted":       "Przygotowanie pisma",
	"audit.action.letter.submitted":     "Przekazanie pisma do zatwierdzenia",
	"audit.action.letter.approved":      "Zatwierdzenie pisma",
	"audit.action.letter.sent":          "Rozpoczęcie wysyłki pisma",
	"audit.action.postal_batch.printed": "Oznaczenie paczki pocztowej jako wydrukowanej",
}
