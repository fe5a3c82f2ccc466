package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// realClient finds the client's address and whether it used HTTPS. Behind
// a reverse proxy every connection comes from the proxy, so when the peer
// is one of the trusted proxies (EBOK_TRUSTED_PROXIES) the forwarding
// headers are read: the addresses in X-Forwarded-For or, without it,
// Forwarded (for=), from the right, skipping trusted proxies; the first
// one not trusted is the client. Everything to its left was written by
// the client and is ignored. From any other peer the headers are ignored
// and the peer is the client.
func realClient(r *http.Request, trusted []netip.Prefix) (ip string, https bool) {
	peer, ok := peerAddr(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr, r.TLS != nil
	}
	if !isTrusted(peer, trusted) {
		return peer.String(), r.TLS != nil
	}
	hops, proto := forwardedHops(r.Header)
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break // garbage or an obfuscated hop: stop at the last good one
		}
		client = a
		if !isTrusted(a, trusted) {
			break
		}
	}
	https = r.TLS != nil || strings.EqualFold(strings.TrimSpace(proto), "https")
	return client.String(), https
}

func peerAddr(remote string) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedHops lists the addresses a request passed, left (client) to
// right (nearest proxy), and the protocol the nearest proxy saw. The
// X-Forwarded-* headers, which nginx, Caddy and most load balancers set,
// win; RFC 7239 Forwarded is read only without X-Forwarded-For, so that a
// client cannot slip a Forwarded header past a proxy that sets only
// X-Forwarded-For.
func forwardedHops(h http.Header) (hops []string, proto string) {
	xproto := ""
	if p := h.Values("X-Forwarded-Proto"); len(p) > 0 {
		parts := strings.Split(p[len(p)-1], ",")
		xproto = parts[len(parts)-1]
	}
	if xff := h.Values("X-Forwarded-For"); len(xff) > 0 {
		for _, line := range xff {
			for _, v := range strings.Split(line, ",") {
				hops = append(hops, strings.TrimSpace(v))
			}
		}
		return hops, xproto
	}
	for _, line := range h.Values("Forwarded") {
		for _, elem := range strings.Split(line, ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(pair), "=")
				v = strings.Trim(strings.TrimSpace(v), `"`)
				switch strings.ToLower(k) {
				case "for":
					hops = append(hops, v)
				case "proto":
					proto = v // the last element's, from the nearest proxy
				}
			}
		}
	}
	if xproto != "" {
		proto = xproto
	}
	return hops, proto
}

// parseHop reads one address of a forwarding header: 192.0.2.1,
// 192.0.2.1:4711, [2001:db8::1] or [2001:db8::1]:4711.
func parseHop(v string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(v); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(v); err == nil {
		return ap.Addr().Unmap(), true
	}
	if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
		if a, err := netip.ParseAddr(v[1 : len(v)-1]); err == nil {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}
