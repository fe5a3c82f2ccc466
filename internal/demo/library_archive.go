package demo

import (
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/library"
)

// The demo library's archive: ten years of the documents a cooperative
// publishes for its members (USM art. 8¹), beside the hand-written ones
// in library_texts.go. Every text is Polish and names what the document
// decides, so that a search without Polish letters finds it.

// archiveYears is how many years back the archive reaches.
const archiveYears = 10

// archiveTopic is one kind of resolution the archive repeats over the
// years, times a year (for as many buildings); %[1]d in the texts is the
// year it concerns, %[2]s a building, %[3]s an amount.
type archiveTopic struct {
	body  library.Body
	times int
	title string
	text  []string
}

// archiveTopics are the resolutions passed every year, each body's own.
var archiveTopics = []archiveTopic{
	{library.SupervisoryBoard, 1, "Uchwała w sprawie zatwierdzenia planu remontów na rok %[1]d", []string{
		"§ 1. Rada Nadzorcza zatwierdza plan remontów zasobów mieszkaniowych na rok %[1]d na kwotę %[3]s zł, finansowany z funduszu remontowego.",
		"§ 2. W pierwszej kolejności wykonuje się roboty w budynku przy ul. %[2]s."}},
	{library.SupervisoryBoard, 1, "Uchwała w sprawie stawek zaliczek na centralne ogrzewanie w roku %[1]d", []string{
		"§ 1. Ustala się zaliczki na koszty centralnego ogrzewania od 1 października %[1]d roku według taryfy dostawcy ciepła.",
		"§ 2. Rozliczenie zaliczek następuje po zakończeniu okresu rozliczeniowego, na podstawie wskazań podzielników."}},
	{library.SupervisoryBoard, 1, "Uchwała w sprawie wyboru biegłego rewidenta do badania sprawozdania finansowego za rok %[1]d", []string{
		"§ 1. Do badania sprawozdania finansowego Spółdzielni za rok %[1]d wybiera się firmę audytorską wpisaną na listę Polskiej Agencji Nadzoru Audytowego.",
		"§ 2. Upoważnia się Zarząd do zawarcia umowy o badanie."}},
	{library.SupervisoryBoard, 3, "Uchwała w sprawie termomodernizacji budynku przy ul. %[2]s", []string{
		"§ 1. Wyraża się zgodę na termomodernizację budynku przy ul. %[2]s: docieplenie ścian, wymianę okien na klatkach schodowych i modernizację węzła cieplnego.",
		"§ 2. Koszt robót, szacowany na %[3]s zł, pokrywa fundusz remontowy nieruchomości."}},
	{library.SupervisoryBoard, 1, "Uchwała w sprawie zasad windykacji zaległości w opłatach w roku %[1]d", []string{
		"§ 1. Zarząd wzywa do zapłaty osoby zalegające z opłatami za używanie lokali dłużej niż dwa miesiące.",
		"§ 2. Z osobami w trudnej sytuacji Zarząd może zawrzeć ugodę o rozłożeniu zaległości na raty."}},
	{library.Board, 3, "Uchwała w sprawie wymiany dźwigów osobowych w budynku przy ul. %[2]s", []string{
		"§ 1. Zarząd postanawia wymienić dźwigi osobowe w budynku przy ul. %[2]s w roku %[1]d.",
		"§ 2. Wykonawcę wybiera się w przetargu; koszt pokrywa fundusz remontowy."}},
	{library.Board, 1, "Uchwała w sprawie opłat za wywóz odpadów komunalnych od 1 stycznia %[1]d", []string{
		"§ 1. Opłatę za gospodarowanie odpadami komunalnymi nalicza się według stawki uchwalonej przez radę gminy.",
		"§ 2. Zmiana opłaty obowiązuje od pierwszego dnia miesiąca następującego po zawiadomieniu członków i mieszkańców."}},
	{library.Board, 3, "Uchwała w sprawie korzystania z pomieszczeń wspólnych w budynku przy ul. %[2]s", []string{
		"§ 1. Pomieszczenia wspólne (suszarnie, wózkownie, rowerownie) udostępnia się mieszkańcom budynku przy ul. %[2]s.",
		"§ 2. Klucze wydaje administracja osiedla."}},
	{library.Board, 3, "Uchwała w sprawie montażu instalacji fotowoltaicznej na dachu budynku przy ul. %[2]s", []string{
		"§ 1. Zarząd postanawia zamontować instalację fotowoltaiczną na dachu budynku przy ul. %[2]s.",
		"§ 2. Energia z instalacji zasila części wspólne budynku: oświetlenie klatek schodowych i dźwigi."}},
	{library.GeneralMeeting, 1, "Uchwała w sprawie zatwierdzenia sprawozdania finansowego za rok %[1]d", []string{
		"§ 1. Walne Zgromadzenie zatwierdza sprawozdanie finansowe Spółdzielni za rok %[1]d.",
		"§ 2. Nadwyżkę bilansową przeznacza się na fundusz remontowy."}},
	{library.GeneralMeeting, 1, "Uchwała w sprawie udzielenia absolutorium członkom Zarządu za rok %[1]d", []string{
		"§ 1. Walne Zgromadzenie udziela absolutorium członkom Zarządu z wykonania obowiązków w roku %[1]d."}},
	{library.GeneralMeeting, 1, "Uchwała w sprawie przyjęcia sprawozdania Rady Nadzorczej za rok %[1]d", []string{
		"§ 1. Walne Zgromadzenie przyjmuje sprawozdanie z działalności Rady Nadzorczej w roku %[1]d."}},
}

// archiveStreets are the buildings the resolutions concern.
var archiveStreets = []string{"Słoneczna 4", "Pogodna 12", "Kwiatowa 7", "Lipowa 3", "Długa 21", "Ogrodowa 9", "Brzozowa 15"}

// archiveRegulations are the regulations beyond library_texts.go's, each
// with the year (counted back from now) of its first version and, when it
// was amended, of its second.
var archiveRegulations = []struct {
	body             library.Body
	title            string
	first, amendment int // years ago; amendment 0: never amended
	text             string
}{
	{library.GeneralMeeting, "Regulamin Rady Nadzorczej", 8, 0, "określa tryb zwoływania posiedzeń Rady Nadzorczej, podejmowania uchwał i pracę jej komisji"},
	{library.SupervisoryBoard, "Regulamin Zarządu", 8, 0, "określa podział zadań między członków Zarządu i tryb podejmowania decyzji"},
	{library.GeneralMeeting, "Regulamin obrad Walnego Zgromadzenia", 7, 2, "określa tryb obrad Walnego Zgromadzenia w częściach, głosowania i zgłaszania projektów uchwał"},
	{library.SupervisoryBoard, "Regulamin przyjmowania w poczet członków", 7, 0, "określa sposób składania deklaracji członkowskich i tryb przyjmowania członków"},
	{library.SupervisoryBoard, "Regulamin tworzenia i wykorzystania funduszu remontowego", 9, 3, "określa zasady tworzenia funduszu remontowego, odpisów na fundusz i jego podziału między nieruchomości"},
	{library.SupervisoryBoard, "Regulamin rozliczania kosztów dostawy ciepła", 9, 4, "określa zasady rozliczania kosztów centralnego ogrzewania według podzielników i powierzchni"},
	{library.SupervisoryBoard, "Regulamin rozliczania kosztów dostawy wody i odprowadzania ścieków", 6, 1, "określa zasady rozliczania wody według wodomierzy lokalowych i ryczałtu"},
	{library.Board, "Regulamin korzystania z miejsc postojowych", 5, 0, "określa zasady przydziału i korzystania z miejsc postojowych na terenie osiedli"},
	{library.SupervisoryBoard, "Regulamin przetargów na najem lokali użytkowych", 6, 0, "określa tryb przetargów na najem lokali użytkowych i zasady ustalania stawek czynszu"},
	{library.SupervisoryBoard, "Regulamin udostępniania dokumentów członkom Spółdzielni", 4, 0, "określa tryb wydawania odpisów i kopii dokumentów członkom oraz wysokość opłat za kopie"},
}

// archive is the demo library's archive as of today; supersedes counts
// in the whole list, which starts at offset in the demo library.
func archive(today civil.Date, offset int) []libraryDoc {
	var docs []libraryDoc
	add := func(d libraryDoc) int {
		docs = append(docs, d)
		return offset + len(docs) - 1
	}
	for _, r := range archiveRegulations {
		text := []string{"§ 1. Regulamin " + r.text + ".", "§ 2. Regulamin wchodzi w życie z dniem uchwalenia."}
		first := add(libraryDoc{draft: libDoc(library.Regulations, r.body, libNumber(40, today.Year-r.first), r.title,
			library.Members, libDay(today.Year-r.first, 2, 10)), supersedes: -1, text: text})
		if r.amendment > 0 {
			amended := append([]string{}, text[0], "§ 2. Regulamin uwzględnia zmiany przepisów i zalecenia lustracji.",
				fmt.Sprintf("§ 3. Traci moc regulamin uchwalony w roku %d.", today.Year-r.first))
			add(libraryDoc{draft: libDoc(library.Regulations, r.body, libNumber(41, today.Year-r.amendment), r.title,
				library.Members, libDay(today.Year-r.amendment, 2, 10)), supersedes: first, text: amended})
		}
	}
	for ago := archiveYears - 1; ago >= 0; ago-- {
		for _, d := range archiveYear(today.Year - ago) {
			if !d.draft.AdoptedOn.AddDays(3).After(today) {
				add(d)
			}
		}
	}
	return docs
}

// archiveYear is one year's resolutions (20: a topic about buildings for
// three of them, at different months), the supervisory board's minutes,
// the financial statement and, every third year, the audit report.
func archiveYear(y int) []libraryDoc {
	var docs []libraryDoc
	number := map[library.Body]int{library.SupervisoryBoard: 20, library.Board: 20, library.GeneralMeeting: 10}
	for i, t := range archiveTopics {
		for round := range t.times {
			docs = append(docs, archiveResolution(t, y, i, round, number))
		}
	}
	docs = append(docs,
		libraryDoc{draft: libDoc(library.FinancialStatements, library.Board, "", fmt.Sprintf("Sprawozdanie finansowe za rok %d", y-1), library.Public, libDay(y, 3, 28)),
			supersedes: -1, text: []string{
				fmt.Sprintf("Bilans Spółdzielni sporządzony na dzień 31 grudnia %d roku, rachunek zysków i strat oraz informacja dodatkowa.", y-1),
				"Wynik na gospodarce zasobami mieszkaniowymi przeznacza się na pokrycie kosztów lat następnych."}},
		libraryDoc{draft: libDoc(library.Minutes, library.SupervisoryBoard, "", fmt.Sprintf("Protokół z posiedzeń Rady Nadzorczej w roku %d", y), library.Members, libDay(y, 12, 1)),
			supersedes: -1, text: []string{
				fmt.Sprintf("W roku %d Rada Nadzorcza odbyła dwanaście posiedzeń i podjęła uchwały w sprawie planu remontów, zaliczek na ciepło i windykacji zaległości.", y)}},
	)
	if y%3 == 0 {
		docs = append(docs, libraryDoc{draft: libDoc(library.AuditReports, library.OtherBody, "", fmt.Sprintf("Protokół lustracji za lata %d–%d", y-3, y-1), library.Members, libDay(y, 4, 20)),
			supersedes: -1, text: []string{
				"Lustracja pełnej działalności Spółdzielni nie wykazała nieprawidłowości w gospodarce zasobami mieszkaniowymi.",
				"Zalecono aktualizację regulaminów i dalszą termomodernizację budynków."}})
	}
	return docs
}

// archiveResolution is the round-th resolution of topic t (the i-th) in
// year y, numbered after the body's earlier ones that year. The general
// meeting meets in June about the year before.
func archiveResolution(t archiveTopic, y, i, round int, number map[library.Body]int) libraryDoc {
	street := archiveStreets[(y+i+round*3)%len(archiveStreets)]
	amount := fmt.Sprintf("%d 000", 150+((y*7+i*13+round*29)%70)*10)
	month, about := 1+(i+round*4)%12, y
	if t.body == library.GeneralMeeting {
		month, about = 6, y-1
	}
	number[t.body]++
	text := make([]string, len(t.text))
	for k, p := range t.text {
		text[k] = fmt.Sprintf(p, about, street, amount)
	}
	vis := library.Members
	if t.body == library.Board {
		vis = library.Residents
	}
	return libraryDoc{draft: libDoc(library.Resolutions, t.body, libNumber(number[t.body], y),
		fmt.Sprintf(t.title, about, street, amount), vis, libDay(y, month, 3+round*9+i%6)), supersedes: -1, text: text}
}
