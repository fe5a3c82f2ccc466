package web

import (
	"strconv"
	"sync"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/ledger"
)

// pageCache keeps rendered pages by a key naming everything they show, so
// that the second look at a page that has not changed costs the queries
// that check access and name its version, and no rendering. A key holds
// the version of the data shown (see ledger.Service.Version) and every
// other input of the page as read for this request, so a kept page is
// never out of date, whichever node changed what. Pages are bounded in
// total size; past the bound everything kept is dropped: a miss costs only
// one rendering.
type pageCache struct {
	mu    sync.Mutex
	m     map[string][]byte
	bytes int
	limit int
}

// newPageCache keeps pages up to limit bytes (EBOK_PAGE_CACHE_MIB; a
// ledger page is 10–30 KB, so the default 48 MiB keeps a couple of
// thousand). A limit of zero keeps nothing.
func newPageCache(limit int) *pageCache {
	return &pageCache{m: map[string][]byte{}, limit: limit}
}

func (c *pageCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[key]
	return b, ok
}

// put keeps page (which the caller must not change afterwards).
func (c *pageCache) put(key string, page []byte) {
	size := len(key) + len(page)
	if size > c.limit {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[key]; ok {
		c.bytes -= len(key) + len(old)
	}
	if c.bytes+size > c.limit {
		c.m = map[string][]byte{}
		c.bytes = 0
	}
	c.m[key] = page
	c.bytes += size
}

// ledgerPageKey names one rendering of a premises' ledger page: who looks
// (their name, kind and role shape the navigation), in which language, at
// which cooperative (its name and contacts are in the footer), which
// premises and from which day (a resident's holding), filter and version
// of the ledger, and for staff the day (the posting form offers today's
// date). Every field of the user and the cooperative is in it
// (TestLedgerPageKeyFields checks), written out by hand: fmt's reflection
// cost a twentieth of a kept page.
func (s *Server) ledgerPageKey(st *state, h *coop.Holding, f ledger.Filter, version string) string {
	b := make([]byte, 0, 512)
	str := func(v string) { b = append(append(b, v...), 0) }
	num := func(v int64) { b = append(strconv.AppendInt(b, v, 10), 0) }
	flag := func(v bool) { b = append(strconv.AppendBool(b, v), 0) }
	str("ledger")
	str(version)
	str(string(st.lang))
	u := st.user()
	num(u.ID)
	num(u.CoopID)
	str(string(u.Kind))
	str(u.Login)
	num(u.PersonID)
	str(u.DisplayName)
	str(u.Email)
	str(string(u.Role))
	num(u.EstateID)
	flag(u.MustChangePassword)
	flag(u.TOTPEnabled)
	c := st.coop
	num(c.ID)
	for _, v := range []string{c.Slug, c.Name, c.ShortName, c.Street, c.PostalCode, c.City, c.NIP, c.REGON, c.KRS,
		c.BankAccount, c.Phone, c.Email, c.Website} {
		str(v)
	}
	num(int64(c.FeeDueDay))
	num(h.ID)
	num(h.AccountID)
	str(string(h.Kind))
	str(h.Address())
	num(h.EstateID)
	str(string(h.NRB))
	str(h.VisibleFrom.String())
	str(h.VisibleUntil.String())
	num(int64(f.Year))
	str(f.Kind)
	// The balance chart ends with the current month.
	str(civil.MonthOf(s.today()).String())
	if u.Kind == auth.Staff {
		str(s.today().String())
	}
	return string(b)
}
