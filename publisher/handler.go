package publisher

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// Handler returns the public HTTP surface: feeds (partner feeds on the
// same URLs), pages, OPML, health and the Extra handlers, routed by
// http.ServeMux patterns (routes). Pre-rendered responses need nothing but
// a map lookup. The operator's pages are on AdminHandler.
func (p *Publisher) Handler() http.Handler {
	return http.HandlerFunc(p.serveHTTP)
}

// serveListing serves page pageStr ("" for the first) of a category.
func (p *Publisher) serveListing(w http.ResponseWriter, r *http.Request, s *snapshot, slug, pageStr string) {
	n := 1
	if pageStr != "" {
		v, err := strconv.Atoi(pageStr)
		if err != nil {
			p.serveNotFound(w, r, s)
			return
		}
		n = v
	}
	if s.searchPages[slug] {
		p.serveSavedSearchPage(w, r, s, slug, n)
		return
	}
	pages, ok := s.pages[slug]
	if !ok || n < 1 || n > max(pages, 1) {
		p.serveNotFound(w, r, s)
		return
	}
	if n == 1 {
		if e := s.entries["/c/"+slug]; e != nil {
			p.serveEntry(w, r, e, "hit")
			return
		}
	}
	key := pageKey(slug, n)
	e, fresh, err := p.lazy.do(key, func() (*entry, error) {
		ctx, cancel := renderContext(r)
		defer cancel()
		return p.renderListingPage(ctx, slug, n, pages)
	})
	if err != nil {
		p.serveError(w, r, err)
		return
	}
	p.serveEntry(w, r, e, cacheLabel(fresh))
}

// renderContext is the context of a render shared by concurrent requests.
func renderContext(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(r.Context()), lazyRenderTimeout)
}

func pageKey(slug string, n int) string {
	return "/c/" + slug + "/page/" + strconv.Itoa(n)
}

// serveStory serves /a/{id}: the story, a 301 to the story a duplicate was
// merged into, a 410 for a withdrawn story, or the helpful 404.
func (p *Publisher) serveStory(w http.ResponseWriter, r *http.Request, s *snapshot, id string) {
	if !validID(id) {
		p.serveNotFound(w, r, s)
		return
	}
	key := "/a/" + id
	if e := p.lazy.get(key); e != nil {
		p.serveEntry(w, r, e, "hit")
		return
	}
	e, fresh, err := p.lazy.do(key, func() (*entry, error) {
		ctx, cancel := renderContext(r)
		defer cancel()
		return p.renderStory(ctx, id)
	})
	switch {
	case errors.Is(err, errPartnerOnly):
		p.deny(w, http.StatusUnauthorized) // a partner's browser is asked for its token
	case err != nil && p.opt.IsNotFound(err):
		p.serveNotFound(w, r, s)
	case err != nil:
		p.serveError(w, r, err)
	default:
		p.serveEntry(w, r, e, cacheLabel(fresh))
	}
}

// validID accepts the characters of wiredesk story IDs and nothing that
// could climb out of a directory when exported.
func validID(id string) bool {
	if id == "" || len(id) > 128 || id == "." || id == ".." {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
			return false
		}
	}
	return true
}

func cacheLabel(fresh bool) string {
	if fresh {
		return "miss"
	}
	return "hit"
}

func (p *Publisher) serveNotFound(w http.ResponseWriter, r *http.Request, s *snapshot) {
	if s != nil && s.notFound != nil {
		p.serveEntry(w, r, s.notFound, "miss")
		return
	}
	w.Header()["X-Content-Type-Options"] = p.hv.nosniff
	http.NotFound(w, r)
	p.met.request(routeOf(r), http.StatusNotFound, "miss").Inc()
}

func (p *Publisher) serveError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		return // the client left
	}
	p.log.ErrorContext(r.Context(), "render failed", "url", logPath(r.URL.Path), "err", err)
	h := w.Header()
	h["Cache-Control"] = p.hv.noStore
	h["X-Content-Type-Options"] = p.hv.nosniff
	http.Error(w, "internal error", http.StatusInternalServerError)
	p.met.request(routeOf(r), http.StatusInternalServerError, "miss").Inc()
}

func (p *Publisher) serveHealth(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = one("text/plain; charset=utf-8")
	h["Cache-Control"] = p.hv.noStore
	h["X-Content-Type-Options"] = p.hv.nosniff
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		p.write(w, r, []byte("ok\n"))
	}
	p.met.request("healthz", http.StatusOK, "miss").Inc()
}

// routeOf names a request path's route for metrics, with bounded values.
func routeOf(r *http.Request) string {
	p := r.URL.Path
	switch {
	case p == "/":
		return "front"
	case strings.HasPrefix(p, "/feeds/"):
		return "feed"
	case strings.HasPrefix(p, "/c/"):
		return "category"
	case strings.HasPrefix(p, "/a/"):
		return "story"
	case p == searchPath:
		return "search"
	case strings.HasPrefix(p, "/opml"):
		return "opml"
	case strings.HasPrefix(p, "/static/"):
		return "static"
	case strings.HasPrefix(p, "/status"):
		return "status"
	case p == "/healthz":
		return "healthz"
	}
	return "other"
}

// logPath is a request path as the log shows it: a partner's token in a
// /p/TOKEN/ path is a credential, and logs are read by more people than
// the partners table.
func logPath(path string) string {
	i := strings.Index(path, "/p/")
	if i < 0 {
		return path
	}
	rest := path[i+len("/p/"):]
	j := strings.IndexByte(rest, '/')
	if j < 0 {
		j = len(rest)
	}
	return path[:i] + "/p/REDACTED" + rest[j:]
}
