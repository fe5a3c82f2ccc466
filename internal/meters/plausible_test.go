package meters

import (
	"math"
	"testing"
)

func TestJumpLimit(t *testing.T) {
	prev := sample{on: day("2026-10-21"), value: 160_000}
	tests := []struct {
		name  string
		kind  Kind
		base  *sample
		today string
		want  Value
	}{
		{"no history: water floor for one month", ColdWater, nil, "2026-11-10", 30_000},
		{"no history: floor per started 30 days", HotWater, nil, "2026-11-21", 60_000},
		{"no history: heat floor", Heat, nil, "2026-11-21", 20_000},
		{"same day: one month's floor", ColdWater, nil, "2026-10-21", 30_000},
		{"low usual use: the floor wins", ColdWater, &sample{day("2025-11-21"), 100_000}, "2026-11-21", 60_000},
		// 100 GJ in 334 days; three times that over 31 days is 27 844.
		{"high usual use wins", Heat, &sample{day("2025-11-21"), 60_000}, "2026-11-21", 27_844},
		{"base on the same day as prev", ColdWater, &sample{day("2026-10-21"), 0}, "2026-11-10", 30_000},
		{"base above prev (a meter that ran back)", ColdWater, &sample{day("2026-01-21"), 200_000}, "2026-11-10", 30_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jumpLimit(tt.kind, tt.base, prev, day(tt.today)); got != tt.want {
				t.Errorf("jumpLimit = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestMulDivSaturates(t *testing.T) {
	if got := mulDiv(math.MaxInt64, 3*365, 1); got != math.MaxInt64 {
		t.Errorf("mulDiv overflowing = %d", got)
	}
	if got := mulDiv(math.MaxInt64/2, 2, 1); got != math.MaxInt64-1 {
		t.Errorf("mulDiv at the edge = %d", got)
	}
	if got := mulDiv(7, 3, 2); got != 10 {
		t.Errorf("mulDiv(7, 3, 2) = %d, want 10", got)
	}
}
