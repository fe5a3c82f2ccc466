package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
)

// A flash is the one-time message a page shows at its top after an action
// redirected to it (post/redirect/get): "Zaksięgowano wpłatę 100,00 zł."
// It travels in a cookie holding a catalogue key and its arguments, signed
// with HMAC-SHA256 under the installation's flash key (config.FlashKey, the
// same on every node) over the session token, so that it is shown only in
// the session it was set in and nobody can make a page say what ebok did
// not. The page that shows it clears it.

const (
	flashCookie = "ebok_flash"
	// flashMaxAge bounds how long a flash waits for its page (seconds).
	flashMaxAge = 60
	// flashSep separates the key and the arguments in the cookie.
	flashSep = "\x1f"
)

// flash is the message a page shows once: a catalogue key and arguments.
type flash struct {
	Key  string
	Args []string
}

// flashMAC signs payload for the session with the installation's key.
func (s *Server) flashMAC(token, payload string) []byte {
	m := hmac.New(sha256.New, s.FlashKey)
	m.Write([]byte("ebok flash\x00" + token + "\x00" + payload))
	return m.Sum(nil)
}

// setFlash makes the next page of this session say key (a catalogue key
// whose verbs take args). Call it before the redirect. Without a session
// there is nothing to bind the message to, and none is set.
func (s *Server) setFlash(w http.ResponseWriter, r *http.Request, key string, args ...string) {
	st := stateOf(r)
	if st.token == "" || len(s.FlashKey) == 0 {
		return
	}
	payload := strings.Join(append([]string{key}, args...), flashSep)
	value := base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." +
		base64.RawURLEncoding.EncodeToString(s.flashMAC(st.token, payload))
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: value, Path: "/", MaxAge: flashMaxAge,
		HttpOnly: true, Secure: s.Config.CookieSecure, SameSite: http.SameSiteLaxMode})
}

// flashRedirect sends the browser on to the page to, which says key
// (setFlash).
func (s *Server) flashRedirect(w http.ResponseWriter, r *http.Request, to, key string, args ...string) error {
	s.setFlash(w, r, key, args...)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// takeFlash reads the flash of a page request and clears it, so it is
// shown once. A flash signed for another session, or not by this
// installation, is dropped unread.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request, st *state) *flash {
	c, err := r.Cookie(flashCookie)
	if err != nil || r.Method != http.MethodGet {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.Config.CookieSecure, SameSite: http.SameSiteLaxMode})
	enc, sig, ok := strings.Cut(c.Value, ".")
	if !ok || st.token == "" || len(s.FlashKey) == 0 {
		return nil
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(enc)
	mac, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, s.flashMAC(st.token, string(payload))) {
		return nil
	}
	parts := strings.Split(string(payload), flashSep)
	if !strings.HasPrefix(parts[0], "flash.") && !strings.HasPrefix(parts[0], "readings.done.") {
		return nil
	}
	return &flash{Key: parts[0], Args: parts[1:]}
}

// FlashText is the flash in the page's language ("" when none).
func (p Page) FlashText() string {
	if p.flash == nil {
		return ""
	}
	args := make([]any, len(p.flash.Args))
	for i, a := range p.flash.Args {
		args[i] = a
	}
	return p.L.T(p.flash.Key, args...)
}
