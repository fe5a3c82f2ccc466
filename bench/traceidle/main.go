// Command traceidle tells where a Go program left its processors idle, from
// an execution trace (runtime/trace): how long 0, 1, … goroutines were
// running, the idle processor-seconds in each second of the trace, how the
// idle spans were distributed by length, and what the goroutines of the
// program were blocked in while processors sat idle.
//
//	go run . -procs 2 trace.out
//
// It is a module of its own, so that its trace parser (golang.org/x/exp/trace)
// is no dependency of ebok. Used for issue 9 §9; see bench/README.md.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"os"
	"slices"
	"strings"

	"golang.org/x/exp/trace"
)

func main() {
	procs := flag.Int("procs", 2, "processors the program had (GOMAXPROCS)")
	frames := flag.String("frames", "ebok/internal,database/sql", "comma-separated parts of function names that name a blocked goroutine's place")
	top := flag.Int("top", 25, "places to list")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: traceidle [-procs N] trace.out")
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	a := analysis{procs: *procs, keep: strings.Split(*frames, ","), blocked: map[trace.GoID]string{}, idleIn: map[string]float64{}}
	if err := a.read(f); err != nil {
		log.Fatal(err)
	}
	a.report(os.Stdout, *top)
}

// analysis is what read gathers.
type analysis struct {
	procs int
	keep  []string

	running int                       // goroutines running now
	blocked map[trace.GoID]string     // goroutines waiting or in a system call, by place
	level   map[int]float64           // seconds spent with n running
	perSec  []float64                 // idle processor-seconds in each second
	spans   [6]struct{ s, n float64 } // idle spans by length: ≤10 µs, ≤100 µs, … >100 ms
	idleIn  map[string]float64        // idle processor-seconds while a goroutine was blocked at a place

	start, last, spanStart trace.Time
}

// read goes through the trace's events in order.
func (a *analysis) read(r io.Reader) error {
	tr, err := trace.NewReader(r)
	if err != nil {
		return err
	}
	a.level = map[int]float64{}
	for {
		ev, err := tr.ReadEvent()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		a.advance(ev.Time())
		if ev.Kind() != trace.EventStateTransition {
			continue
		}
		st := ev.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			continue
		}
		from, to := st.Goroutine()
		if from == trace.GoRunning {
			a.running--
		}
		if to == trace.GoRunning {
			a.running++
		}
		id := st.Resource.Goroutine()
		delete(a.blocked, id)
		if to == trace.GoWaiting || to == trace.GoSyscall {
			if place := a.place(st.Stack, ev.Stack()); place != "" {
				a.blocked[id] = to.String() + " " + place
			}
		}
		a.span(ev.Time())
	}
}

// advance accounts for the time from the last event to t.
func (a *analysis) advance(t trace.Time) {
	if a.start == 0 {
		a.start, a.last = t, t
	}
	dt := float64(t-a.last) / 1e9
	a.last = t
	a.level[a.running] += dt
	idle := float64(max(a.procs-a.running, 0)) * dt
	if idle == 0 {
		return
	}
	sec := int(float64(t-a.start) / 1e9)
	for len(a.perSec) <= sec {
		a.perSec = append(a.perSec, 0)
	}
	a.perSec[sec] += idle
	for _, place := range a.blocked {
		a.idleIn[place] += idle
	}
}

// span opens or closes an idle span (fewer goroutines running than
// processors) at t.
func (a *analysis) span(t trace.Time) {
	idle := a.running < a.procs
	switch {
	case idle && a.spanStart == 0:
		a.spanStart = t
	case !idle && a.spanStart != 0:
		d := float64(t-a.spanStart) / 1e9
		b := 0
		for lim := 10e-6; d > lim && b < len(a.spans)-1; lim *= 10 {
			b++
		}
		a.spans[b].s += d
		a.spans[b].n++
		a.spanStart = 0
	}
}

// place names where a goroutine blocked: the first three frames of its
// stack whose function names hold one of -frames (the transition's stack,
// else the event's).
func (a *analysis) place(stacks ...trace.Stack) string {
	for _, st := range stacks {
		var parts []string
		for f := range st.Frames() {
			if !slices.ContainsFunc(a.keep, func(k string) bool { return strings.Contains(f.Func, k) }) {
				continue
			}
			parts = append(parts, f.Func[strings.LastIndex(f.Func, "/")+1:])
			if len(parts) == 3 {
				break
			}
		}
		if len(parts) > 0 {
			return strings.Join(parts, " < ")
		}
	}
	return ""
}

// report writes the figures.
func (a *analysis) report(w io.Writer, top int) {
	fmt.Fprintln(w, "seconds with n goroutines running:")
	for _, n := range slices.Sorted(maps.Keys(a.level)) {
		fmt.Fprintf(w, "  %d: %.2f s\n", n, a.level[n])
	}
	fmt.Fprint(w, "idle processor-seconds, second by second:")
	for i, v := range a.perSec {
		fmt.Fprintf(w, " %d:%.2f", i, v)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "idle spans (fewer running than processors) by length:")
	for i, label := range []string{"≤ 10 µs", "≤ 100 µs", "≤ 1 ms", "≤ 10 ms", "≤ 100 ms", "> 100 ms"} {
		fmt.Fprintf(w, "  %-9s %8.0f spans %6.2f s\n", label, a.spans[i].n, a.spans[i].s)
	}
	fmt.Fprintln(w, "idle processor-seconds while a goroutine was blocked at:")
	places := slices.SortedFunc(maps.Keys(a.idleIn), func(x, y string) int { return cmp.Compare(a.idleIn[y], a.idleIn[x]) })
	for _, p := range places[:min(top, len(places))] {
		fmt.Fprintf(w, "  %7.2f  %s\n", a.idleIn[p], p)
	}
}
