package publisher

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// Header values of partner responses, shared and never written into.
var (
	hPrivateVary = one("Accept-Encoding, Authorization")
	hChallenge   = []string{`Basic realm="wiredesk", charset="UTF-8"`, `Bearer realm="wiredesk"`}
	hAuthVary    = one("Authorization")
	hTextPlain   = one("text/plain; charset=utf-8")
)

// servePartner answers a request that presents a partner credential, on
// the same URLs as the public feeds (/feeds/{slug}.{ext}, their
// archives /feeds/{slug}/archive/{day}.{ext}, /opml) or under
// /p/{token}/ when the token is in the path. It returns false, having
// written nothing, for any other path: those are public and answered as
// they are to anyone.
func (p *Publisher) servePartner(w http.ResponseWriter, r *http.Request, s *snapshot, path, pathToken string) bool {
	slug, format, isFeed := p.feedPath(path)
	aSlug, aDay, aKind, isArchive := p.archivePath(path)
	if isArchive {
		slug, format = aSlug, aKind
	}
	isOPML := path == "/opml" || path == "/opml.xml"
	storyID, isStory := strings.CutPrefix(path, "/a/")
	if isStory {
		storyID = strings.TrimSuffix(storyID, "/")
		isStory = validID(storyID)
	}
	if !isFeed && !isOPML && !isStory {
		return false
	}
	g, pt, ok := p.admitPartner(w, r, pathToken)
	if !ok {
		return true
	}
	if isOPML {
		p.servePartnerOPML(w, r, g, pt)
		g.usage.served(pt.use, http.StatusOK, 0)
		return true
	}
	if isStory {
		p.servePartnerStory(w, r, s, g, pt, storyID)
		return true
	}
	if !pt.cfg.Allows(slug, format) {
		p.deny(w, http.StatusForbidden)
		g.usage.served(pt.use, http.StatusForbidden, 0)
		return true
	}
	pw := &privateWriter{ResponseWriter: w, cache: g.cacheControl}
	if isArchive {
		if _, known := g.full.Category(slug); !known && slug != story.All {
			p.serveNotFound(w, r, s)
			g.usage.served(pt.use, http.StatusNotFound, 0)
			return true
		}
		e, n, err := p.archiveEntry(r.Context(), p.st.(ArchiveReader), g.full, nil, slug, aDay, aKind)
		if errors.Is(err, errNoArchive) {
			p.serveNotFound(w, r, s)
			g.usage.served(pt.use, http.StatusNotFound, 0)
			return true
		}
		if err != nil {
			p.serveError(w, r, fmt.Errorf("publisher: archive %s: %w", path, err))
			return true
		}
		p.serveEntry(pw, r, e, "miss")
		g.usage.served(pt.use, pw.code, n)
		return true
	}
	if p.refuseAfter(pw, r, slug, format) {
		g.usage.served(pt.use, pw.code, 0)
		return true
	}
	if cr, ok := p.isCursor(r, format); ok {
		n := p.serveChanges(pw, r, cr, g.full, slug, nil)
		g.usage.served(pt.use, pw.code, n)
		return true
	}
	e := s.entries[partnerKeyPrefix+path]
	stories := s.partnerLen[slug]
	if e == nil {
		e, stories = s.entries[path], len(s.feedIDs[slug])
	}
	if e == nil {
		p.serveNotFound(w, r, s)
		g.usage.served(pt.use, http.StatusNotFound, 0)
		return true
	}
	p.serveEntry(pw, r, e, "hit")
	g.usage.served(pt.use, pw.code, stories)
	return true
}

// admitPartner authenticates a request by the credential it presents
// (pathToken, else its Authorization header) and spends one request of
// the partner's rate limit. When it reports false it has answered: 401
// for no valid credential, 429 with Retry-After over the limit.
func (p *Publisher) admitPartner(w http.ResponseWriter, r *http.Request, pathToken string) (*guard, *partner, bool) {
	g := p.guard.Load()
	token, ok := credential(r, pathToken)
	var pt *partner
	if ok && g != nil {
		pt = g.match(token)
	}
	if pt == nil {
		p.deny(w, http.StatusUnauthorized)
		return nil, nil, false
	}
	if wait, ok := g.usage.admit(pt.use, p.now()); !ok {
		secs := max(int((wait+time.Second-1)/time.Second), 1)
		w.Header()["Retry-After"] = one(strconv.Itoa(secs))
		p.deny(w, http.StatusTooManyRequests)
		g.usage.served(pt.use, http.StatusTooManyRequests, 0)
		return nil, nil, false
	}
	return g, pt, true
}

// entitled reports whether a partner may read a story filed under cats:
// a public story, or one filed under a category the partner is granted.
func (g *guard) entitled(pt *partner, cats []string) bool {
	if visible(g.private, &story.Item{Categories: cats}) || slices.Contains(pt.cfg.Categories, story.All) {
		return true
	}
	for _, c := range cats {
		if slices.Contains(pt.cfg.Categories, c) {
			return true
		}
	}
	return false
}

// servePrivateFeed answers 401, asking for a credential, for the feed of
// a partner-only category (and for "all" with partner-only stories, when
// only its partner version exists). It returns false for every other path.
func (p *Publisher) servePrivateFeed(w http.ResponseWriter, s *snapshot, path string) bool {
	slug, _, ok := p.feedPath(path)
	if g := p.guard.Load(); ok && g != nil && (g.private[slug] || s.entries[partnerKeyPrefix+path] != nil) {
		p.deny(w, http.StatusUnauthorized)
		return true
	}
	return false
}

// deny answers 401, 403 or 429 with no detail: which of a token, a
// category or a format was wrong is not said, so that nothing can be
// learned by trying.
func (p *Publisher) deny(w http.ResponseWriter, code int) {
	h := w.Header()
	if code == http.StatusUnauthorized {
		h["Www-Authenticate"] = hChallenge
	}
	h["Content-Type"] = hTextPlain
	h["Cache-Control"] = p.hv.noStore
	h["Vary"] = hAuthVary
	h["X-Content-Type-Options"] = p.hv.nosniff
	w.WriteHeader(code)
	if _, err := w.Write([]byte(strings.ToLower(http.StatusText(code)) + "\n")); err != nil {
		p.log.Debug("write failed", "err", err)
	}
	p.met.request("partner", code, "miss").Inc()
}

// privateWriter turns a pre-rendered public response into a private one
// as its headers go out: Cache-Control private (RFC 9111 §5.2.2.7), so no
// shared cache keeps a licensed feed, Vary on Authorization as well, and
// no CORS grant. It records the status for the partner's usage.
type privateWriter struct {
	http.ResponseWriter
	cache []string
	code  int
}

func (w *privateWriter) WriteHeader(code int) {
	h := w.ResponseWriter.Header()
	h["Cache-Control"] = w.cache
	h["Vary"] = hPrivateVary
	delete(h, "Access-Control-Allow-Origin")
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *privateWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// servePartnerStory serves a story page to a partner entitled to one of
// its categories, partner-only ones included, as a private response. A
// public story is served to any partner.
func (p *Publisher) servePartnerStory(w http.ResponseWriter, r *http.Request, s *snapshot, g *guard, pt *partner, id string) {
	e, _, err := p.lazy.do(partnerKeyPrefix+"/a/"+id, func() (*entry, error) {
		ctx, cancel := renderContext(r)
		defer cancel()
		return p.renderStoryAs(ctx, id, g.full, nil)
	})
	switch {
	case err != nil && p.opt.IsNotFound(err):
		p.serveNotFound(w, r, s)
		g.usage.served(pt.use, http.StatusNotFound, 0)
		return
	case err != nil:
		p.serveError(w, r, err)
		return
	}
	if !g.entitled(pt, e.cats) {
		p.deny(w, http.StatusForbidden)
		g.usage.served(pt.use, http.StatusForbidden, 0)
		return
	}
	pw := &privateWriter{ResponseWriter: w, cache: g.cacheControl}
	p.serveEntry(pw, r, e, "hit")
	g.usage.served(pt.use, pw.code, 1)
}
