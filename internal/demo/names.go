package demo

import (
	"math/rand/v2"
	"strings"
)

// Word lists for Polish-looking synthetic data. Every person, street, city
// and company here is made up; domains use the reserved .example TLD.

var maleFirstNames = []string{
	"Jan", "Andrzej", "Piotr", "Krzysztof", "Stanisław", "Tomasz", "Paweł", "Józef",
	"Marcin", "Marek", "Michał", "Grzegorz", "Jerzy", "Tadeusz", "Adam", "Łukasz",
	"Zbigniew", "Ryszard", "Dariusz", "Henryk", "Mariusz", "Kazimierz", "Wojciech",
	"Robert", "Mateusz", "Marian", "Rafał", "Jacek", "Janusz", "Mirosław", "Maciej",
	"Sławomir", "Jarosław", "Kamil", "Wiesław", "Roman", "Władysław", "Jakub", "Artur",
	"Zdzisław", "Edward", "Mieczysław", "Damian", "Dawid", "Przemysław", "Sebastian",
	"Czesław", "Leszek", "Daniel", "Waldemar", "Bartłomiej", "Bogdan", "Szymon",
	"Zenon", "Ignacy", "Bolesław", "Bożydar", "Lech", "Witold", "Bronisław",
}

var femaleFirstNames = []string{
	"Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa",
	"Krystyna", "Elżbieta", "Zofia", "Teresa", "Magdalena", "Joanna", "Janina",
	"Monika", "Danuta", "Jadwiga", "Aleksandra", "Halina", "Irena", "Beata", "Marta",
	"Dorota", "Helena", "Karolina", "Jolanta", "Iwona", "Marianna", "Natalia",
	"Bożena", "Grażyna", "Urszula", "Justyna", "Renata", "Alicja", "Paulina",
	"Stanisława", "Hanna", "Agata", "Zdzisława", "Wiesława", "Żaneta", "Łucja",
	"Genowefa", "Kinga", "Weronika", "Bogumiła", "Ludmiła", "Jagoda", "Świętosława",
}

// surnames: adjectival ones end in -ski, -cki or -dzki and take -ska, -cka,
// -dzka for women; the others are the same for both.
var surnames = []string{
	"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
	"Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
	"Wojciechowski", "Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski",
	"Zając", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel",
	"Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski", "Adamczyk",
	"Dudek", "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora", "Baran",
	"Rutkowski", "Michalak", "Szewczyk", "Ostrowski", "Tomaszewski", "Pietrzak",
	"Marciniak", "Wróblewski", "Zalewski", "Jakubowski", "Jasiński", "Zawadzki", "Sadowski",
	"Bąk", "Chmielewski", "Włodarczyk", "Borkowski", "Czarnecki", "Sawicki", "Sokołowski",
	"Urbański", "Kubiak", "Maciejewski", "Szczepański", "Kucharski", "Wilk", "Kalinowski",
	"Lis", "Mazurek", "Wysocki", "Adamski", "Kaźmierczak", "Wasilewski", "Sobczak",
	"Czerwiński", "Andrzejewski", "Cieślak", "Głowacki", "Zakrzewski", "Kołodziej",
	"Sikorski", "Krajewski", "Gajewski", "Szymczak", "Szulc", "Baranowski", "Laskowski",
	"Brzeziński", "Makowski", "Ziółkowski", "Przybylski", "Domański", "Nowacki", "Borowski",
	"Błaszczyk", "Chojnacki", "Ciesielski", "Mróz", "Szczepaniak", "Wesołowski", "Górecki",
	"Krupa", "Kaczmarczyk", "Leśniak", "Kozieł", "Żak", "Żmuda", "Źrebiec", "Łuczak",
	"Śliwiński", "Ślusarczyk", "Żurawski", "Łukasiewicz", "Żeleźniak",
}

// femaleSurname returns the form a woman bears.
func femaleSurname(s string) string {
	for _, suf := range []string{"ski", "cki", "dzki"} {
		if strings.HasSuffix(s, suf) {
			return s[:len(s)-1] + "a"
		}
	}
	return s
}

// streets are named in the genitive, as Polish streets usually are.
var streets = []string{
	"Mickiewicza", "Słowackiego", "Kościuszki", "Żeromskiego", "Sienkiewicza", "Prusa",
	"Reymonta", "Kopernika", "Chopina", "Moniuszki", "Konopnickiej", "Orzeszkowej",
	"Norwida", "Wyspiańskiego", "Kasprowicza", "Tuwima", "Broniewskiego", "Staffa",
	"Kochanowskiego", "Krasickiego", "Fredry", "Matejki", "Kilińskiego", "Traugutta",
	"Pułaskiego", "Sobieskiego", "Batorego", "Chrobrego", "Kazimierza Wielkiego",
	"Jagiełły", "Lipowa", "Klonowa", "Brzozowa", "Dębowa", "Sosnowa", "Jaworowa",
	"Akacjowa", "Kasztanowa", "Słoneczna", "Polna", "Leśna", "Łąkowa", "Ogrodowa",
	"Kwiatowa", "Zielona", "Spokojna", "Szkolna", "Parkowa", "Wrzosowa", "Różana",
	"Żurawia", "Jaskółcza", "Gołębia", "Wiejska", "Długa", "Krótka", "Źródlana",
	"Miodowa", "Jarzębinowa", "Świerkowa", "Modrzewiowa", "Grunwaldzka", "Racławicka",
	"Westerplatte", "Powstańców Śląskich", "Armii Krajowej", "Wolności", "Pogodna",
	"Wiosenna", "Letnia", "Jesienna", "Zimowa", "Strumykowa", "Rzeczna", "Nadbrzeżna",
	"Cicha", "Łączna", "Hallera", "Asnyka", "Okrzei", "Dąbrówki", "Skłodowskiej-Curie",
}

// otherCities are where holders who live elsewhere get their letters.
var otherCities = []struct{ name, postal string }{
	{"Wierzbnica Dolna", "21-417"}, {"Kłosowo", "77-236"}, {"Dębogórze Małe", "81-198"},
	{"Lipnica Stara", "34-482"}, {"Brzozowiec", "66-134"}, {"Jarzębinów", "58-321"},
	{"Sosnowiec Mały", "42-659"}, {"Zalesie Górne", "05-547"}, {"Nowa Wola Przykładowa", "96-314"},
	{"Świerczyn", "88-425"},
}

// coopCities are made-up towns the cooperative is in.
var coopCities = []struct{ name, postal string }{
	{"Przykładowo", "99-100"}, {"Nowogródek Zielony", "98-200"}, {"Dąbrowa Przykładowa", "97-300"},
	{"Lipowiec Wielki", "96-400"}, {"Jasnogóra Dolna", "95-500"}, {"Białozór", "94-600"},
}

var coopNames = []string{
	"Przykładowa", "Jutrzenka", "Nasz Dom", "Zgoda", "Przyszłość", "Słoneczny Stok",
	"Pod Lipami", "Zielone Wzgórze",
}

var estateNames = []string{
	"Słoneczne", "Zielone", "Parkowe", "Przylesie", "Nad Stawem", "Kościuszki",
	"Mickiewicza", "Centrum", "Południe", "Północ", "Jagiellońskie", "Piastowskie",
	"Tysiąclecia", "Młodych", "Kwiatowe", "Lipowe", "Widok", "Wzgórze", "Zacisze",
	"Stare Miasto", "Nad Rzeką", "Łąkowe", "Żwirki i Wigury", "Sienkiewicza",
}

var romanNumerals = []string{"", " II", " III", " IV", " V", " VI", " VII", " VIII", " IX", " X"}

// Commercial tenants are made of a trade, a brand and a legal form; none
// names a real business.
var (
	companyTrades = []string{
		"Piekarnia", "Apteka", "Kwiaciarnia", "Zakład Fryzjerski", "Sklep Spożywczy",
		"Przychodnia", "Biuro Rachunkowe", "Pracownia Krawiecka", "Gabinet Stomatologiczny",
		"Księgarnia", "Zakład Szewski", "Cukiernia", "Sklep Zoologiczny", "Pralnia",
		"Optyk", "Kawiarnia", "Szkoła Językowa", "Sklep Rowerowy", "Kancelaria Notarialna",
		"Gabinet Weterynaryjny", "Pracownia Fotograficzna", "Sklep Papierniczy",
	}
	companyBrands = []string{
		"Kłos", "Pod Lipą", "Stokrotka", "Loczek", "Groszek", "Zdrowie Rodzinne", "Bilans",
		"Igiełka", "Uśmiech", "Pod Globusem", "Fleczek", "Pączuś", "Łapa", "Śnieżka",
		"Soczewka", "Filiżanka", "Lingwa", "Szprycha", "Akt", "Żuraw", "Jaskółka",
		"Pod Zegarem", "Złoty Kłos", "Bławatek", "Dąbek", "Źródełko", "Wrzos", "Gęsiarka",
	}
	companyForms = []string{"sp. z o.o.", "s.c.", "sp. j.", "sp. k."}
)

var mailDomains = []string{"poczta.example", "skrzynka.example", "mail.example", "domowa.example", "netmail.example"}

// asciiFold lower-cases s and replaces Polish letters by their Latin base
// letters, for e-mail addresses and domains.
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ą':
			r = 'a'
		case 'ć':
			r = 'c'
		case 'ę':
			r = 'e'
		case 'ł':
			r = 'l'
		case 'ń':
			r = 'n'
		case 'ó':
			r = 'o'
		case 'ś':
			r = 's'
		case 'ź', 'ż':
			r = 'z'
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }
