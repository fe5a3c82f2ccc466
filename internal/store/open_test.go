package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A PostgreSQL URL that cannot be parsed, or whose server does not
// answer, is refused with an error that never holds its password: the
// error goes to the terminal and the service's journal.
func TestOpenPostgresErrorsHideThePassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, dsn := range []string{
		"postgres://ebok:ab/cd+Sekret@127.0.0.1:1/ebok",
		"postgresql://ebok:50%Sekret@127.0.0.1:1/ebok",
		"postgres://ebok:Sekret@127.0.0.1:1/ebok?sslmode=disable",
		"postgres://ebok@127.0.0.1:1/ebok?sslmode=disable&password=Sekret",
	} {
		db, err := Open(ctx, dsn, Options{})
		if err == nil {
			db.Close()
			t.Errorf("%s: opened", dsn)
			continue
		}
		if strings.Contains(err.Error(), "Sekret") {
			t.Errorf("%s: error leaks the password: %v", dsn, err)
		}
	}
}
