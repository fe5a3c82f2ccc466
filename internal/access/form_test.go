package access

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/i18n"
)

func validForm() Form {
	return Form{Portal: EBOK, FirstName: "Łukasz", LastName: "Żółkiewski", Street: "ul. Mickiewicza 5/12",
		PostalCode: "00-950", City: "Warszawa", Email: "lukasz@example.pl", Phone: "600 123 456",
		PremisesStreet: "ul. Mickiewicza", PremisesHouse: "5", PremisesNumber: "12", Role: RoleOwner, AcceptRules: true}
}

func TestValidate(t *testing.T) {
	f := validForm()
	if errs := f.Validate(); len(errs) != 0 {
		t.Fatalf("valid form: %v", errs)
	}
	cases := []struct {
		name  string
		edit  func(*Form)
		field string
		key   string
	}{
		{"no first name", func(f *Form) { f.FirstName = "" }, "first_name", "apply.error.first_name.required"},
		{"postal code", func(f *Form) { f.PostalCode = "00950" }, "postal_code", "apply.error.postal_code.format"},
		{"e-mail", func(f *Form) { f.Email = "lukasz@localhost" }, "email", "apply.error.email.format"},
		{"e-mail with name", func(f *Form) { f.Email = "Łukasz <l@example.pl>" }, "email", "apply.error.email.format"},
		{"phone", func(f *Form) { f.Phone = "dzwoń" }, "phone", "apply.error.phone.format"},
		{"no house", func(f *Form) { f.PremisesHouse = "" }, "premises_house", "apply.error.premises_house.required"},
		{"no role", func(f *Form) { f.Role = "" }, "role", "apply.error.role.required"},
		{"rules", func(f *Form) { f.AcceptRules = false }, "accept_rules", "apply.error.accept_rules.required"},
		{"too long", func(f *Form) { f.City = strings.Repeat("ż", 61) }, "city", "apply.error.too_long"},
		{"NUL", func(f *Form) { f.City = "War\x00szawa" }, "city", "apply.error.characters"},
		{"not UTF-8", func(f *Form) { f.LastName = "\xafó\xb3kiewski" }, "last_name", "apply.error.characters"},
		{"ikcs register", func(f *Form) { f.Portal, f.Role = IKCS, RoleMember }, "register_number", "apply.error.register_number.required"},
		{"ikcs member only", func(f *Form) { f.Portal, f.RegisterNumber = IKCS, "12" }, "role", "apply.error.role.member"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := validForm()
			tc.edit(&f)
			errs := f.Validate()
			if errs[tc.field] != tc.key {
				t.Errorf("errors %v, want %s=%s", errs, tc.field, tc.key)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	f := Form{FirstName: "  Jan  ", Email: " Jan.Nowak@Example.PL ", Street: "ul.  Długa   1"}
	f.Normalize()
	if f.FirstName != "Jan" || f.Email != "jan.nowak@example.pl" || f.Street != "ul. Długa 1" {
		t.Errorf("%+v", f)
	}
}

// Sample attachments for the service tests.
var (
	jpeg = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{1}, 100)...)
	png  = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{2}, 100)...)
	pdf  = []byte("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
)

func TestStreetKey(t *testing.T) {
	for _, s := range []string{"ul. Mickiewicza", "Mickiewicza", "  UL.  mickiewicza ", "ulica Mickiewicza"} {
		if streetKey(s) != "mickiewicza" {
			t.Errorf("streetKey(%q) = %q", s, streetKey(s))
		}
	}
}

// FuzzValidate: whatever an applicant types, Normalize leaves no white
// space to trim or fold, and Validate names only the form's fields, each
// with a message the catalogue words in both languages; a form it
// accepts is text PostgreSQL stores, and has its e-mail's domain, postal
// code and phone as the page asks for them.
func FuzzValidate(f *testing.F) {
	v := validForm()
	f.Add(v.FirstName, v.LastName, v.PostalCode, v.Email, v.Phone, v.PremisesHouse, "")
	f.Add("  Jan  ", "ul.  Długa   1", "00950", " Jan.Nowak@Example.PL ", "dzwoń", "", "12")
	f.Add("Łukasz", "Żółkiewski", "00-950", "Łukasz <l@example.pl>", "+48 (22) 123-45-67", "5", "AB/12-3")
	words := i18n.New()
	f.Fuzz(func(t *testing.T, first, last, postal, email, phone, house, register string) {
		form := validForm()
		form.FirstName, form.LastName, form.PostalCode, form.Email = first, last, postal, email
		form.Phone, form.PremisesHouse, form.RegisterNumber = phone, house, register
		if register != "" {
			form.Portal, form.Role = IKCS, RoleMember
		}
		form.Normalize()
		for _, s := range []string{form.FirstName, form.LastName, form.PostalCode, form.Email, form.Phone, form.PremisesHouse, form.RegisterNumber} {
			if s != strings.Join(strings.Fields(s), " ") {
				t.Fatalf("Normalize left %q", s)
			}
		}
		errs := form.Validate()
		for field, key := range errs {
			if !slices.Contains(Fields, field) || !words.Has(i18n.Polish, key) || !words.Has(i18n.English, key) {
				t.Fatalf("%+v: error %s=%s", form, field, key)
			}
		}
		if len(errs) > 0 {
			return
		}
		for field, v := range form.texts() {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				t.Fatalf("accepted %s %q, which PostgreSQL refuses", field, v)
			}
		}
		at := strings.LastIndexByte(form.Email, '@')
		if at <= 0 || !strings.Contains(form.Email[at:], ".") || len(form.PostalCode) != 6 || len(form.Phone) < 9 {
			t.Fatalf("accepted %+v", form)
		}
	})
}
