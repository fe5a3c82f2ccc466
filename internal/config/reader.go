package config

import (
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"
)

// reader collects every problem instead of stopping at the first, so an
// administrator fixes them all in one go.
type reader struct {
	getenv func(string) string
	errs   []error
}

func (r *reader) fail(name, problem string) {
	r.errs = append(r.errs, &Error{Setting: name, Problem: problem})
}

// raw returns the value of name, or the contents of the file named by
// name_FILE for secrets. Setting both is an error.
func (r *reader) raw(name string) string {
	v := r.getenv(name)
	if !secretSettings[name] {
		return strings.TrimSpace(v)
	}
	path := r.getenv(name + "_FILE")
	if path == "" {
		return strings.TrimSpace(v)
	}
	if v != "" {
		r.fail(name, "set either "+name+" or "+name+"_FILE, not both")
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		r.fail(name+"_FILE", fmt.Sprintf("cannot read %s: %v", path, err))
		return ""
	}
	return strings.TrimSpace(string(b))
}

func (r *reader) str(name, def string) string {
	if v := r.raw(name); v != "" {
		return v
	}
	return def
}

func (r *reader) oneOf(name, def string, allowed ...string) string {
	v := strings.ToLower(r.str(name, def))
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	r.fail(name, fmt.Sprintf("%q is not one of %s", v, strings.Join(allowed, ", ")))
	return def
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := r.raw(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		r.fail(name, fmt.Sprintf("%q is not a positive duration like 30m or 12h", v))
		return def
	}
	return d
}

func (r *reader) positiveInt(name string, def int) int {
	v := r.raw(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		r.fail(name, fmt.Sprintf("%q is not a positive whole number", v))
		return def
	}
	return n
}

func (r *reader) level(name string) slog.Level {
	v := r.raw(name)
	if v == "" {
		return slog.LevelInfo
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(v)); err != nil {
		r.fail(name, fmt.Sprintf("%q is not one of debug, info, warn, error", v))
	}
	return l
}

func (r *reader) location(name, def string) *time.Location {
	v := r.str(name, def)
	loc, err := time.LoadLocation(v)
	if err != nil {
		r.fail(name, fmt.Sprintf("unknown time zone %q", v))
		return time.UTC
	}
	return loc
}
