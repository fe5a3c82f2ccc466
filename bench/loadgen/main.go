// Command loadgen drives a running `ebok serve` with many logged-in
// sessions at once, residents and staff, each requesting pages and
// downloads one after another without pause, for a fixed time; it reports
// the answers by status, latency percentiles and, given the server's pid,
// its resident memory (RSS) sampled every second. See bench/README.md and
// bench/load.sh.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

type options struct {
	base          string
	sessions      int
	staffShare    float64
	duration      time.Duration
	pid           int
	resident      string
	residentPass  string
	staff         string
	staffPass     string
	premises      int
	requestTimout time.Duration
	logins        int
}

// sample is one answered (or failed) request.
type sample struct {
	kind    string
	status  int // 0: no answer (transport error)
	latency time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.base, "url", "http://127.0.0.1:18093", "ebok's base URL")
	flag.IntVar(&o.sessions, "sessions", 200, "concurrent logged-in sessions")
	flag.Float64Var(&o.staffShare, "staff-share", 0.2, "share of the sessions that are staff")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "how long the measured run lasts (after every session logged in)")
	flag.IntVar(&o.pid, "pid", 0, "pid of ebok serve, to sample its RSS every second (0: none)")
	flag.StringVar(&o.resident, "resident", "E0000001", "the residents' login")
	flag.StringVar(&o.residentPass, "resident-password", "demo-mieszkaniec", "its password")
	flag.StringVar(&o.staff, "staff", "admin", "the staff login")
	flag.StringVar(&o.staffPass, "staff-password", "demo-admin", "its password")
	flag.IntVar(&o.premises, "premises", 100000, "staff open premises with ids 1..N")
	flag.DurationVar(&o.requestTimout, "timeout", 60*time.Second, "bound of one request")
	flag.IntVar(&o.logins, "logins", 4, "logins at once while the sessions are set up (each is an argon2id hash)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// run logs the sessions in, drives them for o.duration and reports.
func run(o options) error {
	ctx := context.Background()
	users, err := loginAll(ctx, o)
	if err != nil {
		return err
	}
	samples := make(chan sample, 4096)
	var collected []sample
	done := make(chan struct{})
	go func() {
		for s := range samples {
			collected = append(collected, s)
		}
		close(done)
	}()
	stopRSS := watchRSS(o.pid)
	drive(ctx, o, users, samples)
	rss := stopRSS()
	close(samples)
	<-done
	report(o, collected, rss)
	return nil
}

// loginAll logs every session in, at most o.logins at once, the first
// o.staffShare of them as staff, sharing one transport.
func loginAll(ctx context.Context, o options) ([]*user, error) {
	transport := &http.Transport{MaxIdleConnsPerHost: o.sessions, MaxConnsPerHost: 0, IdleConnTimeout: time.Minute}
	users := make([]*user, o.sessions)
	nStaff := int(float64(o.sessions)*o.staffShare + 0.5)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, o.sessions)
	loginSlots := make(chan struct{}, max(1, o.logins))
	for i := range users {
		u := &user{staff: i < nStaff, o: o, rng: rand.New(rand.NewPCG(uint64(i), 42))}
		jar, _ := cookiejar.New(nil)
		u.client = &http.Client{Transport: transport, Jar: jar,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		users[i] = u
		wg.Add(1)
		go func() {
			defer wg.Done()
			loginSlots <- struct{}{}
			defer func() { <-loginSlots }()
			errs[i] = u.login(ctx)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("logging in: %w", err)
	}
	fmt.Printf("%d sessions logged in (%d staff, %d residents) in %s\n", o.sessions, nStaff, o.sessions-nStaff, time.Since(start).Round(time.Millisecond))
	return users, nil
}

// watchRSS samples the resident memory of process pid every second (not
// at all when pid is 0); the function it returns stops the sampling and
// gives the samples, "second:MiB".
func watchRSS(pid int) func() []string {
	stop := make(chan struct{})
	var rss []string
	var wg sync.WaitGroup
	if pid > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for i := 1; ; i++ {
				select {
				case <-stop:
					return
				case <-t.C:
					rss = append(rss, fmt.Sprintf("%d:%s", i, rssMiB(pid)))
				}
			}
		}()
	}
	return func() []string {
		close(stop)
		wg.Wait()
		return rss
	}
}

// drive has every session take steps until o.duration has passed, each
// step's sample sent to samples, and returns when all have stopped.
func drive(ctx context.Context, o options, users []*user, samples chan<- sample) {
	deadline := time.Now().Add(o.duration)
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				samples <- u.step(ctx)
			}
		}()
	}
	wg.Wait()
}

// rssMiB reads VmRSS of a process, in MiB ("?" when unreadable).
func rssMiB(pid int) string {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return "?"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				return "?"
			}
			return strconv.Itoa(kb / 1024)
		}
	}
	return "?"
}

func report(o options, s []sample, rss []string) {
	byStatus := map[int]int{}
	byKind := map[string]int{}
	lat := make([]time.Duration, 0, len(s))
	fivexx := 0
	for _, x := range s {
		byStatus[x.status]++
		byKind[x.kind]++
		lat = append(lat, x.latency)
		if x.status >= 500 || x.status == 0 {
			fivexx++
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(float64(len(lat))*p))]
	}
	fmt.Printf("responses: %d in %s (%.1f/s)\n", len(s), o.duration, float64(len(s))/o.duration.Seconds())
	codes := make([]int, 0, len(byStatus))
	for c := range byStatus {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var parts []string
	for _, c := range codes {
		name := strconv.Itoa(c)
		if c == 0 {
			name = "no-answer"
		}
		parts = append(parts, fmt.Sprintf("%s=%d", name, byStatus[c]))
	}
	fmt.Printf("by status: %s\n", strings.Join(parts, " "))
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	parts = parts[:0]
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s=%d", k, byKind[k]))
	}
	fmt.Printf("by kind: %s\n", strings.Join(parts, " "))
	fmt.Printf("latency: p50=%s p90=%s p99=%s max=%s\n", pct(0.5).Round(time.Millisecond), pct(0.9).Round(time.Millisecond),
		pct(0.99).Round(time.Millisecond), pct(1).Round(time.Millisecond))
	if len(rss) > 0 {
		fmt.Printf("rss MiB by second: %s\n", strings.Join(rss, " "))
	}
	fmt.Printf("RESULT sessions=%d responses=%d 5xx_or_no_answer=%d p99=%s\n", o.sessions, len(s), fivexx, pct(0.99).Round(time.Millisecond))
}

// user is one logged-in session.
type user struct {
	staff    bool
	o        options
	client   *http.Client
	rng      *rand.Rand
	premises []string // a resident's own premises ids
}

var premisesLink = regexp.MustCompile(`/ebok/premises/([0-9]+)"`)

func (u *user) login(ctx context.Context) error {
	path, login, pass := "/ebok/login", u.o.resident, u.o.residentPass
	if u.staff {
		path, login, pass = "/staff/login", u.o.staff, u.o.staffPass
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	form := url.Values{"login": {login}, "password": {pass}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.o.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := u.client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("login %s: HTTP %d", login, resp.StatusCode)
	}
	if u.staff {
		return nil
	}
	body, status, err := u.get(ctx, "/ebok")
	if err != nil || status != 200 {
		return fmt.Errorf("GET /ebok: %d, %v", status, err)
	}
	for _, m := range premisesLink.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(u.premises, m[1]) {
			u.premises = append(u.premises, m[1])
		}
	}
	if len(u.premises) == 0 {
		return errors.New("no premises on the resident's page")
	}
	return nil
}

func (u *user) get(ctx context.Context, path string) (string, int, error) {
	ctx, cancel := context.WithTimeout(ctx, u.o.requestTimout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.o.base+path, nil)
	if err != nil {
		return "", 0, err
	}
	resp, err := u.client.Do(req)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode, err
}

// page is one kind of request of a user's mix: it is picked when the
// random number 0-99 is below below (and no earlier page's), and {id} in
// its path is the premises.
type page struct {
	below      int
	kind, path string
}

// staffMix and residentMix are the requests of staff and of residents, by
// weight.
var (
	staffMix = []page{
		{10, "staff-home", "/staff"},
		{40, "staff-ledger", "/staff/premises/{id}/ledger"},
		{60, "staff-premises", "/staff/premises/{id}"},
		{70, "staff-readings", "/staff/readings"},
		{80, "staff-audit", "/staff/audit"},
		{90, "staff-statement-pdf", "/staff/premises/{id}/statement.pdf"},
		{100, "staff-statement-csv", "/staff/premises/{id}/statement.csv"},
	}
	residentMix = []page{
		{15, "home", "/ebok"},
		{25, "overview", "/ebok/premises/{id}"},
		{55, "ledger", "/ebok/premises/{id}/ledger"},
		{63, "fees", "/ebok/premises/{id}/fees"},
		{70, "settlements", "/ebok/premises/{id}/settlements"},
		{77, "meters", "/ebok/premises/{id}/meters"},
		{85, "statement-pdf", "/ebok/premises/{id}/statement.pdf"},
		{90, "statement-csv", "/ebok/premises/{id}/statement.csv"},
		{95, "statement-xlsx", "/ebok/premises/{id}/statement.xlsx"},
		{100, "slip-pdf", "/ebok/premises/{id}/slip.pdf"},
	}
)

// pick is the page of mix that r (0-99) falls on, for premises id.
func pick(mix []page, r int, id string) (kind, path string) {
	for _, p := range mix {
		if r < p.below {
			return p.kind, strings.ReplaceAll(p.path, "{id}", id)
		}
	}
	last := mix[len(mix)-1]
	return last.kind, strings.ReplaceAll(last.path, "{id}", id)
}

// step requests one page or download, picked at random by weight.
func (u *user) step(ctx context.Context) sample {
	var kind, path string
	r := u.rng.IntN(100)
	if u.staff {
		kind, path = pick(staffMix, r, strconv.Itoa(1+u.rng.IntN(u.o.premises)))
	} else {
		kind, path = pick(residentMix, r, u.premises[u.rng.IntN(len(u.premises))])
	}
	start := time.Now()
	_, status, err := u.get(ctx, path)
	if err != nil {
		status = 0
	}
	return sample{kind: kind, status: status, latency: time.Since(start)}
}
