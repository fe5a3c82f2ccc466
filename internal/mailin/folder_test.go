package mailin

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// writeAged writes a file in dir last changed age before now.
func writeAged(t *testing.T, dir, name, content string, now time.Time, age time.Duration) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, now.Add(-age), now.Add(-age)); err != nil {
		t.Fatal(err)
	}
}

// filesIn lists the files of dir (nil when it has none).
func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestMailFolderToThreadsOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newMailFixture(t, db)
		dir := t.TempDir()
		now := time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)
		writeAged(t, dir, "odpowiedz.eml", replyMail, now, time.Second)
		writeAged(t, dir, "obcy.EML", unknownMail, now, time.Hour)
		writeAged(t, dir, "pusty.eml", "", now, time.Hour)
		// Still being written: changed a moment under a second ago.
		writeAged(t, dir, "pisany.eml", awayMail, now, time.Second-time.Millisecond)
		writeAged(t, dir, "notatka.txt", unknownMail, now, time.Hour)

		folder := &Folder{Dir: dir, Taker: f.svc, CoopID: f.coop, Now: func() time.Time { return now },
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if n, err := folder.Once(ctx); err != nil || n != 2 {
			t.Fatalf("took %d: %v", n, err)
		}
		v, err := f.svc.MyThread(ctx, f.coop, f.jan, f.thread)
		if err != nil {
			t.Fatal(err)
		}
		if last := v.Messages[len(v.Messages)-1]; len(v.Messages) != 2 || last.Body != "Dziękuję, kran działa." {
			t.Errorf("Jan's thread after the folder was read: %+v", v.Messages)
		}
		tri, err := f.svc.Triage(ctx, f.coop)
		if err != nil || len(tri) != 1 || tri[0].From != "obcy@example.com" {
			t.Errorf("triage %+v: %v", tri, err)
		}
		if got := filesIn(t, dir); !slices.Equal(got, []string{"notatka.txt", "pisany.eml"}) {
			t.Errorf("left in the folder: %q", got)
		}
		stamp := "20261207T200000.000000000-"
		if got := filesIn(t, filepath.Join(dir, "taken")); !slices.Equal(got, []string{stamp + "obcy.EML", stamp + "odpowiedz.eml"}) {
			t.Errorf("taken: %q", got)
		}
		if got := filesIn(t, filepath.Join(dir, "refused")); !slices.Equal(got, []string{stamp + "pusty.eml"}) {
			t.Errorf("refused: %q", got)
		}

		// A second later the file being written is read; a mail put in
		// again under the name of one taken is filed once and kept.
		now = now.Add(time.Second)
		writeAged(t, dir, "obcy.EML", unknownMail, now, time.Minute)
		if n, err := folder.Once(ctx); err != nil || n != 2 {
			t.Fatalf("second read took %d: %v", n, err)
		}
		if tri, _ := f.svc.Triage(ctx, f.coop); len(tri) != 2 {
			t.Errorf("triage after the second read: %d mails, want the stranger's once and Jan's automatic reply", len(tri))
		}
		if got := filesIn(t, filepath.Join(dir, "taken")); len(got) != 4 {
			t.Errorf("taken after the second read: %q", got)
		}
	})
}

// refusingTaker files nothing, as a database that is down.
type refusingTaker struct{}

func (refusingTaker) Take(context.Context, int64, messages.Mail) (messages.Outcome, error) {
	return "", errors.New("database down")
}

func TestMailFolderKeepsWhatCouldNotBeFiled(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)
	writeAged(t, dir, "odpowiedz.eml", replyMail, now, time.Hour)
	folder := &Folder{Dir: dir, Taker: refusingTaker{}, CoopID: 1, Now: func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if n, err := folder.Once(context.Background()); err != nil || n != 0 {
		t.Fatalf("took %d: %v", n, err)
	}
	if got := filesIn(t, dir); !slices.Equal(got, []string{"odpowiedz.eml"}) {
		t.Errorf("left in the folder: %q", got)
	}
}
