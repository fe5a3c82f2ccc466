package demo

import (
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/library"
)

// demoLibrary is the demo library's documents, dated relative to year
// (the current one); Supersedes indexes count in this whole list.
func demoLibrary(year int) []libraryDoc {
	return append(demoRules(year), demoResolutions(year)...)
}

// libDay is a day of a year, counted from 1 January.
func libDay(y, m, d int) civil.Date {
	return civil.Date{Year: y, Month: 1, Day: 1}.AddMonths(m - 1).AddDays(d - 1)
}

// libDoc is a draft in force from the day it was adopted.
func libDoc(c library.Category, b library.Body, number, title string, v library.Visibility, adopted civil.Date) library.Draft {
	return library.Draft{Category: c, Body: b, Number: number, Title: title, Visibility: v, AdoptedOn: adopted, EffectiveOn: adopted}
}

// libNumber is a document number, "12/2026".
func libNumber(k, y int) string { return fmt.Sprintf("%d/%d", k, y) }

// demoRules are the statute and the regulations (the first four entries).
func demoRules(year int) []libraryDoc {
	return []libraryDoc{
		{draft: libDoc(library.Statute, library.GeneralMeeting, "", "Statut Spółdzielni Mieszkaniowej", library.Public, libDay(year-6, 6, 20)),
			supersedes: -1, text: []string{
				"§ 1. Spółdzielnia Mieszkaniowa działa na podstawie ustawy Prawo spółdzielcze, ustawy o spółdzielniach mieszkaniowych oraz niniejszego statutu.",
				"§ 2. Celem Spółdzielni jest zaspokajanie potrzeb mieszkaniowych i innych potrzeb członków oraz ich rodzin.",
				"§ 3. Organami Spółdzielni są: Walne Zgromadzenie, Rada Nadzorcza i Zarząd.",
				"§ 4. Spółdzielnia tworzy fundusz remontowy na remonty zasobów mieszkaniowych, zasilany z odpisów obciążających koszty gospodarki zasobami."}},
		{draft: libDoc(library.Regulations, library.SupervisoryBoard, libNumber(4, year-5), "Regulamin rozliczania kosztów eksploatacji i utrzymania nieruchomości", library.Members, libDay(year-5, 3, 1)),
			supersedes: -1, text: []string{
				"§ 1. Regulamin określa zasady ustalania opłat za używanie lokali.",
				"§ 2. Koszty eksploatacji rozlicza się na metr kwadratowy powierzchni użytkowej lokalu."}},
		{draft: libDoc(library.Regulations, library.SupervisoryBoard, libNumber(9, year-1), "Regulamin rozliczania kosztów eksploatacji i utrzymania nieruchomości", library.Members, libDay(year-1, 7, 1)),
			supersedes: 1, text: []string{
				"§ 1. Regulamin określa zasady ustalania opłat za używanie lokali mieszkalnych i użytkowych.",
				"§ 2. Koszty eksploatacji rozlicza się na metr kwadratowy powierzchni użytkowej lokalu, a koszty wywozu odpadów według liczby osób.",
				"§ 3. Traci moc regulamin uchwalony uchwałą Rady Nadzorczej nr 4."}},
		{draft: libDoc(library.Regulations, library.Board, libNumber(2, year-3), "Regulamin porządku domowego", library.Residents, libDay(year-3, 4, 15)),
			supersedes: -1, text: []string{
				"§ 1. Cisza nocna obowiązuje od godziny 22.00 do 6.00.",
				"§ 2. Mieszkańcy dbają o czystość klatek schodowych, piwnic i terenów zielonych."}},
	}
}

// demoResolutions are the resolutions, the audit report, the financial
// statement and the minutes.
func demoResolutions(year int) []libraryDoc {
	return []libraryDoc{
		{draft: libDoc(library.Resolutions, library.SupervisoryBoard, libNumber(12, year), "Uchwała w sprawie zwiększenia odpisu na fundusz remontowy", library.Members, libDay(year, 2, 24)),
			supersedes: -1, text: []string{
				"Rada Nadzorcza Spółdzielni Mieszkaniowej, działając na podstawie § 3 statutu, uchwala, co następuje:",
				"§ 1. Zwiększa się odpis na fundusz remontowy o 0,50 zł za metr kwadratowy powierzchni użytkowej miesięcznie.",
				"§ 2. Środki funduszu remontowego przeznacza się w pierwszej kolejności na termomodernizację budynków i wymianę dźwigów.",
				"§ 3. Uchwała wchodzi w życie z dniem podjęcia."}},
		{draft: libDoc(library.Resolutions, library.Board, libNumber(3, year), "Uchwała w sprawie opłat za gospodarowanie odpadami komunalnymi", library.Residents, libDay(year, 1, 10)),
			supersedes: -1, text: []string{
				"§ 1. Zarząd Spółdzielni ustala opłatę za wywóz odpadów zgodnie ze stawką uchwaloną przez radę gminy.",
				"§ 2. Zmiana opłaty obowiązuje od pierwszego dnia miesiąca następującego po zawiadomieniu."}},
		{draft: libDoc(library.Resolutions, library.GeneralMeeting, libNumber(5, year-1), "Uchwała w sprawie podziału nadwyżki bilansowej", library.Members, libDay(year-1, 6, 14)),
			supersedes: -1, text: []string{
				"§ 1. Walne Zgromadzenie postanawia przeznaczyć nadwyżkę bilansową na fundusz remontowy.",
				"§ 2. Wykonanie uchwały powierza się Zarządowi."}},
		{draft: libDoc(library.AuditReports, library.OtherBody, "", fmt.Sprintf("Protokół lustracji za lata %d–%d", year-4, year-2), library.Members, libDay(year-1, 3, 30)),
			supersedes: -1, text: []string{
				"Lustracja pełnej działalności Spółdzielni nie wykazała nieprawidłowości w gospodarce zasobami mieszkaniowymi.",
				"Zalecono zwiększenie środków funduszu remontowego w związku z planowaną termomodernizacją."}},
		{draft: libDoc(library.FinancialStatements, library.Board, "", fmt.Sprintf("Sprawozdanie finansowe za rok %d", year-1), library.Public, libDay(year, 3, 31)),
			supersedes: -1, text: []string{
				"Bilans, rachunek zysków i strat oraz informacja dodatkowa Spółdzielni.",
				"Wynik na gospodarce zasobami mieszkaniowymi przeznacza się na pokrycie kosztów lat następnych."}},
		{draft: withPersonalData(libDoc(library.Minutes, library.GeneralMeeting, "", fmt.Sprintf("Protokół z obrad Walnego Zgromadzenia %d", year-1), library.Members, libDay(year-1, 6, 14))),
			supersedes: -1, text: []string{
				"Przewodniczący zebrania Jan Kowalski (lokal 12/5) otworzył obrady. Głos zabrała Anna Nowak (lokal 3/1).",
				"Walne Zgromadzenie podjęło uchwałę w sprawie podziału nadwyżki bilansowej."},
			anonymised: []string{
				"Przewodniczący zebrania [dane usunięte] otworzył obrady. Głos zabrał(a) [dane usunięte].",
				"Walne Zgromadzenie podjęło uchwałę w sprawie podziału nadwyżki bilansowej."}},
	}
}

// withPersonalData marks a draft as carrying personal data.
func withPersonalData(d library.Draft) library.Draft {
	d.PersonalData = true
	return d
}
