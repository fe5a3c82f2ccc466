package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
)

//go:embed templates
var templateFS embed.FS

// Page is what every page shows around its content. Page structs embed it.
type Page struct {
	L     *i18n.Localizer
	Coop  *coop.Cooperative
	User  *auth.User
	Title string
	// Nav is the navigation the user may follow.
	Nav []navItem
	// RequestID is shown on error pages, for whoever reports one; other
	// pages carry it in the X-Request-ID header only.
	RequestID string
	// Section marks the current part of the site in the navigation.
	Section string
	// Content is the page's own part, rendered before the layout around
	// it (see render).
	Content template.HTML
	// Here is the address of the page (path and query) for the language
	// switch to come back to; "/" after a form was sent.
	Here string
	// flash is the one-time message shown above the page (FlashText).
	flash *flash
	// zone is the cooperative's time zone, in which Stamp shows instants.
	zone *time.Location
}

// Stamp shows an instant as a date and time in the cooperative's time
// zone ("" for the zero time): the database gives instants back in UTC.
func (p Page) Stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	zone := p.zone
	if zone == nil { // a page not made by Server.page
		zone = time.UTC
	}
	return t.In(zone).Format("02.01.2006 15:04")
}

// layoutPage gives the layout a page's common part. Page structs embed
// Page and so have it; the layout then reads fields of Page itself rather
// than, through reflection, of the structs embedding it, which is most of
// what rendering a page cost.
func (p Page) layoutPage() Page { return p }

// IsStaff reports whether a staff member is logged in (for the navigation).
func (p Page) IsStaff() bool { return p.User != nil && p.User.Kind == auth.Staff }

// CanSeeApplications reports whether the staff member verifies
// applications (and may extend a former holder's access).
func (p Page) CanSeeApplications() bool { return applicationStaff.allows(p.User) }

// navItem is one entry of the navigation as a page shows it.
type navItem struct {
	Href, Label string
	// Section is the Page.Section that marks the entry current.
	Section string
}

// navLink is a navigation entry with the policy of its route.
type navLink struct {
	navEntry
	path   string
	policy Policy
}

// navLinks collects the navigation entries of the route table, in order.
func navLinks(routes []route) []navLink {
	var links []navLink
	for _, rt := range routes {
		if rt.nav != nil {
			_, path, _ := strings.Cut(rt.pattern, " ")
			links = append(links, navLink{navEntry: *rt.nav, path: path, policy: rt.policy})
		}
	}
	return links
}

// navFor is the navigation a user sees: the entries their policies admit.
func (s *Server) navFor(u *auth.User, l *i18n.Localizer) []navItem {
	if u == nil {
		return nil
	}
	var items []navItem
	for _, n := range s.nav {
		if !n.policy.allows(u) {
			continue
		}
		href := n.path
		if n.href != nil {
			href = n.href(u)
		}
		items = append(items, navItem{Href: href, Label: l.T(n.label), Section: n.section})
	}
	return items
}

// page builds the common part of a page with its title from the catalogue.
func (s *Server) page(r *http.Request, titleKey string) Page {
	st := stateOf(r)
	l := s.Catalogue.For(st.lang)
	u := st.user()
	here := "/"
	if r.Method == http.MethodGet {
		here = sameSitePath(r.URL.RequestURI())
	}
	return Page{L: l, Coop: st.coop, User: u, Title: l.T(titleKey), Nav: s.navFor(u, l), Here: here, flash: st.flash, zone: s.Config.TimeZone}
}

// templateFuncs are the helpers templates may call; the pages hold data.
var templateFuncs = template.FuncMap{
	"lower": strings.ToLower,
	"list":  func(xs ...string) []string { return xs },
	// portalOfKind names the portal a login kind opens.
	"portalOfKind": func(k auth.Kind) string {
		if k == auth.Member {
			return "ikcs"
		}
		return "ebok"
	},
}

// pageSets are the page templates of every language (translate.go),
// each parsed once: Polish at start, so that a broken template stops
// start-up, the others at their first page (start-up does not wait for
// them, issue 13's cold start).
type pageSets map[i18n.Lang]*pageSet

// pageSet is one language's page templates, parsed once.
type pageSet struct {
	once  sync.Once
	l     *i18n.Localizer
	pages map[string]*template.Template
	err   error
}

func (p *pageSet) parse() {
	p.pages, p.err = parsePages(translated{FS: templateFS, l: p.l})
}

// parseTemplates parses the Polish pages and readies the others.
func parseTemplates(c *i18n.Catalogue) (pageSets, error) {
	sets := pageSets{}
	for _, lang := range i18n.Langs {
		sets[lang] = &pageSet{l: c.For(lang)}
	}
	pl := sets[i18n.Polish]
	pl.once.Do(pl.parse)
	return sets, pl.err
}

// parsePages parses every page of fsys, by name.
func parsePages(fsys fs.FS) (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(fsys, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		if path.Base(name) == "layout.html" {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(fsys, name); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return pages, nil
}

// template is the page template name in the language of l.
func (s *Server) template(l *i18n.Localizer, name string) (*template.Template, error) {
	set, ok := s.pages[l.Lang()]
	if !ok {
		return nil, fmt.Errorf("web: no templates in %s", l.Lang())
	}
	set.once.Do(set.parse)
	if set.err != nil {
		return nil, fmt.Errorf("web: templates in %s: %w", l.Lang(), set.err)
	}
	t, ok := set.pages[name]
	if !ok {
		return nil, fmt.Errorf("web: no template %q", name)
	}
	return t, nil
}

// render writes a page with the given status. The page is rendered into a
// buffer first, so a template error becomes an error page, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	lp, ok := data.(interface{ layoutPage() Page })
	if !ok {
		return fmt.Errorf("web: page data %T does not embed Page", data)
	}
	t, err := s.template(lp.layoutPage().L, name)
	if err != nil {
		return err
	}
	buf, err := renderPage(t, data)
	if err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	s.write(w, r, buf)
	return nil
}

// showPage is a handler that renders the page load builds (the template
// name) at 200.
func showPage[P any](s *Server, name string, load func(r *http.Request) (P, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := load(r)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, name, p)
	}
}

// sendHTML sends a page rendered earlier.
func (s *Server) sendHTML(w http.ResponseWriter, r *http.Request, status int, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if _, err := w.Write(page); err != nil {
		s.Logger.Debug("write response", "request_id", stateOf(r).requestID, "err", err)
	}
}

// renderPage renders a page's "content" template with its data, then the
// layout around it with the page's common part.
func renderPage(t *template.Template, data any) (*bytes.Buffer, error) {
	lp, ok := data.(interface{ layoutPage() Page })
	if !ok {
		return nil, fmt.Errorf("page data %T does not embed Page", data)
	}
	var content bytes.Buffer
	if err := t.ExecuteTemplate(&content, "content", data); err != nil {
		return nil, err
	}
	p := lp.layoutPage()
	// Tables get their phone layout's labels (tables.go).
	p.Content = template.HTML(labelTables(content.Bytes()))
	buf := bytes.NewBuffer(make([]byte, 0, content.Len()+4096))
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		return nil, err
	}
	return buf, nil
}

// errorPage is the page shown for every error.
type errorPage struct {
	Page
	Status  int
	Message string
	// Back is the page the user came from on this site ("" when unknown),
	// and Home the start page of the part of the site they are logged
	// into.
	Back, Home string
}

// errorTitles are the headings of error pages that have their own; the
// rest say "Coś poszło nie tak".
var errorTitles = map[int]string{
	http.StatusNotFound:  "error.title.not_found",
	http.StatusForbidden: "error.title.forbidden",
}

// renderError shows a Polish error page with the request id.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, messageKey string) {
	title, ok := errorTitles[status]
	if !ok {
		title = "error.title"
	}
	p := errorPage{Page: s.page(r, title), Status: status, Home: "/"}
	p.RequestID = stateOf(r).requestID
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != r.URL.Path {
		if back := sameSitePath(ref.RequestURI()); back != "/" {
			p.Back = back
		}
	}
	if u := p.User; u != nil {
		switch u.Kind {
		case auth.Staff:
			p.Home = "/staff"
		case auth.Member:
			p.Home = "/ikcs"
		default:
			p.Home = "/ebok"
		}
	}
	p.Message = p.L.T(messageKey)
	t, err := s.template(p.L, "error")
	var buf *bytes.Buffer
	if err == nil {
		buf, err = renderPage(t, p)
	}
	if err != nil {
		s.Logger.Error("render error page", "request_id", p.RequestID, "err", err)
		http.Error(w, "Błąd serwera. Identyfikator zgłoszenia: "+p.RequestID, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	s.write(w, r, buf)
}

// write sends a rendered page; a failure means the client went away, which
// is worth a debug line and nothing more.
func (s *Server) write(w http.ResponseWriter, r *http.Request, buf *bytes.Buffer) {
	if _, err := buf.WriteTo(w); err != nil {
		s.Logger.Debug("write response", "request_id", stateOf(r).requestID, "err", err)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if to, ok := s.withoutTrailingSlash(r); ok {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	s.renderError(w, r, http.StatusNotFound, "error.not_found")
}

// withoutTrailingSlash finds the page a GET address ending in "/" means:
// "/ebok/" is "/ebok", when a route serves that. The query goes along.
func (s *Server) withoutTrailingSlash(r *http.Request) (string, bool) {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || len(r.URL.Path) < 2 || !strings.HasSuffix(r.URL.Path, "/") {
		return "", false
	}
	trimmed := strings.TrimRight(r.URL.Path, "/")
	if trimmed == "" || s.mux == nil {
		return "", false
	}
	probe := r.Clone(r.Context())
	probe.URL = &url.URL{Path: trimmed}
	// A subtree pattern ("/static/") is no page: the mux would only send
	// the trimmed address back with its slash.
	if _, pattern := s.mux.Handler(probe); pattern == "" || strings.HasSuffix(pattern, "/") {
		return "", false
	}
	to := sameSitePath(trimmed)
	if to == "/" {
		return "", false
	}
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	return to, true
}

// balanceView is what the balance partial shows.
type balanceView struct {
	Balance ledger.Balance
	L       *i18n.Localizer
}

// BalanceView pairs a balance with the page's language for the partial.
func (p Page) BalanceView(b ledger.Balance) balanceView { return balanceView{Balance: b, L: p.L} }
