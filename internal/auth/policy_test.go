package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestCommonPasswordList(t *testing.T) {
	p, err := NewPolicy()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.common) < 10000 {
		t.Errorf("the list holds %d passwords, want at least 10000", len(p.common))
	}
	for line := range strings.Lines(commonPasswords) {
		pw := strings.TrimSuffix(line, "\n")
		if pw == "" || pw != strings.TrimSpace(pw) || pw != strings.ToLower(pw) {
			t.Errorf("list line %q: want a lowercase password without surrounding space", pw)
			break
		}
	}
	for _, pw := range []string{"123456", "password", "qwerty", "haslo", "hasło", "zaq12wsx", "polska", "kochanie",
		"qwerty123", "1qaz2wsx", "qwertyuiop"} {
		if _, ok := p.common[pw]; !ok {
			t.Errorf("%q is not on the list", pw)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	p, err := NewPolicy()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		password, login string
		want            error
	}{
		{"krótkie", "janek", ErrPasswordTooShort},
		{"ąęółżźćńś", "janek", ErrPasswordTooShort}, // 9 letters, 18 bytes
		{"ąęółżźćńśą", "janek", nil},                // 10 letters
		{"zielony balkon", "janek", nil},            // no composition rules
		{"pociąg do Gdyni o 7:15", "janek", nil},    // spaces and punctuation are fine
		{"qwerty12345", "janek", ErrPasswordCommon}, // whatever the case
		{"zaq12wsx!!", "janek", ErrPasswordCommon},
		{"Haslo123456", "janek", ErrPasswordCommon},
		{"HASŁO123456", "janek", ErrPasswordCommon},
		{"Kochanie1990", "janek", ErrPasswordCommon},
		{"Polska2024!", "janek", ErrPasswordCommon},
		{"1qaz2wsx3edc", "janek", ErrPasswordCommon},
		{"1234567890", "janek", ErrPasswordCommon},
		{"aaaaaaaaaaaa", "janek", ErrPasswordCommon},
		{"P@ssw0rd123", "janek", ErrPasswordCommon},
		{"Spoldzielnia2026", "janek", ErrPasswordCommon},
		{"janek-ma-kota", "Janek", ErrPasswordContainsLogin},
		{"mój login to JANEK.NOWAK!", "janek.nowak", ErrPasswordContainsLogin},
		{"E0000001-hasło", " e0000001 ", ErrPasswordContainsLogin},
		{"abc-słonecznik-7", "ab", nil}, // a two-letter login is too short to look for
		{"abc-słonecznik-7", "", nil},
		{strings.Repeat("ż", 129), "janek", ErrPasswordTooLong},
		{strings.Repeat("ż", 128), "janek", nil},
	}
	for _, tc := range cases {
		err := p.Check(tc.password, tc.login)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("Check(%q, %q) = %v, want %v", tc.password, tc.login, err, tc.want)
		}
		if err != nil && !errors.Is(err, ErrWeakPassword) {
			t.Errorf("Check(%q, %q) = %v: does not wrap ErrWeakPassword", tc.password, tc.login, err)
		}
	}
}
