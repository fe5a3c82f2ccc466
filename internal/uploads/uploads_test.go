package uploads

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

var (
	jpeg = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{1}, 100)...)
	png  = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{2}, 100)...)
	pdf  = []byte("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
)

func TestCheck(t *testing.T) {
	cases := []struct {
		name, file string
		data       []byte
		want       string
		err        error
	}{
		{"jpeg", "skan.jpeg", jpeg, JPEG, nil},
		{"png named pdf", "formularz.pdf", png, PNG, nil},
		{"pdf", "podpisany.pdf", pdf, PDF, nil},
		{"truncated pdf", "x.pdf", []byte("%PDF-1.7\n1 0 obj"), "", ErrDamaged},
		{"exe named jpg", "zdjecie.jpg", []byte("MZ\x90\x00 this is a program"), "", ErrType},
		{"html", "a.png", []byte("<html><script>alert(1)</script>"), "", ErrType},
		{"empty", "a.png", nil, "", ErrEmpty},
		{"too large", "a.jpg", append(jpeg, make([]byte, Applications.MaxBytes)...), "", ErrTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u, err := Applications.Check(tc.file, tc.data)
			if !errors.Is(err, tc.err) || u.ContentType != tc.want {
				t.Fatalf("Check = %q, %v; want %q, %v", u.ContentType, err, tc.want, tc.err)
			}
			if err == nil && (len(u.SHA256) != 64 || !strings.HasSuffix(u.Filename, extensions[u.ContentType])) {
				t.Errorf("upload %+v", u.Filename)
			}
		})
	}
	u, _ := Applications.Check(`..\..\etc/pass wd<>.jpg`, jpeg)
	if strings.ContainsAny(u.Filename, `/\<> `) {
		t.Errorf("unsafe file name kept: %q", u.Filename)
	}
}

func TestCheckSHA256(t *testing.T) {
	u, err := Applications.Check("a.pdf", []byte("%PDF-%%EOF"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "bfa46a6395a5ff9b24b500aa7b859b9cf7c2d1eaca67a66ef03f3355276a5f6e"; u.SHA256 != want {
		t.Errorf("SHA256 = %s, want %s", u.SHA256, want)
	}
}

func TestPolicyTypes(t *testing.T) {
	library := Policy{MaxBytes: 50 << 20, MaxFiles: 1, Types: []string{PDF}}
	if _, err := library.Check("a.pdf", pdf); err != nil {
		t.Errorf("PDF refused: %v", err)
	}
	for _, data := range [][]byte{jpeg, png} {
		if _, err := library.Check("a.pdf", data); !errors.Is(err, ErrType) {
			t.Errorf("PDF-only policy: err = %v, want ErrType", err)
		}
	}
	if _, err := (Policy{}).Check("a.pdf", pdf); !errors.Is(err, ErrTooLarge) {
		t.Errorf("zero policy: err = %v, want ErrTooLarge", err)
	}
}

func TestPolicyMaxBytes(t *testing.T) {
	p := Policy{MaxBytes: int64(len(pdf)), MaxFiles: 1, Types: []string{PDF}}
	if _, err := p.Check("a.pdf", pdf); err != nil {
		t.Errorf("file of exactly MaxBytes refused: %v", err)
	}
	p.MaxBytes--
	if _, err := p.Check("a.pdf", pdf); !errors.Is(err, ErrTooLarge) {
		t.Errorf("file one byte over: err = %v, want ErrTooLarge", err)
	}
}

func TestCheckCount(t *testing.T) {
	for n, want := range map[int]error{0: nil, 1: nil, 3: nil, 4: ErrTooMany} {
		if err := Applications.CheckCount(n); !errors.Is(err, want) {
			t.Errorf("CheckCount(%d) = %v, want %v", n, err, want)
		}
	}
}

func TestCleanName(t *testing.T) {
	cases := []struct{ in, ct, want string }{
		{"skan.jpeg", JPEG, "skan.jpg"},
		{"Zażółć gęślą.pdf", PDF, "Zażółć_gęślą.pdf"},
		{`C:\Users\jan\Pulpit\dowód.png`, PNG, "dowód.png"},
		{"../../etc/passwd", PDF, "passwd.pdf"},
		{"", JPEG, "zalacznik.jpg"},
		{".pdf", PDF, "zalacznik.pdf"},
		{"?.png", PNG, "zalacznik.png"},
		{strings.Repeat("a", 100) + ".pdf", PDF, strings.Repeat("a", 80) + ".pdf"},
		{strings.Repeat("a", 79) + "żółw.pdf", PDF, strings.Repeat("a", 79) + ".pdf"},
		{strings.Repeat("ż", 41) + ".png", PNG, strings.Repeat("ż", 40) + ".png"},
	}
	for _, tc := range cases {
		if got := cleanName(tc.in, tc.ct); got != tc.want {
			t.Errorf("cleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, seed := range [][]byte{jpeg, png, pdf, []byte("%PDF-"), {0xFF, 0xD8}} {
		f.Add("f.bin", seed)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		u, err := Applications.Check(name, data)
		if err != nil {
			return
		}
		if u.ContentType != JPEG && u.ContentType != PNG && u.ContentType != PDF {
			t.Fatalf("accepted %q", u.ContentType)
		}
		if strings.ContainsAny(u.Filename, `/\`) || u.Filename == "" || !utf8.ValidString(u.Filename) || len(u.Filename) > 84 {
			t.Fatalf("unsafe name %q from %q", u.Filename, name)
		}
		if !strings.HasSuffix(u.Filename, extensions[u.ContentType]) {
			t.Fatalf("name %q does not end in the extension of %s", u.Filename, u.ContentType)
		}
	})
}
