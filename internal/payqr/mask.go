package payqr

// The masks of a QR code symbol and the penalty that chooses among them
// (ISO/IEC 18004 7.8); the symbol itself is built in symbol.go.

import "math/bits"

// applyMask inverts the data modules the mask pattern selects. Every
// pattern repeats every 6 modules across and 12 down, so it is worked out
// for that tile once and then looked up.
func (s *symbol) applyMask(mask int) {
	var tile [12][6]bool
	for y := range 12 {
		for x := range 6 {
			tile[y][x] = maskFlips(mask, x, y)
		}
	}
	n := s.size
	for y := range n {
		t, row := &tile[y%12], y*n
		for x, tx := 0, 0; x < n; x, tx = x+1, tx+1 {
			if tx == 6 {
				tx = 0
			}
			if t[tx] && !s.reserve[row+x] {
				s.dark[row+x] = !s.dark[row+x]
			}
		}
	}
}

// maskFlips reports whether mask inverts the module at x, y (ISO/IEC
// 18004 table 10).
func maskFlips(mask, x, y int) bool {
	switch mask {
	case 0:
		return (x+y)%2 == 0
	case 1:
		return y%2 == 0
	case 2:
		return x%3 == 0
	case 3:
		return (x+y)%3 == 0
	case 4:
		return (y/2+x/3)%2 == 0
	case 5:
		return x*y%2+x*y%3 == 0
	case 6:
		return (x*y%2+x*y%3)%2 == 0
	default:
		return ((x+y)%2+x*y%3)%2 == 0
	}
}

// penalty scores the masked symbol by the four rules of ISO/IEC 18004
// 7.8.3: runs of five or more, 2×2 blocks, finder-like patterns and the
// balance of dark and light. A symbol of up to 56 modules a side (version
// 9, which every payment code fits) is scored a row or column at a time
// as bits of a word (wordPenalty), a larger one module by module
// (linePenalty); both give the same score.
func (s *symbol) penalty() int {
	if s.size+8 <= 64 {
		return s.wordPenalty()
	}
	return s.linePenalty()
}

// wordPenalty is penalty with each row and column as a word, bit x for the
// module x from the left (or top), set for dark.
func (s *symbol) wordPenalty() int {
	n := s.size
	var rowsArr, colsArr [56]uint64
	rows, cols := rowsArr[:n], colsArr[:n]
	for y := range n {
		var r uint64
		for x, dark := range s.dark[y*n : (y+1)*n] {
			if dark {
				r |= 1 << uint(x)
				cols[x] |= 1 << uint(y)
			}
		}
		rows[y] = r
	}
	full := uint64(1)<<uint(n) - 1
	p, darkCount := 0, 0
	for i := range n {
		p += wordRuns(rows[i], full) + wordRuns(cols[i], full) + wordFinders(rows[i]) + wordFinders(cols[i])
		darkCount += bits.OnesCount64(rows[i])
		if i+1 < n {
			// Bit x: modules x and x+1 of this row and the next are of
			// one colour.
			a, b := rows[i], rows[i+1]
			same := ^(a ^ b) & ^(a ^ a>>1) & ^(b ^ b>>1) & (full >> 1)
			p += 3 * bits.OnesCount64(same)
		}
	}
	percent := darkCount * 100 / (n * n)
	return p + 10*(abs(percent-50)/5)
}

// wordRuns is rule 1 for a row or column of the modules in full: runPenalty
// for both colours.
func wordRuns(line, full uint64) int {
	return runs5(line) + runs5(^line&full)
}

// runs5 scores the runs of set bits: 3 for five in a row and 1 for each
// further one. t has a bit at each start of five set bits, so a run of
// L ≥ 5 gives L-4 of them in a row, and scores their count plus 2.
func runs5(d uint64) int {
	t := d & (d >> 1) & (d >> 2) & (d >> 3) & (d >> 4)
	return bits.OnesCount64(t) + 2*bits.OnesCount64(t&^(t<<1))
}

// wordFinders is rule 3 (finderPenalty) for a row or column of up to 56
// modules: the line is shifted past four light modules of the quiet zone,
// and the bits above it are the light quiet zone after it.
func wordFinders(line uint64) int {
	p := line << 4
	l := ^p
	// Bit y: modules y…y+6 of the shifted line are dark, light, dark,
	// dark, dark, light, dark.
	m := p & (l >> 1) & (p >> 2) & (p >> 3) & (p >> 4) & (l >> 5) & (p >> 6)
	// Bit z: modules z…z+3 are light; before the pattern at y is z = y-4,
	// after it z = y+7.
	l4 := l & (l >> 1) & (l >> 2) & (l >> 3)
	m &= l4<<4 | l4>>7
	return 40 * bits.OnesCount64(m)
}

// linePenalty is penalty module by module. Columns are scored as the rows
// of the transposed symbol.
func (s *symbol) linePenalty() int {
	n := s.size
	cols := make([]bool, n*n)
	for y := range n {
		for x := range n {
			cols[x*n+y] = s.dark[y*n+x]
		}
	}
	p, darkCount := 0, 0
	for a := range n {
		row, col := s.dark[a*n:(a+1)*n], cols[a*n:(a+1)*n]
		p += runPenalty(row) + finderPenalty(row) + runPenalty(col) + finderPenalty(col)
		for x, c := range row {
			if c {
				darkCount++
			}
			if a+1 < n && x+1 < n && c == row[x+1] {
				next := s.dark[(a+1)*n+x : (a+1)*n+x+2]
				if c == next[0] && c == next[1] {
					p += 3
				}
			}
		}
	}
	percent := darkCount * 100 / (n * n)
	p += 10 * (abs(percent-50) / 5)
	return p
}

// runPenalty is rule 1 for one row or column: 3 for a run of five modules
// of one colour, and 1 for each further module.
func runPenalty(line []bool) int {
	p, run := 0, 1
	for i := 1; i <= len(line); i++ {
		if i < len(line) && line[i] == line[i-1] {
			run++
			continue
		}
		if run >= 5 {
			p += run - 2
		}
		run = 1
	}
	return p
}

// finderPenalty is rule 3 for one row or column: 40 for each dark-light
// 1:1:3:1:1 pattern with four light modules on one side.
func finderPenalty(line []bool) int {
	p := 0
	for i := 0; i+7 <= len(line); i++ {
		l := line[i : i+7]
		if !l[0] || l[1] || !l[2] || !l[3] || !l[4] || l[5] || !l[6] {
			continue
		}
		if lightRun(line, i-4, i) || lightRun(line, i+7, i+11) {
			p += 40
		}
	}
	return p
}

// lightRun reports whether modules from..to-1 are all light; modules
// outside the symbol are the light quiet zone.
func lightRun(line []bool, from, to int) bool {
	for i := from; i < to; i++ {
		if i >= 0 && i < len(line) && line[i] {
			return false
		}
	}
	return true
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
