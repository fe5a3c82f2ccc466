package mailin

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Folder reads mail from a folder instead of a mailbox: every .eml file
// put in Dir is filed as if it had arrived in the cooperative's mailbox,
// then moved to Dir/taken (an empty file, or one over 64 MB, to
// Dir/refused). It is what `ebok serve` reads when no IMAP
// server is configured, the counterpart of the .eml files written for
// mail out, so that an answer by e-mail can be tried on the demo.
type Folder struct {
	Dir   string
	Taker Taker
	// CoopID is the cooperative whose mailbox the folder stands for.
	CoopID int64
	Logger *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

const (
	// FolderPoll is how often the folder is read.
	FolderPoll = 5 * time.Second
	// settle is how long a file must have been left unchanged before it
	// is read: a file still being written is left for the next poll.
	settle = time.Second
	// maxFileSize bounds a file read from the folder.
	maxFileSize = 64 << 20
	// takenDir is the subfolder taken files are moved to, refusedDir the
	// one empty and oversized files are moved to, with a log line.
	takenDir   = "taken"
	refusedDir = "refused"
)

// Run reads the folder every FolderPoll until ctx ends; a failure is
// logged and tried again at the next tick.
func (f *Folder) Run(ctx context.Context) {
	t := time.NewTicker(FolderPoll)
	defer t.Stop()
	for {
		if n, err := f.Once(ctx); err != nil {
			f.Logger.Warn("mail folder not read", "dir", f.Dir, "err", err)
		} else if n > 0 {
			f.Logger.Info("mail taken from the folder", "dir", f.Dir, "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Once files every settled .eml file in the folder, oldest name first, and
// moves each to the taken subfolder; it returns how many it moved. A file
// that cannot be filed stays where it is and is tried again at the next
// poll (Take's unique Message-ID keeps one filed and not moved from being
// filed twice).
func (f *Folder) Once(ctx context.Context) (int, error) {
	for _, sub := range []string{takenDir, refusedDir} {
		if err := os.MkdirAll(filepath.Join(f.Dir, sub), 0o700); err != nil {
			return 0, fmt.Errorf("mailin: mail folder: %w", err)
		}
	}
	entries, err := os.ReadDir(f.Dir)
	if err != nil {
		return 0, fmt.Errorf("mailin: mail folder: %w", err)
	}
	now := time.Now
	if f.Now != nil {
		now = f.Now
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.Type().IsRegular() && strings.EqualFold(filepath.Ext(e.Name()), ".eml") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	n := 0
	for _, name := range names {
		if n == batch || ctx.Err() != nil {
			break
		}
		took, err := f.one(ctx, name, now())
		if err != nil {
			f.Logger.Warn("mail file not taken", "file", name, "err", err)
			continue
		}
		if took {
			n++
		}
	}
	return n, ctx.Err()
}

// one files the file name unless it changed less than settle before now,
// and moves it to the taken subfolder.
func (f *Folder) one(ctx context.Context, name string, now time.Time) (bool, error) {
	path := filepath.Join(f.Dir, name)
	raw, settled, err := readSettled(path, now)
	if err != nil || !settled {
		return false, err
	}
	if len(raw) == 0 || len(raw) > maxFileSize {
		f.Logger.Warn("mail file refused: empty or over 64 MB", "file", name, "bytes", len(raw))
		return false, f.move(path, refusedDir, name, now)
	}
	if _, err := f.Taker.Take(ctx, f.CoopID, Parse(raw)); err != nil {
		return false, err
	}
	if err := f.move(path, takenDir, name, now); err != nil {
		return false, fmt.Errorf("mailin: filed, but %w", err)
	}
	return true, nil
}

// readSettled reads the file at path unless it was changed less than
// settle before now (it may still be being written).
func readSettled(path string, now time.Time) ([]byte, bool, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, false, err
	}
	if age := now.Sub(info.ModTime()); age >= 0 && age < settle {
		return nil, false, nil
	}
	raw, err := io.ReadAll(io.LimitReader(file, maxFileSize+1))
	return raw, err == nil, err
}

// move puts the file at path into the subfolder sub, its name prefixed
// with the time so that a second file of the same name keeps the first.
func (f *Folder) move(path, sub, name string, now time.Time) error {
	to := filepath.Join(f.Dir, sub, now.UTC().Format("20060102T150405.000000000")+"-"+name)
	if err := os.Rename(path, to); err != nil {
		return fmt.Errorf("not moved to %s: %w", sub, err)
	}
	return nil
}
