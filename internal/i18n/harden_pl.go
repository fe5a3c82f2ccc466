package i18n

// polishHarden holds the messages of the hardening work (issue 12, branch
// harden): limits on applications, purges, downloads and logins.
var polishHarden = map[string]string{
	"apply.error.limit.address": "Z tego adresu internetowego złożono w ciągu ostatniej doby najwięcej wniosków, ile można (10). Kolejny wniosek można złożyć za 24 godziny albo w biurze spółdzielni.",
	"apply.error.limit.email":   "Na ten adres e-mail wysłano w ciągu ostatniej doby najwięcej wniosków, ile można (3). Należy potwierdzić wniosek linkiem z wiadomości e-mail albo spróbować ponownie za 24 godziny.",
	"apply.error.limit.pending": "Wnioski czekające na potwierdzenie zajmują już najwięcej miejsca na pliki, ile można przyjąć. Należy najpierw potwierdzić wysłane wnioski linkiem z wiadomości e-mail albo spróbować ponownie później.",

	"audit.action.applications.purged": "Usunięcie wniosków po terminie",
	"audit.action.personal_data.read":  "Odczyt danych osobowych",
	"audit.action.credentials.checked": "Sprawdzenie hasła startowego",

	"download.error.limit":    "Pobrano już najwięcej dużych plików, ile można w ciągu 10 minut (20). Można spróbować ponownie za kilka minut.",
	"credentials.error.limit": "Sprawdzono już najwięcej haseł startowych, ile można w ciągu 10 minut (30). Można spróbować ponownie za kilka minut.",
	"extend.error.too_late":   "Ten tytuł do lokalu wygasł zbyt dawno: dostęp można przedłużyć tylko byłemu posiadaczowi, którego tytuł wygasł niedawno (domyślnie w ciągu 12 miesięcy).",
	"login.remember":          "Nie wylogowuj po zamknięciu przeglądarki (tylko na własnym urządzeniu)",
}
