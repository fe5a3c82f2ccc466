// Command mintsessions prepares bench/uncached.sh: it gives N residents of
// a demo database, picked at random among the current title holders, an
// E-BOK login each (bench-<person id>, a fixed bench password), logs each
// in through the running server's real login form and writes one line per
// premises the resident holds: "<session cookie value> <premises id>".
//
// It reads the database settings from the environment like ebok does
// (EBOK_DATABASE_URL, EBOK_DATA_DIR); -base is the running `ebok serve`.
// Logins made by an earlier run are reused. For benchmark databases only.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/store"
)

// password is every bench login's password (it meets the policy).
const password = "bench-haslo-2026-lokal"

func main() {
	n := flag.Int("n", 200, "residents to log in")
	base := flag.String("base", "http://127.0.0.1:18091", "the running ebok serve")
	out := flag.String("out", "sessions.txt", "file to write")
	seed := flag.Uint64("seed", 1, "which residents")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := run(ctx, *n, *base, *out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "mintsessions:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, n int, base, out string, seed uint64) error {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := app.New(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{})
	if err != nil {
		return err
	}
	c, err := a.Coops.Only(ctx)
	if err != nil {
		return err
	}
	holdings, err := currentHolders(ctx, db, c.ID)
	if err != nil {
		return err
	}
	persons := pick(holdings, n, seed)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	client := &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	lines := 0
	for _, person := range persons {
		login := fmt.Sprintf("bench-%d", person)
		_, err := a.Auth.CreateUser(ctx, auth.NewUser{CoopID: c.ID, Kind: auth.Resident, Login: login,
			DisplayName: "Bench " + login, PersonID: person, Password: password})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("login %s: %w", login, err)
		}
		cookie, err := logIn(ctx, client, base, login)
		if err != nil {
			return err
		}
		for _, premises := range holdings[person] {
			fmt.Fprintf(w, "%s %d\n", cookie, premises)
			lines++
		}
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		return err
	}
	fmt.Printf("%d residents logged in, %d premises, written to %s\n", len(persons), lines, out)
	return nil
}

// pick chooses n of the holders at random, the same ones for a seed.
func pick(holdings map[int64][]int64, n int, seed uint64) []int64 {
	persons := make([]int64, 0, len(holdings))
	for p := range holdings {
		persons = append(persons, p)
	}
	// Map order is random: sort first so that a seed picks the same people.
	slices.Sort(persons)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	rng.Shuffle(len(persons), func(i, j int) { persons[i], persons[j] = persons[j], persons[i] })
	return persons[:min(n, len(persons))]
}

// currentHolders maps each person holding a current title to the premises.
func currentHolders(ctx context.Context, db *store.DB, coopID int64) (map[int64][]int64, error) {
	rows, err := db.Read().QueryContext(ctx, `SELECT h.person_id, t.premises_id FROM titles t
		JOIN title_holders h ON h.coop_id = t.coop_id AND h.title_id = t.id
		WHERE t.coop_id = $1 AND t.ends_on IS NULL`, coopID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64][]int64{}
	for rows.Next() {
		var person, premises int64
		if err := rows.Scan(&person, &premises); err != nil {
			return nil, err
		}
		m[person] = append(m[person], premises)
	}
	return m, rows.Err()
}

// logIn posts the E-BOK login form and returns the session cookie.
func logIn(ctx context.Context, client *http.Client, base, login string) (string, error) {
	form := url.Values{"login": {login}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/ebok/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("login %s: HTTP %d", login, resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "ebok_session" {
			return c.Value, nil
		}
	}
	return "", fmt.Errorf("login %s: no session cookie", login)
}
