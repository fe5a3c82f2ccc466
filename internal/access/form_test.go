package access

import (
	"bytes"
	"strings"
	"testing"
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
