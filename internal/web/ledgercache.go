package web

import (
	"fmt"
	"strings"
	"sync"

	"github.com/ebok/ebok/internal/auth"
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

// defaultPageCacheLimit bounds the memory kept pages take. A ledger page is
// about 10–30 KB, so this keeps a couple of thousand.
const defaultPageCacheLimit = 48 << 20

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
// of the ledger, and for staff the day (the
// posting form offers today's date).
func (s *Server) ledgerPageKey(st *state, h *coop.Holding, f ledger.Filter, version string) string {
	var b strings.Builder
	u := st.user()
	fmt.Fprintf(&b, "ledger\x00%s\x00%s\x00%+v\x00%+v\x00", version, st.lang, *u, *st.coop)
	fmt.Fprintf(&b, "%d\x00%d\x00%s\x00%s\x00%d\x00%s\x00%s\x00%d\x00%s", h.ID, h.AccountID, h.Kind, h.Address(), h.EstateID, h.NRB,
		h.VisibleFrom, f.Year, f.Kind)
	if u.Kind == auth.Staff {
		b.WriteString("\x00" + s.today().Format())
	}
	return b.String()
}
