package payqr

import "fmt"

// This file is a QR code encoder (ISO/IEC 18004) for the one case payment
// codes need: byte mode, error correction level L, versions 1 to 17. It
// replaced a general library whose encoder took several milliseconds per
// code — most of the CPU time of the resident's overview page — mainly in
// choosing the mask. Here the symbol is a flat byte slice and the mask
// penalty is computed in one pass per rule.
//
// TestSymbolMatchesReferenceEncoder compares it module by module with an
// independent encoder for every version.

// maxVersion is the largest version encoded: its 647 data codewords at
// level L hold any text of MaxLength (160) characters of up to four UTF-8
// bytes each, with the mode and length header.
const maxVersion = 17

// blockLayout is how a version's codewords split into error correction
// blocks at level L: g1 blocks of d1 data codewords, then g2 blocks of
// d1+1, each with ec error correction codewords.
type blockLayout struct{ ec, g1, d1, g2 int }

// layoutL is ISO/IEC 18004 table 9, level L, versions 1 to 17.
var layoutL = [maxVersion + 1]blockLayout{
	1: {7, 1, 19, 0}, 2: {10, 1, 34, 0}, 3: {15, 1, 55, 0}, 4: {20, 1, 80, 0},
	5: {26, 1, 108, 0}, 6: {18, 2, 68, 0}, 7: {20, 2, 78, 0}, 8: {24, 2, 97, 0},
	9: {30, 2, 116, 0}, 10: {18, 2, 68, 2}, 11: {20, 4, 81, 0}, 12: {24, 2, 92, 2},
	13: {26, 4, 107, 0}, 14: {30, 3, 115, 1}, 15: {22, 5, 87, 1}, 16: {24, 5, 98, 1},
	17: {28, 1, 107, 5},
}

// dataCodewords is how many data codewords a version holds at level L.
func (b blockLayout) dataCodewords() int { return b.g1*b.d1 + b.g2*(b.d1+1) }

// alignment lists the centre coordinates of the alignment patterns per
// version (ISO/IEC 18004 annex E).
var alignment = [maxVersion + 1][]int{
	2: {6, 18}, 3: {6, 22}, 4: {6, 26}, 5: {6, 30}, 6: {6, 34},
	7: {6, 22, 38}, 8: {6, 24, 42}, 9: {6, 26, 46}, 10: {6, 28, 50},
	11: {6, 30, 54}, 12: {6, 32, 58}, 13: {6, 34, 62}, 14: {6, 26, 46, 66},
	15: {6, 26, 48, 70}, 16: {6, 26, 50, 74}, 17: {6, 30, 54, 78},
}

// symbol is a QR code: size × size modules, row by row, true for dark.
type symbol struct {
	size    int
	dark    []bool
	reserve []bool // function modules, which data and masks leave alone
}

func (s *symbol) at(x, y int) bool { return s.dark[y*s.size+x] }

func (s *symbol) set(x, y int, dark bool) {
	s.dark[y*s.size+x] = dark
	s.reserve[y*s.size+x] = true
}

// encodeSymbol encodes data in byte mode at level L in the smallest
// version that holds it, with the mask of the lowest penalty.
func encodeSymbol(data []byte) (*symbol, error) {
	version := 0
	for v := 1; v <= maxVersion; v++ {
		countBits := 8
		if v >= 10 {
			countBits = 16
		}
		if 4+countBits+8*len(data) <= 8*layoutL[v].dataCodewords() {
			version = v
			break
		}
	}
	if version == 0 {
		return nil, fmt.Errorf("payqr: %d bytes do not fit a version %d QR code", len(data), maxVersion)
	}
	codewords := interleave(version, dataStream(version, data))
	s := functionPatterns(version)
	s.place(codewords)
	best, bestPenalty := -1, 0
	masked := &symbol{size: s.size, dark: make([]bool, len(s.dark)), reserve: s.reserve}
	var chosen []bool
	for mask := range 8 {
		copy(masked.dark, s.dark)
		masked.applyMask(mask)
		masked.drawFormat(mask)
		if p := masked.penalty(); best < 0 || p < bestPenalty {
			best, bestPenalty = mask, p
			chosen = append(chosen[:0], masked.dark...)
		}
	}
	s.dark = chosen
	return s, nil
}

// dataStream is the data codewords: mode, count, the bytes, terminator
// and padding.
func dataStream(version int, data []byte) []byte {
	capacity := layoutL[version].dataCodewords()
	var w bitWriter
	w.write(0b0100, 4)
	if version >= 10 {
		w.write(uint32(len(data)), 16)
	} else {
		w.write(uint32(len(data)), 8)
	}
	for _, b := range data {
		w.write(uint32(b), 8)
	}
	w.write(0, min(4, 8*capacity-w.n))
	w.write(0, (8-w.n%8)%8)
	for pad := byte(0xEC); len(w.buf) < capacity; pad ^= 0xEC ^ 0x11 {
		w.buf = append(w.buf, pad)
	}
	return w.buf
}

// bitWriter appends bits to a byte slice, most significant first.
type bitWriter struct {
	buf []byte
	n   int // bits written
}

func (w *bitWriter) write(v uint32, bits int) {
	for i := bits - 1; i >= 0; i-- {
		if w.n%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		if v>>uint(i)&1 == 1 {
			w.buf[w.n/8] |= 0x80 >> uint(w.n%8)
		}
		w.n++
	}
}

// interleave splits the data into blocks, adds each block's Reed–Solomon
// codewords and interleaves them as the symbol carries them.
func interleave(version int, data []byte) []byte {
	l := layoutL[version]
	gen := generator(l.ec)
	var blocks, ecc [][]byte
	for i := range l.g1 + l.g2 {
		n := l.d1
		if i >= l.g1 {
			n++
		}
		blocks = append(blocks, data[:n])
		ecc = append(ecc, remainder(data[:n], gen))
		data = data[n:]
	}
	var out []byte
	for i := range l.d1 + 1 {
		for _, b := range blocks {
			if i < len(b) {
				out = append(out, b[i])
			}
		}
	}
	for i := range l.ec {
		for _, e := range ecc {
			out = append(out, e[i])
		}
	}
	return out
}

// gfExp and gfLog are the powers and logarithms of 2 in GF(256) with the
// QR code's polynomial x⁸+x⁴+x³+x²+1.
var gfExp, gfLog = func() (exp [512]byte, log [256]byte) {
	x := 1
	for i := range 255 {
		exp[i], log[x] = byte(x), byte(i)
		x <<= 1
		if x&0x100 != 0 {
			x ^= 0x11D
		}
	}
	for i := 255; i < 512; i++ {
		exp[i] = exp[i-255]
	}
	return exp, log
}()

func gfMul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[int(gfLog[a])+int(gfLog[b])]
}

// generator is the Reed–Solomon generator polynomial of the given degree,
// (x−2⁰)(x−2¹)…, highest coefficient (1) left out.
func generator(degree int) []byte {
	g := make([]byte, degree)
	g[degree-1] = 1
	root := byte(1)
	for range degree {
		for j := range degree {
			g[j] = gfMul(g[j], root)
			if j+1 < degree {
				g[j] ^= g[j+1]
			}
		}
		root = gfMul(root, 2)
	}
	return g
}

// remainder is data·x^degree modulo the generator: the error correction
// codewords.
func remainder(data, gen []byte) []byte {
	r := make([]byte, len(gen))
	for _, b := range data {
		factor := b ^ r[0]
		copy(r, r[1:])
		r[len(r)-1] = 0
		for i, c := range gen {
			r[i] ^= gfMul(c, factor)
		}
	}
	return r
}

// functionPatterns draws the finder, timing and alignment patterns, the
// dark module and the version information, and reserves the format areas.
func functionPatterns(version int) *symbol {
	size := 17 + 4*version
	s := &symbol{size: size, dark: make([]bool, size*size), reserve: make([]bool, size*size)}
	for i := range size {
		s.set(6, i, i%2 == 0)
		s.set(i, 6, i%2 == 0)
	}
	for _, c := range [][2]int{{3, 3}, {size - 4, 3}, {3, size - 4}} {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := c[0]+dx, c[1]+dy
				if x < 0 || y < 0 || x >= size || y >= size {
					continue
				}
				d := max(abs(dx), abs(dy))
				s.set(x, y, d != 2 && d != 4)
			}
		}
	}
	pos := alignment[version]
	for i, cx := range pos {
		for j, cy := range pos {
			if (i == 0 && j == 0) || (i == 0 && j == len(pos)-1) || (i == len(pos)-1 && j == 0) {
				continue // the corners with finder patterns
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					s.set(cx+dx, cy+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	s.drawFormat(0) // reserves the areas; drawn again per mask
	if version >= 7 {
		bits := bch(uint32(version), 6, 0x1F25, 12)
		for i := range 18 {
			dark := bits>>uint(i)&1 == 1
			a, b := size-11+i%3, i/3
			s.set(a, b, dark)
			s.set(b, a, dark)
		}
	}
	return s
}

// bch appends to data (of dataBits) its remainder modulo poly, a code of
// dataBits+eccBits bits.
func bch(data uint32, dataBits int, poly uint32, eccBits int) uint32 {
	r := data << uint(eccBits)
	for i := dataBits + eccBits - 1; i >= eccBits; i-- {
		if r>>uint(i)&1 == 1 {
			r ^= poly << uint(i-eccBits)
		}
	}
	return data<<uint(eccBits) | r
}

// drawFormat draws both copies of the format information for level L and
// mask, and the dark module beside the bottom-left finder.
func (s *symbol) drawFormat(mask int) {
	const levelL = 0b01
	bits := bch(levelL<<3|uint32(mask), 5, 0x537, 10) ^ 0x5412
	bit := func(i int) bool { return bits>>uint(i)&1 == 1 }
	for i := range 6 {
		s.set(8, i, bit(i))
	}
	s.set(8, 7, bit(6))
	s.set(8, 8, bit(7))
	s.set(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		s.set(14-i, 8, bit(i))
	}
	for i := range 8 {
		s.set(s.size-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		s.set(8, s.size-15+i, bit(i))
	}
	s.set(8, s.size-8, true)
}

// place lays the codewords out in the zigzag of two-module columns from
// the bottom right, skipping function modules and the vertical timing
// pattern; remainder modules stay light.
func (s *symbol) place(codewords []byte) {
	i, total := 0, 8*len(codewords)
	for right := s.size - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		upward := (right+1)&2 == 0
		for v := range s.size {
			y := v
			if upward {
				y = s.size - 1 - v
			}
			for j := range 2 {
				x := right - j
				k := y*s.size + x
				if s.reserve[k] || i >= total {
					continue
				}
				s.dark[k] = codewords[i>>3]>>uint(7-i&7)&1 == 1
				i++
			}
		}
	}
}
