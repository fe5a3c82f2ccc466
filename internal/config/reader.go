package config

import (
	"fmt"
	"log/slog"
	"net/netip"
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

// fail records a problem with a setting.
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

// str reads a setting as it is, or def when it is unset.
func (r *reader) str(name, def string) string {
	if v := r.raw(name); v != "" {
		return v
	}
	return def
}

// oneOf reads a setting that must be one of allowed (in lower case);
// case does not matter.
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

// duration reads a positive duration such as 30m; see positive.
func (r *reader) duration(name string, def time.Duration) time.Duration {
	return positive(r, name, def, time.ParseDuration, "a positive duration like 30m or 12h")
}

// positiveInt reads a whole number above zero; see positive.
func (r *reader) positiveInt(name string, def int) int {
	return positive(r, name, def, strconv.Atoi, "a positive whole number")
}

// nonNegativeInt reads a whole number of zero or more.
func (r *reader) nonNegativeInt(name string, def int) int {
	v := r.raw(name)
	if v == "" {
		return def
	}
	x, err := strconv.Atoi(v)
	if err != nil || x < 0 {
		r.fail(name, fmt.Sprintf("%q is not a whole number of zero or more", v))
		return def
	}
	return x
}

// positive reads name with parse, which must give a value above zero. An
// unset setting gives def; a bad one is reported, saying that it is not
// want, and gives def too so that reading goes on to the next problem.
func positive[T int | time.Duration](r *reader, name string, def T, parse func(string) (T, error), want string) T {
	v := r.raw(name)
	if v == "" {
		return def
	}
	x, err := parse(v)
	if err != nil || x <= 0 {
		r.fail(name, fmt.Sprintf("%q is not %s", v, want))
		return def
	}
	return x
}

// level reads a log level (debug, info, warn, error); unset is info.
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

// location reads a time zone name such as Europe/Warsaw, or def when
// unset.
func (r *reader) location(name, def string) *time.Location {
	v := r.str(name, def)
	loc, err := time.LoadLocation(v)
	if err != nil {
		r.fail(name, fmt.Sprintf("unknown time zone %q", v))
		return time.UTC
	}
	return loc
}

// prefixes reads a comma-separated list of CIDRs (a bare address counts as
// one host).
func (r *reader) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, f := range strings.Split(r.raw(name), ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				r.fail(name, fmt.Sprintf("%q is not a CIDR such as 10.0.0.0/8", f))
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out
}
