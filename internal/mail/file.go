package mail

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// FileSender drops each message as an .eml file into Dir instead of sending
// it: what ebok does when no SMTP host is configured, so that mail can be
// read during development and nothing is lost on a server without a relay.
type FileSender struct {
	// Dir is created (0750) when missing.
	Dir string
}

// Send writes o to <Dir>/<unix-nanos>-<sanitised message id>.eml. The file
// appears complete or not at all: it is written under a temporary name and
// renamed.
func (s FileSender) Send(ctx context.Context, o Outgoing) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.Dir == "" {
		return errors.New("mail: file sender: no folder set")
	}
	if o.From == "" {
		return errors.New("mail: file sender: no sender address")
	}
	msg, err := buildMsg(o)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("mail: file sender: %w", err)
	}
	name := strconv.FormatInt(time.Now().UnixNano(), 10) + "-" + sanitizeID(o.MessageID) + ".eml"
	tmp, err := os.CreateTemp(s.Dir, ".tmp-*.eml")
	if err != nil {
		return fmt.Errorf("mail: file sender: %w", err)
	}
	_, werr := msg.WriteTo(tmp)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), filepath.Join(s.Dir, name))
	}
	if werr != nil {
		if rerr := os.Remove(tmp.Name()); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			werr = errors.Join(werr, rerr)
		}
		return fmt.Errorf("mail: file sender: write %s: %w", name, werr)
	}
	return nil
}

// sanitizeID keeps letters, digits, '.', '-' and '_' of a Message-ID and
// turns everything else (brackets, '@', slashes) into '_'.
func sanitizeID(id string) string {
	id = strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	b := []byte(id)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
		if !ok {
			b[i] = '_'
		}
	}
	if len(b) > 100 {
		b = b[:100]
	}
	return string(b)
}
