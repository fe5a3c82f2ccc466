package audit

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// everyAction lists the actions as stored, written out here and not taken
// from Actions(), so that an action added without a sentence fails.
var everyAction = []string{
	"login.success", "login.failure", "login.locked", "login.unlocked", "logout",
	"password.changed", "password.reset_requested", "password.reset", "start_password.issued",
	"totp.enrolled", "totp.recovery_used", "totp.reset",
	"application.filed", "application.confirmed", "application.in_verification", "application.check",
	"application.accepted", "application.rejected", "credentials.issued",
	"consent.granted", "consent.withdrawn", "person.viewed", "regulations.published", "access.extended",
	"ledger.posted", "ledger.imported", "charges.run", "fees.changed", "payment.allocated", "meter_reading.decided",
	"letter.drafted", "letter.submitted", "letter.approved", "letter.sent", "postal_batch.printed", "mail.retried",
	"message.filed", "message.assigned", "message.status", "message.replied", "message.noted", "mail.triaged", "announcement.posted",
	"announcement.withdrawn",
	"library.published", "library.changed", "library.downloaded", "library.notified",
	"bank_account.declared", "applications.purged", "personal_data.read", "credentials.checked",
	"meeting.changed", "meeting.draft_filed", "copy_request.filed", "copy_request.changed",
}

// sentenceNames are the names the sentence tests resolve ids with.
var sentenceNames = Names{
	Users: map[int64]UserName{
		7:  {Name: "Anna Nowak", Login: "anowak", Kind: "staff", Role: "settlements"},
		8:  {Name: "Piotr Zieliński", Login: "pzielinski", Kind: "staff", Role: "board"},
		23: {Name: "Jan Kowalski", Login: "E0000123", Kind: "resident"},
	},
	Persons:    map[int64]string{41: "Jan Kowalski"},
	Premises:   map[int64]string{57: "ul. Pogodna 4/57"},
	Components: map[int64]string{3: "Eksploatacja"},
}

// exampleEntries gives, per action, entries shaped as the services write
// them (the details of each call site).
func exampleEntries() map[string][]Entry {
	staff := Actor{CoopID: 1, UserID: 7, Name: "staff:anowak", IP: "203.0.113.7"}
	resident := Actor{CoopID: 1, UserID: 23, Name: "resident:E0000123", IP: "203.0.113.9"}
	anon := Actor{CoopID: 1, UserID: 23, Name: ActorAnonymous, IP: "198.51.100.4"}
	nobody := Actor{CoopID: 1, Name: ActorAnonymous, IP: "198.51.100.4"}
	at := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	did := func(a Actor, action string, subject string, d map[string]string) Entry {
		e := a.Did(at, Action(action), subject, d)
		e.PersonID = 41
		return e
	}
	return map[string][]Entry{
		"login.success":               {did(resident, "login.success", "user:23", map[string]string{"second_factor": "false"})},
		"login.failure":               {did(anon, "login.failure", "user:23", map[string]string{"door": "resident"}), did(nobody, "login.failure", "login", map[string]string{"door": "staff"}), did(anon, "login.failure", "user:23", map[string]string{"door": "resident", "device": "trusted"})},
		"login.locked":                {did(anon, "login.locked", "user:23", map[string]string{"door": "resident"}), did(anon, "login.locked", "user:23", map[string]string{"door": "resident", "device": "trusted"})},
		"login.unlocked":              {did(staff, "login.unlocked", "user:23", nil)},
		"logout":                      {did(resident, "logout", "user:23", nil)},
		"password.changed":            {did(resident, "password.changed", "user:23", nil)},
		"password.reset_requested":    {did(anon, "password.reset_requested", "user:23", nil), did(nobody, "password.reset_requested", "login", nil)},
		"password.reset":              {did(resident, "password.reset", "user:23", nil)},
		"start_password.issued":       {did(staff, "start_password.issued", "user:23", map[string]string{"login": "E0000123", "delivery": "print"})},
		"totp.enrolled":               {did(staff, "totp.enrolled", "user:7", nil)},
		"totp.recovery_used":          {did(staff, "totp.recovery_used", "user:7", nil)},
		"totp.reset":                  {did(System(1), "totp.reset", "user:8", map[string]string{"reason": "zgubiony telefon"})},
		"application.filed":           {did(nobody, "application.filed", "application:12", map[string]string{"service": "ebok", "route": "online", "attachments": "1"}), did(staff, "application.filed", "application:13", map[string]string{"service": "ikcs", "route": "desk", "id_document": "id_card"})},
		"application.confirmed":       {did(nobody, "application.confirmed", "application:12", nil)},
		"application.in_verification": {did(staff, "application.in_verification", "application:12", nil)},
		"application.check":           {did(staff, "application.check", "application:12", map[string]string{"check": "signature", "ok": "true"}), did(staff, "application.check", "application:12", map[string]string{"check": "signature", "ok": "false"}), did(staff, "application.check", "application:12", map[string]string{"check": "phone"})},
		"application.accepted":        {did(staff, "application.accepted", "application:12", nil)},
		"application.rejected":        {did(staff, "application.rejected", "application:12", map[string]string{"reason": "brak tytułu do lokalu"})},
		"credentials.issued":          {did(staff, "credentials.issued", "user:23", map[string]string{"login": "E0000123", "delivery": "email"})},
		"consent.granted":             {did(resident, "consent.granted", "person:41", map[string]string{"kind": "ekorespondencja", "source": "portal"})},
		"consent.withdrawn":           {did(resident, "consent.withdrawn", "person:41", map[string]string{"kind": "ekorespondencja", "source": "portal"})},
		"person.viewed":               {did(staff, "person.viewed", "person:41", nil)},
		"regulations.published":       {did(staff, "regulations.published", "regulations:4", map[string]string{"service": "ebok", "version": "3"})},
		"access.extended":             {did(staff, "access.extended", "premises:57", map[string]string{"until": "2027-01-31"})},
		"ledger.posted": {
			did(staff, "ledger.posted", "premises:57", map[string]string{"entry": "901", "kind": "payment", "amount": "-100.00", "reason": "wpłata w kasie"}),
			did(staff, "ledger.posted", "premises:57", map[string]string{"entry": "902", "kind": "charge", "amount": "25.50", "reason": "duplikat klucza"}),
			did(staff, "ledger.posted", "premises:57", map[string]string{"entry": "903", "kind": "interest", "amount": "3.10", "accrued_to": "21.11.2026", "reason": "odsetki"}),
			did(staff, "ledger.posted", "premises:57", map[string]string{"settlement": "4", "kind": "settlement", "amount": "-80.00", "reason": "woda 2026"}),
			did(staff, "ledger.posted", "premises:57", map[string]string{"credit": "77", "amount": "-450.00", "kind": "payment", "reason": "przypisanie wpłaty z wyciągu"}),
			did(staff, "ledger.posted", "premises:57", map[string]string{"entry": "904", "kind": "correction", "amount": "-12.00", "reason": "błąd"}),
		},
		"ledger.imported":        {did(staff, "ledger.imported", "import:5", map[string]string{"file": "fk.csv", "sha256": strings.Repeat("ab", 32), "rows": "120", "new": "118"}), did(staff, "ledger.imported", "import:6", map[string]string{"file": "mt940.sta", "format": "mt940", "credits": "40", "posted": "37", "unmatched": "3"})},
		"charges.run":            {did(staff, "charges.run", "month:2026-12", map[string]string{"accounts": "1200", "entries": "4800", "total": "612345.67"})},
		"fees.changed":           {did(staff, "fees.changed", "component:EKS", map[string]string{"name": "Eksploatacja", "base": "area"}), did(staff, "fees.changed", "component:3", map[string]string{"kind": "flat", "rate": "3.45", "from": "2027-01-01", "estate": "0", "premises": "0"})},
		"payment.allocated":      {did(staff, "payment.allocated", "premises:57", map[string]string{"payment": "901", "target": "902", "previous": "", "reason": "na prośbę mieszkańca"})},
		"meter_reading.decided":  {did(staff, "meter_reading.decided", "meter_reading:9", map[string]string{"decision": "accepted", "meter": "3", "read_on": "20.11.2026", "value": "123456"}), did(staff, "meter_reading.decided", "meter_reading:9", map[string]string{"decision": "corrected", "meter": "3", "read_on": "20.11.2026", "value": "123456", "corrected_value": "12345"}), did(staff, "meter_reading.decided", "meter_reading:9", map[string]string{"decision": "rejected", "meter": "3", "read_on": "20.11.2026", "value": "1"})},
		"letter.drafted":         {did(staff, "letter.drafted", "letter:14", map[string]string{"kind": "notice", "rule": "all", "recipients": "1200"})},
		"letter.submitted":       {did(staff, "letter.submitted", "letter:14", map[string]string{"recipients": "1200"})},
		"letter.approved":        {did(Actor{CoopID: 1, UserID: 8, Name: "staff:pzielinski"}, "letter.approved", "letter:14", map[string]string{"recipients": "1200"})},
		"letter.sent":            {did(staff, "letter.sent", "letter:14", map[string]string{"recipients": "12"})},
		"postal_batch.printed":   {did(staff, "postal_batch.printed", "postal_batch:2", map[string]string{"letters": "31"})},
		"mail.retried":           {did(staff, "mail.retried", "outbox:77", nil)},
		"message.filed":          {did(resident, "message.filed", "thread:5", map[string]string{"register": "KW/2026/00012", "channel": "portal"})},
		"message.assigned":       {did(staff, "message.assigned", "thread:5", map[string]string{"assigned_to": "8"})},
		"message.status":         {did(staff, "message.status", "thread:5", map[string]string{"from": "new", "to": "closed"})},
		"message.replied":        {did(staff, "message.replied", "thread:5", map[string]string{"status": "answered", "emailed": "true"})},
		"message.noted":          {did(staff, "message.noted", "thread:5", nil)},
		"mail.triaged":           {did(staff, "mail.triaged", "mail_in:3", map[string]string{"dismissed": "yes"}), did(staff, "mail.triaged", "mail_in:4", map[string]string{"application": "15"})},
		"bank_account.declared":  {did(staff, "bank_account.declared", "bank_account:2", map[string]string{"nrb": "61109010140000071219812874", "purpose": "payments", "currency": "PLN"})},
		"applications.purged":    {did(System(1), "applications.purged", "applications", map[string]string{"unconfirmed": "3", "decided": "1", "files": "4", "applications": "12,13", "retention_days": "365"})},
		"personal_data.read":     {did(staff, "personal_data.read", "/staff/premises/57", nil), did(staff, "personal_data.read", "/staff/search", map[string]string{"query": "sokolowska", "params": "q=sokolowska"})},
		"credentials.checked":    {did(staff, "credentials.checked", "login", map[string]string{"matched": "true"}), did(staff, "credentials.checked", "login", map[string]string{"matched": "false"})},
		"meeting.changed":        {did(staff, "meeting.changed", "meeting:3", map[string]string{"change": "created", "first_part": "2027-01-10", "parts": "2"}), did(staff, "meeting.changed", "meeting:3", map[string]string{"change": "votes"})},
		"meeting.draft_filed":    {did(resident, "meeting.draft_filed", "meeting:3", map[string]string{"draft": "5"})},
		"copy_request.filed":     {did(resident, "copy_request.filed", "copy_request:4", map[string]string{"category": "contract", "document": "0", "title": "Umowa najmu", "fee": "2000"})},
		"copy_request.changed":   {did(staff, "copy_request.changed", "copy_request:4", map[string]string{"status": "ready"}), did(staff, "copy_request.changed", "library_settings", map[string]string{"copy_fee": "2000"})},
		"announcement.posted":    {did(staff, "announcement.posted", "announcement:2", map[string]string{"audience": "all", "emailed": "800"})},
		"announcement.withdrawn": {did(staff, "announcement.withdrawn", "announcement:2", nil)},
		"library.published":      {did(staff, "library.published", "library_document:6", map[string]string{"file": "9", "version": "2", "anonymised": "true", "sha256": strings.Repeat("cd", 32)})},
		"library.changed":        {did(staff, "library.changed", "library_document:6", map[string]string{"change": "status", "status": "archived"})},
		"library.downloaded":     {did(resident, "library.downloaded", "library_file:9", map[string]string{"document": "6", "version": "2"})},
		"library.notified":       {did(System(1), "library.notified", "library_document:6", map[string]string{"recipients": "1234"})},
	}
}

func TestEveryActionHasASentence(t *testing.T) {
	got := make([]string, 0, len(Actions()))
	for _, a := range Actions() {
		got = append(got, string(a))
	}
	want := slices.Clone(everyAction)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("Actions() = %v,\nthe test lists %v: give the new action a sentence and list it here", got, want)
	}
	cat := i18n.New()
	examples := exampleEntries()
	for _, lang := range []i18n.Lang{i18n.Polish, i18n.English} {
		for _, a := range everyAction {
			if !cat.Has(lang, SentenceKey(Action(a))) {
				t.Errorf("%s: no sentence template for %q", lang, a)
			}
			if len(examples[a]) == 0 {
				t.Errorf("no example entry for %q", a)
			}
		}
	}
}

// rawKey matches what must never reach a board member: key=value pairs,
// subjects such as premises:57, actor names such as staff:anna or
// anonymous, amounts with a decimal dot, unfilled {parts}, missing
// catalogue keys in brackets, snake_case words.
var rawKey = regexp.MustCompile(`=|\b[a-z_]+:\d|\b(staff|resident|member):|anonymous|system\b|(?:^|[^\d.])-?\d+\.\d\d(?:$|[^\d.])|[{}]|\[|\w_\w|\btrue\b|\bfalse\b`)

func TestSentencesCarryNoRawKeys(t *testing.T) {
	cat := i18n.New()
	for _, lang := range []i18n.Lang{i18n.Polish, i18n.English} {
		l := cat.For(lang)
		for action, entries := range exampleEntries() {
			for _, e := range entries {
				s := Sentence(l.T, e, sentenceNames)
				if m := rawKey.FindString(s); m != "" {
					t.Errorf("%s %s: %q carries %q", lang, action, s, m)
				}
				if s == "" || strings.Contains(s, "  ") || strings.HasSuffix(s, " ") {
					t.Errorf("%s %s: badly spaced %q", lang, action, s)
				}
			}
		}
	}
}

func TestSentencesReadAsTheIssueAsks(t *testing.T) {
	l := i18n.New().For(i18n.Polish)
	ex := exampleEntries()
	for _, c := range []struct {
		entry Entry
		want  string
	}{
		{ex["ledger.posted"][0], "Anna Nowak (rozliczenia): zaksięgowanie wpłaty 100,00\u00a0zł na lokal ul. Pogodna 4/57 – „wpłata w kasie”"},
		{ex["ledger.posted"][4], "Anna Nowak (rozliczenia): przypisanie wpłaty 450,00\u00a0zł z wyciągu bankowego do lokalu ul. Pogodna 4/57"},
		{ex["login.failure"][0], "Nieudane logowanie na konto E0000123 (Jan Kowalski) z adresu 198.51.100.4"},
		{ex["login.failure"][1], "Nieudane logowanie na nieistniejące konto z adresu 198.51.100.4"},
		{ex["login.failure"][2], "Nieudane logowanie na konto E0000123 (Jan Kowalski) z zaufanej przeglądarki tego konta z adresu 198.51.100.4"},
		{ex["login.locked"][0], "Zablokowanie konta E0000123 (Jan Kowalski) po kolejnych nieudanych logowaniach z adresu 198.51.100.4"},
		{ex["login.locked"][1], "Zablokowanie zaufanej przeglądarki konta E0000123 (Jan Kowalski) po kolejnych nieudanych logowaniach z adresu 198.51.100.4 (logowanie z innych przeglądarek bez zmian)"},
		{ex["charges.run"][0], "Anna Nowak (rozliczenia): naliczenie opłat za miesiąc 12.2026 (lokale: 1200, pozycje: 4800, razem 612\u00a0345,67\u00a0zł)"},
		{ex["fees.changed"][1], "Anna Nowak (rozliczenia): ustawienie stawki 3,45\u00a0zł dla składnika „Eksploatacja” od dnia 01.01.2027"},
		{ex["application.filed"][0], "Złożenie wniosku nr 12 o dostęp do E-BOK przez formularz w internecie z adresu 198.51.100.4"},
		{ex["message.assigned"][0], "Anna Nowak (rozliczenia): przydzielenie wątku nr 5 – prowadzi Piotr Zieliński (zarząd)"},
		{ex["totp.reset"][0], "ebok (automatycznie): odebranie aplikacji uwierzytelniającej kontu pzielinski (Piotr Zieliński) – „zgubiony telefon”"},
		{ex["library.notified"][0], "ebok (automatycznie): powiadomienie członków e-mailem o dokumencie nr 6 w bibliotece (wiadomości: 1234)"},
		{ex["person.viewed"][0], "Anna Nowak (rozliczenia): wgląd w dane osobowe (Jan Kowalski)"},
	} {
		if got := Sentence(l.T, c.entry, sentenceNames); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.entry.Action, got, c.want)
		}
	}
	// Ids the names lack are told by number, never as the stored key.
	e := ex["ledger.posted"][0]
	e.Subject, e.ActorID, e.Actor = "premises:999", 0, "staff:ghost"
	if got, want := Sentence(l.T, e, Names{}), "konto ghost: zaksięgowanie wpłaty 100,00\u00a0zł na lokal nr 999 – „wpłata w kasie”"; got != want {
		t.Errorf("unknown ids:\n got %q\nwant %q", got, want)
	}
}

func TestLookupNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		other := storetest.InsertCoop(t, db, "b")
		var estate, building, premises, person, staff, resident, component, foreign int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			q := func(dst *int64, query string, args ...any) {
				if err := tx.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(dst); err != nil {
					t.Fatalf("%s: %v", query, err)
				}
			}
			now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
			q(&estate, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
				VALUES ($1, 'P', 'Pogodne', 'ul. Pogodna 1', '00-001', 'Warszawa', '22 000 00 00', 'p@example.org')`, coop)
			q(&building, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city) VALUES ($1, $2, 'ul. Pogodna', '4', '00-001', 'Warszawa')`, coop, estate)
			q(&premises, `INSERT INTO premises (coop_id, building_id, kind, number, usable_area) VALUES ($1, $2, 'flat', '57', 4830)`, coop, building)
			q(&person, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, created_at) VALUES ($1, 'Jan', 'Kowalski', 'ul. Pogodna 4/57', '00-001', 'Warszawa', $2)`, coop, now)
			q(&staff, `INSERT INTO users (coop_id, kind, login, display_name, role, password_hash, created_at) VALUES ($1, 'staff', 'anowak', 'Anna Nowak', 'settlements', 'x', $2)`, coop, now)
			q(&resident, `INSERT INTO users (coop_id, kind, login, person_id, display_name, password_hash, created_at) VALUES ($1, 'resident', 'E0000123', $2, 'Jan Kowalski', 'x', $3)`, coop, person, now)
			q(&component, `INSERT INTO fee_components (coop_id, code, name, base, position) VALUES ($1, 'EKS', 'Eksploatacja', 'area', 1)`, coop)
			q(&foreign, `INSERT INTO users (coop_id, kind, login, display_name, role, password_hash, created_at) VALUES ($1, 'staff', 'obcy', 'Obcy Pracownik', 'admin', 'x', $2)`, other, now)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
		entries := []Entry{
			{CoopID: coop, At: at, ActorID: staff, Actor: "staff:anowak", Action: LedgerPosted, Subject: "premises:" + itoa(premises), PersonID: person,
				Details: map[string]string{"kind": "payment", "amount": "-100.00"}},
			{CoopID: coop, At: at, ActorID: resident, Actor: ActorAnonymous, Action: LoginFailure, Subject: "user:" + itoa(resident), IP: "203.0.113.7"},
			{CoopID: coop, At: at, ActorID: foreign, Actor: "staff:obcy", Action: FeesChanged, Subject: "component:" + itoa(component),
				Details: map[string]string{"rate": "3.45", "from": "2027-01-01"}},
		}
		n, err := LookupNames(ctx, db.Read(), coop, entries)
		if err != nil {
			t.Fatal(err)
		}
		l := i18n.New().For(i18n.Polish)
		for i, want := range []string{
			"Anna Nowak (rozliczenia): zaksięgowanie wpłaty 100,00\u00a0zł na lokal ul. Pogodna 4/57",
			"Nieudane logowanie na konto E0000123 (Jan Kowalski) z adresu 203.0.113.7",
			// Another cooperative's login is not named.
			"konto obcy: ustawienie stawki 3,45\u00a0zł dla składnika „Eksploatacja” od dnia 01.01.2027",
		} {
			if got := Sentence(l.T, entries[i], n); got != want {
				t.Errorf("entry %d:\n got %q\nwant %q", i, got, want)
			}
		}
		if n.Persons[person] != "Jan Kowalski" {
			t.Errorf("person = %q", n.Persons[person])
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
