package payqr

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pngTexts are codes to render: ASCII only, Polish letters, the longest
// name and title with two-byte letters throughout, and an omitted amount.
func pngTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, edit := range []func(*Payment){
		func(p *Payment) { p.RecipientName, p.Title = "SM Na Skraju", "Lokal 5 11/2026" },
		func(*Payment) {},
		func(p *Payment) {
			p.RecipientName = strings.Repeat("ŻÓŁĆ", 10)
			p.Title = strings.Repeat("gęślą", 10)
		},
		func(p *Payment) { p.RecipientNIP, p.Amount = "", 1_234_567 },
	} {
		p := payment()
		edit(&p)
		text, _ := encode(t, p)
		texts = append(texts, text)
	}
	return texts
}

func decodePNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	return img
}

// TestPNGModules is the pure-Go check: the image has the asked size, only
// black and white, every module a whole square of pixels matching the
// symbol the encoder built at level L, and at least QuietZone modules of
// white around it. It proves the rasterisation, not that a reader decodes
// the symbol; TestPNGDecodes does that.
func TestPNGModules(t *testing.T) {
	for _, size := range []int{RecommendedSize, 120, 1000} {
		for _, text := range pngTexts(t) {
			data, err := PNG(text, size)
			if err != nil {
				t.Fatalf("PNG(%q, %d): %v", text, size, err)
			}
			img := decodePNG(t, data)
			if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
				t.Fatalf("image is %v, want %d × %d", b, size, size)
			}
			code, err := encodeSymbol([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			dim := code.size
			scale := size / (dim + 2*QuietZone)
			origin := (size - dim*scale) / 2
			if origin < QuietZone*scale {
				t.Fatalf("quiet zone of %d px, want at least %d", origin, QuietZone*scale)
			}
			for y := range size {
				for x := range size {
					got := dark(img.At(x, y))
					if c := color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y; c != 0 && c != 0xff {
						t.Fatalf("pixel (%d,%d) is grey %d", x, y, c)
					}
					mx, my := (x-origin)/scale, (y-origin)/scale
					want := x >= origin && y >= origin && mx < dim && my < dim && code.at(mx, my)
					if got != want {
						t.Fatalf("size %d, %q: pixel (%d,%d) dark=%v, want %v", size, text, x, y, got, want)
					}
				}
			}
		}
	}
}

// TestPNGDecodes reads the images back with zbarimg (zbar-tools), an
// independent decoder, and compares the bytes exactly, Polish letters
// included. zbarimg is asked for the raw bytes (-Sbinary): without an ECI
// header it guesses the character set, and zbar 0.23 takes some UTF-8
// ("Opłaty") for Shift JIS, where ZXing-based readers, which prefer
// valid UTF-8, do not. It is skipped when zbarimg is not installed.
func TestPNGDecodes(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not found: install zbar-tools (apt-get install -y zbar-tools) to decode the QR codes; TestPNGModules checks the images without it")
	}
	dir := t.TempDir()
	for i, text := range pngTexts(t) {
		for _, size := range []int{RecommendedSize, 120} {
			data, err := PNG(text, size)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "code.png")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(zbar, "--quiet", "--raw", "-Sbinary", path).Output()
			if err != nil {
				t.Fatalf("text %d, size %d: zbarimg: %v", i, size, err)
			}
			if got := strings.TrimSuffix(string(out), "\n"); got != text {
				t.Errorf("text %d, size %d: zbarimg read\n%q\nwant\n%q", i, size, got, text)
			}
		}
	}
}

func TestPNGErrors(t *testing.T) {
	text, _ := encode(t, payment())
	for _, tc := range []struct {
		name string
		text string
		size int
	}{
		{"empty text", "", RecommendedSize},
		{"invalid UTF-8", "ab\xffcd", RecommendedSize},
		{"too long", strings.Repeat("x", MaxLength+1), RecommendedSize},
		{"smaller than one pixel a module", text, 40},
		{"no size", text, 0},
		{"negative size", text, -250},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if data, err := PNG(tc.text, tc.size); err == nil {
				t.Errorf("PNG(%q, %d) gave %d bytes, want an error", tc.text, tc.size, len(data))
			}
		})
	}
}

// dark reports whether a pixel or module is dark.
func dark(c color.Color) bool {
	return color.GrayModel.Convert(c).(color.Gray).Y < 0x80
}
