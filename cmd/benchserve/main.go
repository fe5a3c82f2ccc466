// Command benchserve is the baseline of bench/ledger.sh: a bare net/http
// server answering every request with the same bytes, read once from a file
// into memory, and the same headers as the page it stands in for. What ebok
// does per request on top of this (database, session, template) is the
// difference between the two request rates.
//
//	benchserve -body page.html [-headers page.headers] [-listen 127.0.0.1:8092] [-max-time 5m]
//
// -headers is a header dump as `curl -D` writes it; every header but Date,
// Content-Length, Connection, Transfer-Encoding and Set-Cookie is replayed.
// It listens on loopback only and exits after -max-time, so a forgotten
// process does not outlive the benchmark.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// main runs the server and turns an error into exit status 1.
func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchserve:", err)
		os.Exit(1)
	}
}

// run reads the flags, the page and its headers, and serves them on the
// loopback address until a signal or -max-time.
func run() error {
	body := flag.String("body", "", "file whose bytes every response carries (required)")
	headers := flag.String("headers", "", "header dump (curl -D) whose headers every response carries")
	listen := flag.String("listen", "127.0.0.1:8092", "loopback address to listen on")
	maxTime := flag.Duration("max-time", 5*time.Minute, "exit after this long")
	flag.Parse()
	if *body == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	page, h, err := loadResponse(*body, *headers)
	if err != nil {
		return err
	}
	ln, err := listenLoopback(*listen)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *maxTime)
	defer cancel()
	fmt.Printf("benchserve is serving %d bytes on http://%s\n", len(page), ln.Addr())
	return serve(ctx, newServer(page, h), ln)
}

// loadResponse reads the page every response carries and the headers that
// go with it: those of the header dump when one is named, else only the
// sniffed Content-Type. Content-Length is set to the page's length.
func loadResponse(bodyFile, headersFile string) ([]byte, http.Header, error) {
	page, err := os.ReadFile(bodyFile)
	if err != nil {
		return nil, nil, err
	}
	h := http.Header{"Content-Type": {http.DetectContentType(page)}}
	if headersFile != "" {
		if h, err = readHeaders(headersFile); err != nil {
			return nil, nil, err
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(page)))
	return page, h, nil
}

// listenLoopback listens on addr, which must be a loopback IP address and
// port: the benchmark's traffic never leaves the machine.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("-listen %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("-listen %q: only a loopback IP address is allowed", addr)
	}
	return net.Listen("tcp", addr)
}

// newServer builds a server answering every request with page and h, with
// the same timeouts as ebok serve's server so the two compare fairly.
func newServer(page []byte, h http.Header) *http.Server {
	return &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			dst := w.Header()
			for k, v := range h {
				dst[k] = v
			}
			w.WriteHeader(http.StatusOK)
			w.Write(page)
		}),
		// As ebok serve's server.
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
	}
}

// serve runs srv on ln until it fails or ctx ends, then shuts it down,
// giving requests in flight five seconds.
func serve(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancelShut := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelShut()
	return srv.Shutdown(shut)
}

// readHeaders reads the last header block of a curl -D dump (after any
// redirects), leaving out the headers net/http sets per response.
func readHeaders(name string) (http.Header, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	blocks := bytes.Split(bytes.TrimSpace(data), []byte("\n\n"))
	last := blocks[len(blocks)-1]
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(append(last, '\n', '\n'))))
	status, err := r.ReadLine()
	if err != nil || !strings.HasPrefix(status, "HTTP/") {
		return nil, fmt.Errorf("%s: not a curl -D header dump", name)
	}
	mh, err := r.ReadMIMEHeader()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	h := http.Header(mh)
	for _, k := range []string{"Date", "Content-Length", "Connection", "Transfer-Encoding", "Set-Cookie", "Keep-Alive"} {
		h.Del(k)
	}
	return h, nil
}
