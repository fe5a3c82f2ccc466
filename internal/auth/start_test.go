package auth

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// cycleReader yields 0, 1, …, 255, 0, 1, … .
type cycleReader struct{ next byte }

func (r *cycleReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.next
		r.next++
	}
	return len(p), nil
}

func TestReadableSymbolsHaveNoModuloBias(t *testing.T) {
	// Each byte value once: the 248 kept bytes must give every symbol
	// exactly 8 times; folding the other 8 in would favour the first ones.
	sym, err := readableSymbols(&cycleReader{}, 248)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[byte]int{}
	for _, c := range sym {
		counts[c]++
	}
	for _, c := range []byte(readableAlphabet) {
		if counts[c] != 8 {
			t.Errorf("symbol %q drawn %d times, want 8", c, counts[c])
		}
	}
}

func TestStartPasswordFormat(t *testing.T) {
	p, err := NewPolicy()
	if err != nil {
		t.Fatal(err)
	}
	s := &Service{Policy: p}
	format := regexp.MustCompile(`^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$`)
	seen := map[string]bool{}
	counts := map[rune]int{}
	const n = 1000
	for range n {
		pw, err := s.newStartPassword("E0000001")
		if err != nil {
			t.Fatal(err)
		}
		if !format.MatchString(pw) || strings.ContainsAny(pw, "0O1lIio") {
			t.Fatalf("start password %q: want three groups of five unambiguous symbols", pw)
		}
		if seen[pw] {
			t.Fatalf("start password %q drawn twice", pw)
		}
		seen[pw] = true
		for _, c := range strings.ReplaceAll(pw, "-", "") {
			counts[c]++
		}
	}
	// 15000 symbols over 31: about 484 each, standard deviation about 22.
	want := n * 15 / len(readableAlphabet)
	for _, c := range readableAlphabet {
		if d := counts[c] - want; d < -130 || d > 130 {
			t.Errorf("symbol %q drawn %d times, want about %d", c, counts[c], want)
		}
	}
}

func TestIssueStartPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := e.staff("anna.nowak", "stare-dobre-hasło", "")
		old := e.mustLogin("anna.nowak", "stare-dobre-hasło")
		e.lock(Staff, "anna.nowak")
		var pw string
		var expires time.Time
		e.tx(func(tx *store.Tx) error {
			var err error
			pw, expires, err = e.s.IssueStartPassword(e.ctx, tx, e.coop, id, 72*time.Hour)
			return err
		})
		if !expires.Equal(e.c.Now().Add(72 * time.Hour)) {
			t.Errorf("expires = %v, want 72 hours from now", expires)
		}
		e.sessionGone(old.Token, "after a new start password")
		if _, err := e.login("anna.nowak", "stare-dobre-hasło"); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("the old password still works: %v", err)
		}
		// The lock is lifted and the start password must be changed.
		res := e.mustLogin("anna.nowak", pw)
		if !res.User.MustChangePassword {
			t.Error("a start password does not have to be changed")
		}
		if u, exp, err := e.s.VerifyStartPassword(e.ctx, e.coop, "ANNA.NOWAK", pw); err != nil || u.ID != id || !exp.Equal(expires) {
			t.Errorf("VerifyStartPassword = %v, %v, %v", u, exp, err)
		}
		if _, _, err := e.s.VerifyStartPassword(e.ctx, e.coop, "anna.nowak", "abcde-fghjk-mnpqr"); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("VerifyStartPassword with another password: %v", err)
		}
		// Past its expiry the start password is as good as a wrong one.
		e.c.Add(72*time.Hour + time.Second)
		before := e.s.Hasher.verified.Load()
		res, err := e.login("anna.nowak", pw)
		if !errors.Is(err, ErrInvalidCredentials) || res.User != nil || res.Token != "" {
			t.Errorf("expired start password: %+v, %v; want ErrInvalidCredentials", res, err)
		}
		if n := e.s.Hasher.verified.Load() - before; n != 1 {
			t.Errorf("expired start password cost %d hashes, want 1", n)
		}
		if _, _, err := e.s.VerifyStartPassword(e.ctx, e.coop, "anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("VerifyStartPassword after expiry: %v", err)
		}
		e.tx(func(tx *store.Tx) error {
			_, _, err := e.s.IssueStartPassword(e.ctx, tx, e.coop+1, id, time.Hour)
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("start password for a user of another cooperative: %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}

func TestCreateUserInTxWithoutPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var id int64
		var pw string
		e.tx(func(tx *store.Tx) error {
			var err error
			id, err = e.s.CreateUser(tx.Context(e.ctx), NewUser{CoopID: e.coop, Kind: Staff, Login: "nowy", DisplayName: "Nowy", Role: RoleBoard})
			if err != nil {
				return err
			}
			pw, _, err = e.s.IssueStartPassword(e.ctx, tx, e.coop, id, time.Hour)
			return err
		})
		res := e.mustLogin("nowy", pw)
		if res.User.ID != id || !res.User.MustChangePassword {
			t.Errorf("login = %+v", res.User)
		}
		e.tx(func(tx *store.Tx) error {
			_, err := e.s.CreateUser(tx.Context(e.ctx), NewUser{CoopID: e.coop, Kind: Staff, Login: "inny", DisplayName: "Inny",
				Role: RoleBoard, Password: "zaq12wsx!!"})
			if !errors.Is(err, ErrPasswordCommon) {
				t.Errorf("CreateUser in a transaction with a common password: %v", err)
			}
			return nil
		})
	})
}
