package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
)

func testCoop() Coop {
	return Coop{
		Name:       "Spółdzielnia Mieszkaniowa „Na Skraju”",
		Street:     "ul. Żeromskiego 12",
		PostalCode: "90-001",
		City:       "Łódź",
		Phone:      "42 123 45 67",
		Email:      "sekretariat@naskraju.pl",
		Website:    "https://naskraju.pl",
	}
}

func prefilled() FormData {
	return FormData{
		FirstName:           "Łukasz",
		LastName:            "Żółkiewski-Gęślak",
		Street:              "ul. Żółkiewskiego 7 m. 3",
		PostalCode:          "90-418",
		City:                "ZAŻÓŁĆ GĘŚLĄ JAŹŃ",
		Email:               "lukasz.zolkiewski@example.pl",
		Phone:               "600 700 800",
		PremisesStreet:      "ul. Źródlana",
		PremisesHouse:       "15A",
		PremisesNumber:      "42",
		Role:                RoleMember,
		RegisterNumber:      "CZ-1234",
		RegulationTitle:     "Regulamin e-BOK i e-Korespondencji",
		RegulationVersion:   3,
		RegulationsAccepted: true,
		EKorespondencja:     true,
		Reference:           "ZG/2026/00017",
	}
}

func testPassword() StartPasswordData {
	return StartPasswordData{
		Service:    ServiceEBOK,
		PersonName: "Łukasz Żółkiewski",
		Login:      "E0001234",
		Password:   "Kx7pQ2mZ9wLt",
		ExpiresOn:  "05.12.2026",
		IssuedOn:   "21.11.2026",
		IssuedBy:   "Anna Ślęzak",
		LoginURL:   "https://naskraju.pl/logowanie",
	}
}

func newRenderer(tb testing.TB) *Renderer {
	tb.Helper()
	r, err := NewRenderer()
	if err != nil {
		tb.Fatalf("NewRenderer: %v", err)
	}
	return r
}

// needPoppler skips the test when poppler-utils are not installed.
func needPoppler(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: install poppler-utils (apt-get install -y poppler-utils) to read the PDFs back; CI installs it", tool)
		}
	}
}

// readBack writes the PDF to a temporary file and returns its text
// (pdftotext -layout) and page count (pdfinfo).
func readBack(t *testing.T, pdf []byte) (string, int) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output does not start with %%PDF-: %q", pdf[:min(len(pdf), 16)])
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("EBOK_PDF_KEEP"); dir != "" { // for looking at the output
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".pdf"
		if err := os.WriteFile(filepath.Join(dir, name), pdf, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	text, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", info)
	}
	pages, err := strconv.Atoi(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	return string(text), pages
}

func assertContains(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("text read back:\n%s", text)
	}
}

// assertContainsFlat is assertContains for phrases a paragraph may wrap:
// every run of white space in the text counts as one space.
func assertContainsFlat(t *testing.T, text string, want ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(text), " ")
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("text lacks %q (line breaks ignored)", w)
		}
	}
	if t.Failed() {
		t.Logf("text read back:\n%s", text)
	}
}

func assertLacks(t *testing.T, text string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(text, u) {
			t.Errorf("text has %q, which it should not", u)
		}
	}
}

func renderForm(t *testing.T, r *Renderer, s Service, fd FormData) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.ApplicationForm(&buf, testCoop(), s, fd); err != nil {
		t.Fatalf("ApplicationForm: %v", err)
	}
	return buf.Bytes()
}

// common is what every application form says, blank or filled in.
func common() []string {
	return []string{
		"Spółdzielnia Mieszkaniowa „Na Skraju”",
		"ul. Żeromskiego 12, 90-001 Łódź",
		"tel. 42 123 45 67",
		"sekretariat@naskraju.pl",
		"Imię", "Nazwisko", "Adres e-mail do korespondencji", "Telefon kontaktowy",
		"Nr budynku", "Nr lokalu",
		"członkiem Spółdzielni", "właścicielem lokalu", "najemcą lokalu",
		"Regulamin (wymagane).",
		"Zgoda na e-Korespondencję (dobrowolna).",
		"Data i czytelny podpis", "czytelny podpis (imię i nazwisko)",
		"Wypełnia spółdzielnia", "Data przyjęcia:", "Dokument tożsamości okazany – rodzaj:",
		"3 ostatnie znaki numeru:", "Podpis pracownika:",
		"Osobiście:", "Elektronicznie:", "podpisem zaufanym", "podpisem osobistym",
		"Klauzula informacyjna o przetwarzaniu danych osobowych (RODO)",
		"Prezesa Urzędu Ochrony",
		"nie kopiujemy go ani nie skanujemy",
		"strona 1 z 2", "strona 2 z 2",
	}
}

func TestApplicationFormBlank(t *testing.T) {
	needPoppler(t)
	r := newRenderer(t)
	for _, tc := range []struct {
		service Service
		want    []string
		lacks   []string
	}{
		{ServiceEBOK, []string{"Formularz zgłoszeniowy e-BOK", "Jak złożyć formularz"},
			[]string{"Oświadczenie –", "numer rejestru członkowskiego"}},
		{ServiceIKCS, []string{"Oświadczenie", "Oświadczenie – Internetowe Konto Członka Spółdzielni (IKCS)",
			"Numer rejestru członkowskiego", "numer rejestru członkowskiego", "Jak złożyć oświadczenie"},
			[]string{"Formularz zgłoszeniowy e-BOK"}},
	} {
		t.Run(string(tc.service), func(t *testing.T) {
			text, pages := readBack(t, renderForm(t, r, tc.service, FormData{}))
			if pages < 1 || pages > 2 {
				t.Errorf("%d pages, want 1 or 2", pages)
			}
			assertContains(t, text, common()...)
			assertContains(t, text, tc.want...)
			assertContains(t, text, "Prosimy wypełnić czytelnie, drukowanymi literami.")
			if tc.service == ServiceEBOK {
				assertContainsFlat(t, text, "Oświadczam, że zapoznałem(-am) się z regulaminem usługi e-BOK i e-Korespondencja i akceptuję jego postanowienia.")
			} else {
				assertContainsFlat(t, text, "Oświadczam, że zapoznałem(-am) się z regulaminem Internetowego Konta Członka Spółdzielni (IKCS) i akceptuję jego postanowienia.")
			}
			assertContainsFlat(t, text,
				"jako wiadomości e-mail z załączonym plikiem PDF",
				"która nie wymaga własnoręcznego podpisu ani pisemnego potwierdzenia odbioru",
				"Zgodę mogę wycofać w każdej chwili",
				"Administratorem Twoich danych osobowych jest Spółdzielnia Mieszkaniowa „Na Skraju”, ul. Żeromskiego 12, 90-001 Łódź.",
				"prawo dostępu do swoich danych, ich sprostowania, usunięcia lub ograniczenia przetwarzania oraz prawo wniesienia sprzeciwu",
				"skargi do Prezesa Urzędu Ochrony Danych Osobowych (Prezes UODO",
				"wyślij na adres sekretariat@naskraju.pl z adresu e-mail do korespondencji zgłoszonego w Spółdzielni",
			)
			assertLacks(t, text, tc.lacks...)
			assertLacks(t, text, "Łukasz", "Nr zgłoszenia: ", "X ", "wersja")
		})
	}
}

func TestApplicationFormPrefilled(t *testing.T) {
	needPoppler(t)
	r := newRenderer(t)
	for _, s := range []Service{ServiceEBOK, ServiceIKCS} {
		t.Run(string(s), func(t *testing.T) {
			text, pages := readBack(t, renderForm(t, r, s, prefilled()))
			if pages < 1 || pages > 2 {
				t.Errorf("%d pages, want 1 or 2", pages)
			}
			assertContains(t, text, common()...)
			assertContains(t, text,
				"Łukasz", "Żółkiewski-Gęślak", "ul. Żółkiewskiego 7 m. 3", "90-418", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ",
				"lukasz.zolkiewski@example.pl", "600 700 800", "ul. Źródlana", "15A",
				"Nr zgłoszenia: ZG/2026/00017",
			)
			assertContainsFlat(t, text, "Regulamin: „Regulamin e-BOK i e-Korespondencji”, wersja 3.")
			// The member box is ticked; the other two are not.
			if !regexp.MustCompile(`X\s+członkiem Spółdzielni`).MatchString(text) {
				t.Errorf("the member box is not ticked:\n%s", text)
			}
			if regexp.MustCompile(`X\s+(właścicielem|najemcą) lokalu`).MatchString(text) {
				t.Errorf("a role box other than member is ticked")
			}
			assertLacks(t, text, "Prosimy wypełnić czytelnie")
			if s == ServiceIKCS {
				assertContains(t, text, "CZ-1234", "Oświadczenie – Internetowe Konto Członka Spółdzielni (IKCS)")
			} else {
				assertContains(t, text, "Formularz zgłoszeniowy e-BOK")
				assertLacks(t, text, "CZ-1234")
			}
		})
	}
}

func TestApplicationFormLongValuesStayOnTwoPages(t *testing.T) {
	needPoppler(t)
	r := newRenderer(t)
	fd := prefilled()
	fd.LastName = strings.Repeat("Brzęczyszczykiewicz-", 6) + "Chrząszczyżewoszycki"
	fd.Street = "ul. " + strings.Repeat("Konstantego Ildefonsa Gałczyńskiego ", 3) + "7"
	fd.RegulationTitle = strings.Repeat("Regulamin korzystania z e-BOK ", 8)
	fd.Email = "bardzo.dlugi.adres\n\tz.nowa.linia@example.pl"
	c := testCoop()
	c.Name = strings.Repeat("Spółdzielnia Mieszkaniowa Lokatorsko-Własnościowa ", 3)
	var buf bytes.Buffer
	if err := r.ApplicationForm(&buf, c, ServiceIKCS, fd); err != nil {
		t.Fatalf("ApplicationForm: %v", err)
	}
	text, pages := readBack(t, buf.Bytes())
	if pages > 2 {
		t.Errorf("%d pages, want at most 2", pages)
	}
	assertContains(t, text, "Łukasz")
	assertLacks(t, text, "\t")
}

func TestStartPassword(t *testing.T) {
	needPoppler(t)
	r := newRenderer(t)
	for _, tc := range []struct {
		name  string
		edit  func(*StartPasswordData)
		want  []string
		lacks []string
	}{
		{"ebok-long", func(*StartPasswordData) {}, []string{
			"Dane do logowania", "e-BOK – Elektroniczne Biuro Obsługi Klienta",
			"Identyfikator e-BOK (login)", "E0001234", "Kx7p Q2mZ 9wLt",
			"hasło wpisz bez spacji", "ważne do 05.12.2026",
			"https://naskraju.pl/logowanie", "tu odetnij",
			"Wydano: 21.11.2026", "Wydał(a): Anna Ślęzak", "Łukasz Żółkiewski",
			"Potwierdzenie odbioru", "ul. Żeromskiego 12, 90-001 Łódź",
		}, []string{"Kx7pQ2mZ9wLt", "IKCS – Internetowe"}},
		{"ikcs-short", func(s *StartPasswordData) {
			s.Service, s.Login, s.Password, s.LoginURL = ServiceIKCS, "CZ-1234", "Ab3dEf7h", ""
		}, []string{
			"IKCS – Internetowe Konto Członka Spółdzielni", "Login IKCS", "CZ-1234", "Ab3dEf7h",
			"Wielkość liter ma znaczenie.", "Wejdź na https://naskraju.pl i wybierz",
		}, []string{"bez spacji", "Ab3d Ef7h", "e-BOK – Elektroniczne"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := testPassword()
			tc.edit(&s)
			var buf bytes.Buffer
			if err := r.StartPassword(&buf, testCoop(), s); err != nil {
				t.Fatalf("StartPassword: %v", err)
			}
			text, pages := readBack(t, buf.Bytes())
			if pages != 1 {
				t.Errorf("%d pages, want 1", pages)
			}
			assertContains(t, text, tc.want...)
			assertContainsFlat(t, text, "Spółdzielnia nigdy nie prosi o podanie hasła",
				"Przy pierwszym logowaniu system poprosi o zmianę hasła startowego")
			if s.Service == ServiceEBOK {
				assertContainsFlat(t, text, "wybierz panel logowania e-BOK (nie IKCS)")
			} else {
				assertContainsFlat(t, text, "wybierz panel logowania IKCS – dla członków Spółdzielni (nie e-BOK)")
			}
			assertLacks(t, text, tc.lacks...)
			// The password is printed once: never on the receipt.
			if n := strings.Count(text, groups(s.Password)); n != 1 {
				t.Errorf("password printed %d times, want 1", n)
			}
			if n := strings.Count(text, s.Login); n != 2 {
				t.Errorf("login printed %d times, want 2 (credentials and receipt)", n)
			}
		})
	}
}

func TestStartPasswordLongValuesStayOnOnePage(t *testing.T) {
	needPoppler(t)
	r := newRenderer(t)
	s := testPassword()
	s.PersonName = strings.Repeat("Konstanty Ildefons Gałczyński ", 8)
	s.IssuedBy = strings.Repeat("Małgorzata Brzęczyszczykiewicz ", 5)
	s.LoginURL = "https://bardzo-dluga-nazwa-spoldzielni-mieszkaniowej.example.pl/" + strings.Repeat("strefa-mieszkanca/", 6)
	s.Login = strings.Repeat("L", maxCredential)
	s.Password = strings.Repeat("Ab3d", maxCredential/4)
	c := testCoop()
	c.Name = strings.Repeat("Spółdzielnia Mieszkaniowa ", 8)
	var buf bytes.Buffer
	if err := r.StartPassword(&buf, c, s); err != nil {
		t.Fatalf("StartPassword: %v", err)
	}
	text, pages := readBack(t, buf.Bytes())
	if pages != 1 {
		t.Errorf("%d pages, want 1", pages)
	}
	assertContains(t, text, groups(s.Password), s.Login)
}

func TestInvalidInput(t *testing.T) {
	r := newRenderer(t)
	c := testCoop()
	for name, err := range map[string]error{
		"form service": r.ApplicationForm(io.Discard, c, "bok", FormData{}),
		"form role":    r.ApplicationForm(io.Discard, c, ServiceEBOK, FormData{Role: "landlord"}),
		"form version": r.ApplicationForm(io.Discard, c, ServiceEBOK, FormData{RegulationVersion: -1}),
		"pass service": r.StartPassword(io.Discard, c, StartPasswordData{Login: "a", Password: "b", ExpiresOn: "x"}),
		"pass empty":   r.StartPassword(io.Discard, c, StartPasswordData{Service: ServiceEBOK, Login: "a", ExpiresOn: "x"}),
		"pass space": r.StartPassword(io.Discard, c, StartPasswordData{Service: ServiceEBOK, Login: "a",
			Password: "ab cd", ExpiresOn: "x"}),
		"pass glyph": r.StartPassword(io.Discard, c, StartPasswordData{Service: ServiceEBOK, Login: "a",
			Password: "ab😀cd", ExpiresOn: "x"}),
		"pass expiry":   r.StartPassword(io.Discard, c, StartPasswordData{Service: ServiceEBOK, Login: "a", Password: "b"}),
		"zero renderer": new(Renderer).StartPassword(io.Discard, c, testPassword()),
		"pass long": r.StartPassword(io.Discard, c, StartPasswordData{Service: ServiceEBOK, Login: "a",
			Password: strings.Repeat("x", maxCredential+1), ExpiresOn: "x"}),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

func TestWriteErrorIsReturned(t *testing.T) {
	r := newRenderer(t)
	if err := r.ApplicationForm(failWriter{}, testCoop(), ServiceEBOK, FormData{}); err == nil {
		t.Error("ApplicationForm: no error from a failing writer")
	}
	if err := r.StartPassword(failWriter{}, testCoop(), testPassword()); err == nil {
		t.Error("StartPassword: no error from a failing writer")
	}
}

func TestCleanReplacesWhatTheFontsLack(t *testing.T) {
	r := newRenderer(t)
	for in, want := range map[string]string{
		"Łukasz":              "Łukasz",
		"  a\n\tb  ":          "a b",
		"Jan 😀 Kowalski":      "Jan ? Kowalski",
		"„cytat” – ZAŻÓŁĆ":    "„cytat” – ZAŻÓŁĆ",
		"Ω Ж é":               "Ω Ж é",
		"\x00zero\u200bspace": "zero?space",
	} {
		if got := r.clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGroups(t *testing.T) {
	for in, want := range map[string]string{
		"Ab3dEf7h":       "Ab3dEf7h",
		"Ab3dEf7hX":      "Ab3d Ef7h X",
		"Kx7pQ2mZ9wLt":   "Kx7p Q2mZ 9wLt",
		"ąćęłńóśźżĄĆĘŁŃ": "ąćęł ńóśź żĄĆĘ ŁŃ",
	} {
		if got := groups(in); got != want {
			t.Errorf("groups(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestConcurrent renders 50 documents at once from one Renderer; run with
// -race. The font data must come out unchanged.
func TestConcurrent(t *testing.T) {
	r := newRenderer(t)
	before := sha256.Sum256(goregular.TTF)
	var own [][32]byte
	for _, fc := range r.faces {
		own = append(own, sha256.Sum256(fc.ttf))
	}
	const n = 50
	out := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var buf bytes.Buffer
			switch i % 3 {
			case 0:
				errs[i] = r.StartPassword(&buf, testCoop(), testPassword())
			case 1:
				errs[i] = r.ApplicationForm(&buf, testCoop(), ServiceEBOK, prefilled())
			default:
				errs[i] = r.ApplicationForm(&buf, testCoop(), ServiceIKCS, FormData{})
			}
			out[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("document %d: %v", i, errs[i])
		}
		if !bytes.HasPrefix(out[i], []byte("%PDF-")) || len(out[i]) < 1000 {
			t.Fatalf("document %d is not a PDF (%d bytes)", i, len(out[i]))
		}
	}
	if sha256.Sum256(goregular.TTF) != before {
		t.Error("rendering changed goregular.TTF")
	}
	for i, fc := range r.faces {
		if sha256.Sum256(fc.ttf) != own[i] {
			t.Errorf("rendering changed the font data of %s %q", fc.family, fc.style)
		}
	}
	needPoppler(t) // the checks above ran; reading back needs poppler-utils
	for _, i := range []int{0, 1, 2} {
		text, _ := readBack(t, out[i])
		if !strings.Contains(text, "Spółdzielnia Mieszkaniowa „Na Skraju”") {
			t.Errorf("document %d reads back wrong:\n%s", i, text)
		}
	}
}

func BenchmarkStartPassword(b *testing.B) {
	r := newRenderer(b)
	c, s := testCoop(), testPassword()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.StartPassword(&buf, c, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkApplicationForm(b *testing.B) {
	r := newRenderer(b)
	c, fd := testCoop(), prefilled()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.ApplicationForm(&buf, c, ServiceEBOK, fd); err != nil {
			b.Fatal(err)
		}
	}
}
