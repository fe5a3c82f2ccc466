package payqr

import (
	"math/rand/v2"
	"testing"

	"github.com/boombuler/barcode/qr"
)

// TestSymbolMatchesReferenceEncoder compares ebok's encoder with an
// independent one (github.com/boombuler/barcode, kept for this test only)
// module by module, over texts of every length from 1 to 640 bytes and so
// every version from 1 to 20: for the same text ebok's symbol must equal
// the reference symbol under one of the eight masks. Versions, block
// tables, Reed–Solomon codewords, placement and format and version
// information all have to agree for that.
func TestSymbolMatchesReferenceEncoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	versions := map[int]bool{}
	for n := 1; n <= 640; n += 1 + n/40 {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.IntN(256))
		}
		ref, err := qr.Encode(string(data), qr.L, qr.Unicode)
		if err != nil {
			t.Fatalf("%d bytes: reference encoder: %v", n, err)
		}
		masks := allMasks(t, data)
		size := masks[0].size
		versions[(size-17)/4] = true
		if got := ref.Bounds().Dx(); got != size {
			t.Fatalf("%d bytes: size %d, reference %d", n, size, got)
		}
		matched := -1
		for m, s := range masks {
			same := true
			for y := 0; y < size && same; y++ {
				for x := 0; x < size; x++ {
					if s.at(x, y) != ref.(interface{ Get(int, int) bool }).Get(x, y) {
						same = false
						break
					}
				}
			}
			if same {
				matched = m
				break
			}
		}
		if matched < 0 {
			t.Fatalf("%d bytes (version %d): no mask gives the reference symbol", n, (size-17)/4)
		}
	}
	for v := 1; v <= 17; v++ {
		if !versions[v] {
			t.Errorf("version %d not tried", v)
		}
	}
}

// allMasks is the symbol for data under each of the eight masks.
func allMasks(t *testing.T, data []byte) []*symbol {
	t.Helper()
	chosen, err := encodeSymbol(data)
	if err != nil {
		t.Fatal(err)
	}
	version := (chosen.size - 17) / 4
	base := functionPatterns(version)
	base.place(interleave(version, dataStream(version, data)))
	var out []*symbol
	for mask := range 8 {
		s := &symbol{size: base.size, dark: append([]bool(nil), base.dark...), reserve: append([]bool(nil), base.reserve...)}
		s.applyMask(mask)
		s.drawFormat(mask)
		out = append(out, s)
	}
	return out
}

// TestSymbolPicksTheLowestPenalty checks that the encoder keeps the mask
// whose penalty is the lowest of the eight.
func TestSymbolPicksTheLowestPenalty(t *testing.T) {
	for _, text := range []string{"a", "|PL|61109010140000071219812874|012345|SM Pogodna|Opłaty 4/57|||", string(make([]byte, 300))} {
		got, err := encodeSymbol([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		best := -1
		for _, s := range allMasks(t, []byte(text)) {
			if p := s.penalty(); best < 0 || p < best {
				best = p
			}
		}
		if p := got.penalty(); p != best {
			t.Errorf("%q: penalty %d, the best mask has %d", text, p, best)
		}
	}
}

// TestRunAndFinderPenalties pins the penalty rules on hand-made lines.
func TestRunAndFinderPenalties(t *testing.T) {
	line := func(s string) []bool {
		out := make([]bool, len(s))
		for i, c := range s {
			out[i] = c == '1'
		}
		return out
	}
	for _, c := range []struct {
		line         string
		runs, finder int
	}{
		{"1010101010", 0, 0},
		{"1111101010", 3, 0},
		{"1111111010", 5, 0},
		{"0000010111010", 3, 40},       // four light before the pattern (five here)
		{"1011101", 0, 40},             // the quiet zone is light on both sides: one pattern
		{"11011101101", 0, 0},          // dark beside the pattern on both sides
		{"1011101000010111010", 0, 80}, // both patterns share the light run
		{"00001011101", 0, 40},         // light before, the pattern at the end
		{"10111010000", 0, 40},         // light after, the pattern at the start
		{"0000000000", 8, 0},
		{"11111111111111111111111111111111111111111111111111111111", 54, 0}, // 56 dark
		{"11011101001", 0, 0}, // dark just before, dark within the four after
	} {
		if got := runPenalty(line(c.line)); got != c.runs {
			t.Errorf("%s: run penalty %d, want %d", c.line, got, c.runs)
		}
		if got := finderPenalty(line(c.line)); got != c.finder {
			t.Errorf("%s: finder penalty %d, want %d", c.line, got, c.finder)
		}
		var word uint64
		for i, c := range c.line {
			if c == '1' {
				word |= 1 << uint(i)
			}
		}
		if got := wordRuns(word, 1<<uint(len(c.line))-1); got != c.runs {
			t.Errorf("%s: run penalty by words %d, want %d", c.line, got, c.runs)
		}
		if got := wordFinders(word); got != c.finder {
			t.Errorf("%s: finder penalty by words %d, want %d", c.line, got, c.finder)
		}
	}
}

// TestMaskTileMatchesTheDefinition applies each mask to symbols of every
// version and checks every data module against the formulas of ISO/IEC
// 18004 table 10, written out here again.
func TestMaskTileMatchesTheDefinition(t *testing.T) {
	formulas := []func(x, y int) bool{
		func(x, y int) bool { return (x+y)%2 == 0 },
		func(x, y int) bool { return y%2 == 0 },
		func(x, y int) bool { return x%3 == 0 },
		func(x, y int) bool { return (x+y)%3 == 0 },
		func(x, y int) bool { return (y/2+x/3)%2 == 0 },
		func(x, y int) bool { return (x*y)%2+(x*y)%3 == 0 },
		func(x, y int) bool { return ((x*y)%2+(x*y)%3)%2 == 0 },
		func(x, y int) bool { return ((x+y)%2+(x*y)%3)%2 == 0 },
	}
	for version := 1; version <= maxVersion; version++ {
		base := functionPatterns(version)
		for mask, flips := range formulas {
			s := &symbol{size: base.size, dark: make([]bool, len(base.dark)), reserve: base.reserve}
			s.applyMask(mask)
			for y := range s.size {
				for x := range s.size {
					want := flips(x, y) && !base.reserve[y*s.size+x]
					if got := s.dark[y*s.size+x]; got != want {
						t.Fatalf("version %d, mask %d, module %d,%d: dark %v, want %v", version, mask, x, y, got, want)
					}
				}
			}
		}
	}
}

// TestWordPenaltyMatchesLinePenalty scores random module grids of every
// size up to 56 modules, and every mask of real symbols of versions 1 to 9,
// both word by word and module by module.
func TestWordPenaltyMatchesLinePenalty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for size := 1; size <= 56; size++ {
		for range 20 {
			s := &symbol{size: size, dark: make([]bool, size*size)}
			density := rng.Float64()
			for i := range s.dark {
				s.dark[i] = rng.Float64() < density
			}
			if w, l := s.wordPenalty(), s.linePenalty(); w != l {
				t.Fatalf("%d×%d grid: %d by words, %d by modules", size, size, w, l)
			}
		}
	}
	for n := 1; n <= 230; n += 7 {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.IntN(256))
		}
		for m, s := range allMasks(t, data) {
			if s.size > 56 {
				t.Fatalf("%d bytes: %d modules, more than the words hold", n, s.size)
			}
			if w, l := s.wordPenalty(), s.linePenalty(); w != l {
				t.Fatalf("%d bytes, mask %d: %d by words, %d by modules", n, m, w, l)
			}
		}
	}
}

func BenchmarkPNG(b *testing.B) {
	text, _, err := Encode(Payment{RecipientNIP: "5260250274", Account: "61109010140000071219812874", Amount: 123456,
		RecipientName: "SM Przykładowa", Title: "Opłaty za lokal ul. Pogodna 4/57, grudzień 2026"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PNG(text, RecommendedSize); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReferencePNGEncode is the reference library's symbol alone,
// for comparison with BenchmarkPNG (ebok's symbol, raster and PNG).
func BenchmarkReferenceEncode(b *testing.B) {
	text, _, _ := Encode(Payment{RecipientNIP: "5260250274", Account: "61109010140000071219812874", Amount: 123456,
		RecipientName: "SM Przykładowa", Title: "Opłaty za lokal ul. Pogodna 4/57, grudzień 2026"})
	for b.Loop() {
		if _, err := qr.Encode(text, qr.L, qr.Unicode); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSymbol(b *testing.B) {
	text, _, _ := Encode(Payment{RecipientNIP: "5260250274", Account: "61109010140000071219812874", Amount: 123456,
		RecipientName: "SM Przykładowa", Title: "Opłaty za lokal ul. Pogodna 4/57, grudzień 2026"})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encodeSymbol([]byte(text)); err != nil {
			b.Fatal(err)
		}
	}
}
