package documents

import (
	"testing"
	"time"

	"github.com/ebok/ebok/internal/auth"
)

func TestStartPasswordPDF(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range []struct {
		kind  auth.Kind
		login string
		want  []string
	}{
		{auth.Resident, "E0001234", []string{"E0001234", "https://ebok.naskraju.pl/#ebok"}},
		{auth.Member, "CZ-1001", []string{"CZ-1001", "Login IKCS", "https://ebok.naskraju.pl/#ikcs"}},
	} {
		p := StartPassword{Coop: testCoop(), User: &auth.User{Kind: tc.kind, Login: tc.login, DisplayName: "Łukasz Kowalski"},
			Password: "Kx7pQ2mZ9wLt", ExpiresOn: date(2026, time.December, 5), IssuedOn: date(2026, time.November, 21),
			IssuedBy: "Anna Ślęzak", BaseURL: "https://ebok.naskraju.pl"}
		f, err := r.StartPasswordPDF(p)
		if err != nil {
			t.Fatal(err)
		}
		if want := "dane-logowania-" + tc.login + "-20261121.pdf"; f.Name != want {
			t.Errorf("name %q, want %s (the day it was issued)", f.Name, want)
		}
		mustContain(t, pdfText(t, f), append(tc.want, "Łukasz Kowalski", "05.12.2026", "21.11.2026", "Anna Ślęzak")...)
	}
}
