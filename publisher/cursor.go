package publisher

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/story"
)

// ChangeReader is what the cursor feed and the Atom tombstones read; a
// Store that also implements it (a store.Store does) gets both.
type ChangeReader interface {
	// ChangesAfter returns a category's change log after a cursor, oldest
	// first (store.Store.ChangesAfter).
	ChangesAfter(ctx context.Context, category string, after int64, limit int) ([]story.Change, error)
	// Tombstones returns a category's most recently withdrawn stories.
	Tombstones(ctx context.Context, category string, limit int) ([]story.Tombstone, error)
}

// Page sizes of the cursor feed (?limit=N) and the number of tombstones
// an Atom feed keeps.
const (
	CursorDefaultLimit = 100
	CursorMaxLimit     = 1000
	MaxTombstones      = 20
)

// tombstones returns the recently withdrawn stories of slug, or none when
// the store keeps no change log. For the public "all" (private not empty)
// they are those of the public categories only: a tombstone names a story
// and links its upstream copy, which a partner-only story must not show.
func (p *Publisher) tombstones(ctx context.Context, slug string, private map[string]bool) ([]story.Tombstone, error) {
	cr, ok := p.st.(ChangeReader)
	if !ok {
		return nil, nil
	}
	if slug != story.All || len(private) == 0 {
		ts, err := cr.Tombstones(ctx, slug, MaxTombstones)
		if err != nil {
			return nil, fmt.Errorf("publisher: tombstones of %s: %w", slug, err)
		}
		return ts, nil
	}
	var out []story.Tombstone
	seen := map[string]bool{}
	for _, c := range p.config().Categories {
		ts, err := cr.Tombstones(ctx, c.Slug, MaxTombstones)
		if err != nil {
			return nil, fmt.Errorf("publisher: tombstones of %s: %w", c.Slug, err)
		}
		for _, t := range ts {
			if !seen[t.ID] && !private[c.Slug] {
				seen[t.ID] = true
				out = append(out, t)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out[:min(len(out), MaxTombstones)], nil
}

// hubLink is the Link header of a feed with a hub: W3C WebSub §4 asks the
// topic's HTTP response to name both the hub and the topic URL (self).
func (p *Publisher) hubLink(cfg *config.Config, slug, ext string) string {
	if p.opt.HubURL == "" {
		return ""
	}
	return "<" + p.opt.HubURL + `>; rel="hub", <` + baseURL(cfg) + "/feeds/" + url.PathEscape(slug) + ext + `>; rel="self"`
}

// isCursor reports whether r asks a JSON feed for its changes after a
// cursor, and the store keeps a change log to answer it from.
func (p *Publisher) isCursor(r *http.Request, format string) (ChangeReader, bool) {
	cr, ok := p.st.(ChangeReader)
	return cr, ok && format == "json" && r.URL.Query().Has("after")
}

// serveCursor serves /feeds/{slug}.json?after=CURSOR[&limit=N] of a
// public category. It reports false when the request is not a cursor
// request of a public category, which is then answered as a feed request.
func (p *Publisher) serveCursor(w http.ResponseWriter, r *http.Request, s *snapshot, path string) bool {
	slug, format, ok := p.feedPath(path)
	if !ok {
		return false
	}
	if _, public := s.pages[slug]; !public {
		return false // unknown (404) or partner-only (401), as the feed is
	}
	if p.refuseAfter(w, r, slug, format) {
		return true
	}
	cr, isCur := p.isCursor(r, format)
	if !isCur {
		return false
	}
	p.serveChanges(w, r, cr, p.config(), slug, p.privateSlugs())
	return true
}

// refuseAfter answers 400 to ?after= on a feed other than JSON Feed,
// which alone pages the change log: served as the feed, the parameter
// would be ignored and a client would take the newest stories for the
// changes it asked for. It reports whether it answered.
func (p *Publisher) refuseAfter(w http.ResponseWriter, r *http.Request, slug, format string) bool {
	if format == "json" || !r.URL.Query().Has("after") {
		return false
	}
	p.badRequest(w, r, fmt.Sprintf("after: only the JSON Feed pages the change log (/feeds/%s.json?after=CURSOR); "+
		"the %s feed has no cursor", slug, format))
	return true
}

// serveChanges answers a cursor request for slug, rendered with cfg: the
// stories of the category changed after the cursor, oldest first, as JSON
// Feed with next_url to follow (feed.Cursor). Stories filed only under
// the private categories are left out of "all". It returns the number of
// stories sent.
func (p *Publisher) serveChanges(w http.ResponseWriter, r *http.Request, cr ChangeReader, cfg *config.Config, slug string, private map[string]bool) int {
	q := r.URL.Query()
	after, err := strconv.ParseInt(q.Get("after"), 10, 64)
	if err != nil || after < 0 {
		p.badRequest(w, r, "after: want a cursor from a previous page (a non-negative integer; 0 reads from the start)")
		return 0
	}
	if h, ok := cr.(interface {
		ChangeHead(ctx context.Context) (int64, error)
	}); ok && after > 0 {
		head, err := h.ChangeHead(r.Context())
		if err != nil {
			p.serveError(w, r, err)
			return 0
		}
		if after > head {
			// An empty page would tell the client it is caught up, and
			// it would then miss every story until the log passed its
			// cursor.
			p.badRequest(w, r, fmt.Sprintf("after: cursor %d is past the end of this site's change log (%d): it was not "+
				"given by this site, or the site was restored from an older backup; start again from after=0 "+
				"(stories keep their ids, so a reader can tell the ones it has)", after, head))
			return 0
		}
	}
	limit := CursorDefaultLimit
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > CursorMaxLimit {
			p.badRequest(w, r, fmt.Sprintf("limit: want 1 to %d", CursorMaxLimit))
			return 0
		}
	}
	changes, err := cr.ChangesAfter(r.Context(), slug, after, limit)
	if err != nil {
		p.serveError(w, r, err)
		return 0
	}
	pg := feed.Page{Self: cursorURL(cfg, slug, after, q.Get("limit")), After: after}
	var last time.Time
	if n := len(changes); n > 0 {
		pg.Cursor = changes[n-1].Seq
		pg.Next = cursorURL(cfg, slug, pg.Cursor, q.Get("limit"))
	}
	for _, c := range changes {
		if slug == story.All && !visible(private, &c.Item) {
			continue
		}
		pg.Changes = append(pg.Changes, c)
		last = later(last, c.At)
	}
	body, err := feed.Cursor(p.channel(cfg, slug, nil), pg)
	if err != nil {
		p.serveError(w, r, err)
		return 0
	}
	e, err := p.newEntry(entrySpec{route: "cursor", ctype: ctJSON, body: body, lastMod: last,
		maxAge: cfg.Publish.MaxAge, cors: true, varyAuth: slug == story.All && len(private) > 0}, nil)
	if err != nil {
		p.serveError(w, r, err)
		return 0
	}
	p.serveEntry(w, r, e, "miss")
	return len(pg.Changes)
}

// cursorURL is the absolute URL of a cursor page.
func cursorURL(cfg *config.Config, slug string, after int64, limit string) string {
	u := baseURL(cfg) + "/feeds/" + url.PathEscape(slug) + ".json?after=" + strconv.FormatInt(after, 10)
	if limit != "" {
		u += "&limit=" + url.QueryEscape(limit)
	}
	return u
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// badRequest answers 400 with a message saying what was wrong.
func (p *Publisher) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	h := w.Header()
	h["Cache-Control"] = p.hv.noStore
	h["X-Content-Type-Options"] = p.hv.nosniff
	http.Error(w, msg, http.StatusBadRequest)
	p.met.request(routeOf(r), http.StatusBadRequest, "miss").Inc()
}
