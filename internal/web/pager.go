package web

import (
	"net/url"
	"strconv"

	"github.com/ebok/ebok/internal/i18n"
)

// pager is the paging of a long list: which page of Size rows is shown,
// of Total, and the addresses of the pages around it, which keep the
// list's filter (Query, without "page") and end at Anchor.
type pager struct {
	L           *i18n.Localizer
	Path        string
	Query       url.Values
	Anchor      string
	Page, Total int
	Size        int
	// Shown is how many rows the page holds.
	Shown int
}

// pageNumber reads the page asked for from the query string: a number
// from 1 up, else the first.
func pageNumber(v url.Values) int {
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 {
		return n
	}
	return 1
}

// Last is the number of the last page (1 when the list is empty).
func (p pager) Last() int { return max(1, (p.Total+p.Size-1)/p.Size) }

// Offset is how many rows come before the page.
func (p pager) Offset() int { return (p.Page - 1) * p.Size }

// Range says which rows the page shows, of how many, with the catalogue's
// key taking the first, the last and the total.
func (p pager) Range(key string) string {
	first := p.Offset() + 1
	return p.L.T(key, first, first+p.Shown-1, p.Total)
}

// Of is "page n of m".
func (p pager) Of() string { return p.L.T("pager.page_of", p.Page, p.Last()) }

// Href is the address of page n.
func (p pager) Href(n int) string {
	v := url.Values{}
	for k, xs := range p.Query {
		if k != "page" {
			v[k] = xs
		}
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	u := p.Path
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	if p.Anchor != "" {
		u += "#" + p.Anchor
	}
	return u
}

// Prev and Next are the addresses of the pages before and after this
// one, "" at either end.
func (p pager) Prev() string {
	if p.Page <= 1 {
		return ""
	}
	return p.Href(p.Page - 1)
}

func (p pager) Next() string {
	if p.Page >= p.Last() {
		return ""
	}
	return p.Href(p.Page + 1)
}
