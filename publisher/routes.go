package publisher

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// routes is the public surface as http.ServeMux patterns (Go 1.22+): a
// GET pattern answers HEAD too, and the method-less "/" answers every
// other method with 405 and any other GET with a pre-rendered file or the
// helpful 404. serveHTTP serves the Extra handlers and plain requests for
// pre-rendered responses before it, and strips site.base_url's path.
func (p *Publisher) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", p.serveHealth)
	// A feed's file name ({slug}.{ext}) is one path segment: the
	// handler splits it against the format table.
	mux.HandleFunc("GET /feeds/{file}", p.withSnap(p.serveFeeds))
	mux.HandleFunc("GET /feeds/{slug}/archive/{file}", p.withSnap(p.serveFeeds))
	mux.HandleFunc("GET /c/{slug}", p.withSnap(p.serveCategory))
	mux.HandleFunc("GET /c/{slug}/page/{n}", p.withSnap(p.serveCategory))
	mux.HandleFunc("GET /a/{id}", p.withSnap(p.serveStoryRoute))
	mux.HandleFunc("GET /opml", p.withSnap(p.serveOPML))
	mux.HandleFunc("GET /opml.xml", p.withSnap(p.serveOPML))
	mux.HandleFunc("GET "+sitemapNewsPath, p.withSnap(p.serveNewsSitemap))
	mux.HandleFunc("GET "+searchPath, p.withSnap(p.serveSearchRoute))
	// A partner's reader that cannot send a header puts the token in the
	// path, before what a credential opens: feeds, archives, OPML, stories.
	for _, pat := range []string{"/feeds/{file}", "/feeds/{slug}/archive/{file}", "/opml", "/opml.xml", "/a/{id}"} {
		mux.HandleFunc("GET /p/{token}"+pat, p.withSnap(p.servePathToken))
	}
	mux.HandleFunc("GET /p/{token}"+searchPath, p.withSnap(p.serveSearchRoute))
	// A page's directory form (the exported tree's c/{slug}/index.html)
	// moves to the page's one URL, so no page has two.
	for _, pat := range []string{"GET /c/{slug}/{$}", "GET /c/{slug}/page/{n}/{$}", "GET /a/{id}/{$}"} {
		mux.HandleFunc(pat, p.withSnap(p.serveCanonical))
	}
	mux.HandleFunc("/", p.serveOther)
	return mux
}

// withSnap adapts a handler of the rendered snapshot to a route; until
// the first rebuild there is none, and the route answers 503.
func (p *Publisher) withSnap(h func(http.ResponseWriter, *http.Request, *snapshot)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := p.snap.Load()
		if s == nil {
			p.serveStarting(w, r)
			return
		}
		h(w, r, s)
	}
}

// serveHTTP serves the Extra handlers on their exact paths, whatever the
// method; then a plain GET or HEAD of a pre-rendered response (no query,
// no credential), which is what the routes would answer too, as a map
// lookup without routing: feed readers polling feeds are nearly all the
// traffic (DESIGN.md: a request is a lookup and a write). The rest goes
// through the mux, with the site's base path stripped. Extra is looked up
// here rather than registered: a method-less pattern such as /hub would
// conflict with the GET patterns under a base path such as /a or /c.
func (p *Publisher) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := p.opt.Extra[r.URL.Path]; ok {
		h.ServeHTTP(w, r)
		return
	}
	path, base := r.URL.Path, ""
	if s := p.snap.Load(); s != nil {
		path, base = s.stripBase(path), s.basePath
		if e := s.entries[path]; e != nil && r.URL.RawQuery == "" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			if _, auth := r.Header["Authorization"]; !auth {
				p.serveEntry(w, r, e, "hit")
				return
			}
		}
	}
	if !cleanPath(r.URL.Path) {
		// ServeMux would redirect to the cleaned path; wiredesk never
		// links one, and a dot segment in a story ID is refused (404).
		p.serveOther(w, r)
		return
	}
	if path != r.URL.Path {
		r = withPath(r, path, base)
	}
	p.mux.ServeHTTP(w, r)
}

// cleanPath reports whether path is what path.Clean would leave of it
// (but for a trailing slash): no empty, "." or ".." segment.
func cleanPath(path string) bool {
	if path == "" || path[0] != '/' {
		return false
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '/' {
			continue
		}
		seg := path[i+1:]
		if j := strings.IndexByte(seg, '/'); j >= 0 {
			seg = seg[:j]
			if seg == "" {
				return false // "//"
			}
		}
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// stripBase cuts the site's base path off a request path ("/news/c/world"
// → "/c/world"); a path outside it is served as it is: both forms are
// served, as links once had either.
func (s *snapshot) stripBase(path string) string {
	if s.basePath == "" {
		return path
	}
	rest, ok := strings.CutPrefix(path, s.basePath)
	switch {
	case !ok || (rest != "" && rest[0] != '/'):
		return path
	case rest == "":
		return "/"
	}
	return rest
}

// withPath returns a shallow copy of r whose URL path is path, the base
// path cut off, as http.StripPrefix makes one: the escaped form loses the
// base too, so that the mux matches the same segments (a %2F stays one).
func withPath(r *http.Request, path, base string) *http.Request {
	u := new(url.URL)
	*u = *r.URL
	u.RawPath = ""
	if raw, ok := strings.CutPrefix(r.URL.RawPath, base); ok && strings.HasPrefix(raw, "/") {
		u.RawPath = raw
	}
	u.Path = path
	r2 := new(http.Request)
	*r2 = *r
	r2.URL = u
	return r2
}

// serveOther answers what no route matched: 405 for a method other than
// GET and HEAD, else a pre-rendered file (the front page, the stylesheet,
// robots.txt, the sitemaps, the favicons) or the helpful 404. A file has
// no directory form: /opml/ is a 404.
func (p *Publisher) serveOther(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h := w.Header()
		h["Allow"] = p.hv.allow
		h["X-Content-Type-Options"] = p.hv.nosniff
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		p.met.request(routeOf(r), http.StatusMethodNotAllowed, "miss").Inc()
		return
	}
	s := p.snap.Load()
	if s == nil {
		p.serveStarting(w, r)
		return
	}
	if e := s.entries[r.URL.Path]; e != nil {
		p.serveEntry(w, r, e, "hit")
		return
	}
	p.serveNotFound(w, r, s)
}

// serveStarting answers 503 before the first rebuild: nothing is
// rendered yet, and a client should come back in a few seconds.
func (p *Publisher) serveStarting(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Retry-After"] = p.hv.retry
	h["Cache-Control"] = p.hv.noStore
	http.Error(w, "starting up", http.StatusServiceUnavailable)
	p.met.request(routeOf(r), http.StatusServiceUnavailable, "miss").Inc()
}

// serveCanonical moves a page's directory form (/c/world/) to the page
// (/c/world), under the site's base path, keeping the query. The
// redirect is permanent (RFC 9110 §15.4.2) and the same for everyone; an
// unknown category or an impossible story ID is a 404 at once.
func (p *Publisher) serveCanonical(w http.ResponseWriter, r *http.Request, s *snapshot) {
	if slug := r.PathValue("slug"); slug != "" {
		if _, ok := s.pages[slug]; !ok {
			p.serveNotFound(w, r, s)
			return
		}
	} else if !validID(r.PathValue("id")) {
		p.serveNotFound(w, r, s)
		return
	}
	target := s.basePath + strings.TrimSuffix(r.URL.EscapedPath(), "/")
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	h := w.Header()
	h["Location"] = one(target)
	h["Cache-Control"] = one("public, max-age=" + strconv.Itoa(int(p.config().Publish.MaxAge/time.Second)))
	h["X-Content-Type-Options"] = p.hv.nosniff
	w.WriteHeader(http.StatusMovedPermanently)
	p.met.request(routeOf(r), http.StatusMovedPermanently, "miss").Inc()
}

// serveFeeds serves /feeds/{slug}.{ext} in every format of the table:
// to a partner by its credential, a JSON cursor page, the pre-rendered
// feed, a 401 for a partner-only category, or an RFC 5005 archive
// (/feeds/{slug}/archive/{day}.{ext}).
func (p *Publisher) serveFeeds(w http.ResponseWriter, r *http.Request, s *snapshot) {
	path := r.URL.Path
	if _, ok := r.Header["Authorization"]; ok && p.servePartner(w, r, s, path, "") {
		return
	}
	if r.URL.RawQuery != "" && p.serveCursor(w, r, s, path) {
		return
	}
	if e := s.entries[path]; e != nil {
		p.serveEntry(w, r, e, "hit")
		return
	}
	if p.servePrivateFeed(w, s, path) || p.serveArchive(w, r, s, path) {
		return
	}
	p.serveNotFound(w, r, s)
}

// serveCategory serves /c/{slug}, with ?page=N, and /c/{slug}/page/{n}.
func (p *Publisher) serveCategory(w http.ResponseWriter, r *http.Request, s *snapshot) {
	if r.URL.RawQuery == "" {
		if e := s.entries[r.URL.Path]; e != nil {
			p.serveEntry(w, r, e, "hit")
			return
		}
	}
	n := r.PathValue("n")
	if n == "" {
		n = r.URL.Query().Get("page")
	}
	p.serveListing(w, r, s, r.PathValue("slug"), n)
}

// serveStoryRoute serves /a/{id}, to a partner by its credential.
func (p *Publisher) serveStoryRoute(w http.ResponseWriter, r *http.Request, s *snapshot) {
	if _, ok := r.Header["Authorization"]; ok && p.servePartner(w, r, s, r.URL.Path, "") {
		return
	}
	p.serveStory(w, r, s, r.PathValue("id"))
}

// serveOPML serves /opml (and /opml.xml, its exported name): a partner's
// own list by its credential, else the public one.
func (p *Publisher) serveOPML(w http.ResponseWriter, r *http.Request, s *snapshot) {
	if _, ok := r.Header["Authorization"]; ok && p.servePartner(w, r, s, r.URL.Path, "") {
		return
	}
	if e := s.entries[r.URL.Path]; e != nil {
		p.serveEntry(w, r, e, "hit")
		return
	}
	p.serveNotFound(w, r, s)
}

// servePathToken serves /p/{token}/… : a partner whose reader cannot send
// a header, with the token in the path.
func (p *Publisher) servePathToken(w http.ResponseWriter, r *http.Request, s *snapshot) {
	tok := r.PathValue("token")
	rest := r.URL.Path[len("/p/")+len(tok):]
	if !p.servePartner(w, r, s, rest, tok) {
		p.serveNotFound(w, r, s)
	}
}

// serveSearchRoute serves /search, and /p/{token}/search to a partner.
func (p *Publisher) serveSearchRoute(w http.ResponseWriter, r *http.Request, _ *snapshot) {
	p.serveSearch(w, r, r.PathValue("token"))
}

// serveNewsSitemap serves the news sitemap, rendered on first request.
func (p *Publisher) serveNewsSitemap(w http.ResponseWriter, r *http.Request, _ *snapshot) {
	e, fresh, err := p.lazy.do(sitemapNewsPath, func() (*entry, error) {
		ctx, cancel := renderContext(r)
		defer cancel()
		return p.renderNewsSitemap(ctx)
	})
	if err != nil {
		p.serveError(w, r, err)
		return
	}
	p.serveEntry(w, r, e, cacheLabel(fresh))
}
