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
	L      *i18n.Localizer
	Path   string
	Query  url.Values
	Anchor string
	// Param is the query parameter holding the page number ("page" when
	// empty), so that two lists on one page page apart.
	Param string
	// LabelKey names the pager's navigation for screen readers
	// ("pager.label" when empty); two lists on one page need two names.
	LabelKey    string
	Page, Total int
	Size        int
	// Shown is how many rows the page holds.
	Shown int
}

// pageNumber reads the page asked for from the query string: a number
// from 1 up, else the first.
func pageNumber(v url.Values) int { return pageNumberIn(v, "page") }

// pageNumberIn is pageNumber for a list paged by another parameter.
func pageNumberIn(v url.Values, param string) int {
	if n, err := strconv.Atoi(v.Get(param)); err == nil && n > 1 {
		return n
	}
	return 1
}

// Label is the name of the pager's navigation.
func (p pager) Label() string {
	if p.LabelKey == "" {
		return p.L.T("pager.label")
	}
	return p.L.T(p.LabelKey)
}

// param is the query parameter of the page number.
func (p pager) param() string {
	if p.Param == "" {
		return "page"
	}
	return p.Param
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
		if k != p.param() {
			v[k] = xs
		}
	}
	if n > 1 {
		v.Set(p.param(), strconv.Itoa(n))
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

// FirstHref and LastHref are the addresses of the first and last pages
// when they are more than one page away ("" otherwise: Prev or Next
// leads there).
func (p pager) FirstHref() string {
	if p.Page <= 2 {
		return ""
	}
	return p.Href(1)
}

func (p pager) LastHref() string {
	if p.Page >= p.Last()-1 {
		return ""
	}
	return p.Href(p.Last())
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

// loadPage reads the pager's page with fetch (its rows, and how many
// there are in all), the last page instead when the one asked for is past
// the end (the list shrank, or the address was typed), and records what
// it read in the pager.
func loadPage[T any](p *pager, fetch func(page int) ([]T, int, error)) ([]T, error) {
	rows, total, err := fetch(p.Page)
	if err != nil {
		return nil, err
	}
	p.Total = total
	if last := p.Last(); p.Page > last {
		p.Page = last
		if rows, p.Total, err = fetch(last); err != nil {
			return nil, err
		}
	}
	p.Shown = len(rows)
	return rows, nil
}
