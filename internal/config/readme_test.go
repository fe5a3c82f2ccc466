package config

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeListsEverySetting keeps README.md's configuration table true.
func TestReadmeListsEverySetting(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start, end := strings.Index(readme, "<!-- settings:start -->"), strings.Index(readme, "<!-- settings:end -->")
	if start < 0 || end < start {
		t.Fatal("README.md has no settings table markers")
	}
	table := readme[start:end]
	for _, s := range Settings() {
		row := "| `" + s.Name + "` | " + s.Default + " | " + s.Meaning + " |"
		if !strings.Contains(table, row) {
			t.Errorf("README.md lacks or misstates %s; want the row:\n%s", s.Name, row)
		}
	}
	if got, want := strings.Count(table, "\n| `EBOK_"), len(Settings()); got != want {
		t.Errorf("README.md table has %d settings, config has %d", got, want)
	}
}
