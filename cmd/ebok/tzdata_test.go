package main

import (
	"go/build"
	"slices"
	"testing"
)

// The static binary runs alone in a container (README), where there is
// no /usr/share/zoneinfo: without the time zone database built in, the
// default EBOK_TIME_ZONE, Europe/Warsaw, stopped every command with
// "unknown time zone". The binary carries it (time/tzdata, about 450 kB).
func TestBinaryCarriesTheTimeZoneDatabase(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(pkg.Imports, "time/tzdata") {
		t.Errorf("package main does not import time/tzdata; imports: %v", pkg.Imports)
	}
}
