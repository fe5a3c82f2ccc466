package payqr

// The masks of a QR code symbol and the penalty that chooses among them
// (ISO/IEC 18004 7.8); the symbol itself is built in symbol.go.

// applyMask inverts the data modules the mask pattern selects.
func (s *symbol) applyMask(mask int) {
	for y := range s.size {
		for x := range s.size {
			k := y*s.size + x
			if s.reserve[k] {
				continue
			}
			var flip bool
			switch mask {
			case 0:
				flip = (x+y)%2 == 0
			case 1:
				flip = y%2 == 0
			case 2:
				flip = x%3 == 0
			case 3:
				flip = (x+y)%3 == 0
			case 4:
				flip = (y/2+x/3)%2 == 0
			case 5:
				flip = x*y%2+x*y%3 == 0
			case 6:
				flip = (x*y%2+x*y%3)%2 == 0
			default:
				flip = ((x+y)%2+x*y%3)%2 == 0
			}
			if flip {
				s.dark[k] = !s.dark[k]
			}
		}
	}
}

// penalty scores the masked symbol by the four rules of ISO/IEC 18004
// 7.8.3: runs of five or more, 2×2 blocks, finder-like patterns and the
// balance of dark and light. Columns are scored as the rows of the
// transposed symbol.
func (s *symbol) penalty() int {
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
