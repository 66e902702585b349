package publisher

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/story"
)

// Content types of what the publisher serves besides the feeds, whose
// types are in the format table (feed.Formats).
const (
	// ctJSON is the cursor pages' type (feed.Cursor, JSON Feed).
	ctJSON = feed.TypeJSON + charsetUTF8
	ctHTML = "text/html; charset=utf-8"
	ctOPML = "text/x-opml; charset=utf-8"
	ctCSS  = "text/css; charset=utf-8"
	ctJS   = "text/javascript; charset=utf-8"
)

// entry is one rendered response, immutable once built. Header values are
// prepared as one-element slices so that serving assigns them without
// allocating; net/http never writes into them.
type entry struct {
	route   string // metrics label
	status  int
	body    []byte
	gz      []byte // nil when compression does not pay
	etag    string // strong validator, quoted (RFC 9110 §8.8.3)
	etagGz  string // validator of the gzip variant: same hash, "-gz" suffix
	sum     [32]byte
	lastMod time.Time
	html    bool
	cors    bool
	// varyAuth marks a public response whose URL answers partners with
	// other content (the feeds of "all" when some categories are
	// partner-only): it varies on Authorization too, so that no shared
	// cache hands the public copy to a partner (RFC 9110 §12.5.5).
	varyAuth bool
	// cats are the categories of a lazily rendered story, for invalidation.
	cats []string

	hType, hLen, hLenGz, hETag, hETagGz, hLastMod, hCache, hLocation []string
	hLink                                                            []string // WebSub discovery (feeds)

	// Counters for the two hot outcomes, resolved at render time.
	cHit, cNotMod prometheus.Counter
}

// entrySpec describes a response to build with newEntry.
type entrySpec struct {
	route    string
	status   int
	ctype    string
	body     []byte
	lastMod  time.Time
	maxAge   time.Duration
	html     bool
	cors     bool
	location string
	cats     []string
	link     string // Link header value, "" for none
	varyAuth bool   // Vary on Authorization as well (entry.varyAuth)
}

func one(s string) []string { return []string{s} }

// newEntry hashes and compresses a rendered body once. When prev holds the
// same bytes it is returned unchanged, so ETag and Last-Modified stay
// stable across rebuilds that change nothing. When the bytes differ but the
// newest story time did not advance (a story withdrawn, a title fixed),
// Last-Modified moves to now so If-Modified-Since clients still see the
// change.
func (p *Publisher) newEntry(s entrySpec, prev *entry) (*entry, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	sum := sha256.Sum256(s.body)
	cacheControl := "public, max-age=" + strconv.Itoa(int(s.maxAge/time.Second))
	if prev != nil && prev.sum == sum && prev.status == s.status && prev.html == s.html &&
		prev.cors == s.cors && prev.varyAuth == s.varyAuth && prev.hCache[0] == cacheControl {
		return prev, nil
	}
	now := p.now().UTC().Truncate(time.Second)
	lm := s.lastMod.UTC().Truncate(time.Second)
	if lm.IsZero() || lm.After(now) { // never in the future: RFC 9110 §8.8.2.1
		lm = now
	}
	switch {
	case prev != nil && prev.sum == sum: // same bytes, new headers
		lm = prev.lastMod
	case prev != nil && !lm.After(prev.lastMod):
		lm = now
		if !lm.After(prev.lastMod) {
			lm = prev.lastMod.Add(time.Second)
		}
	}
	e := &entry{route: s.route, status: s.status, body: s.body, sum: sum, lastMod: lm, html: s.html, cors: s.cors, cats: s.cats, varyAuth: s.varyAuth}
	tag := hex.EncodeToString(sum[:12])
	e.etag = `"` + tag + `"`
	e.etagGz = `"` + tag + `-gz"`
	if len(s.body) > 256 {
		gz, err := p.gzipBytes(s.body)
		if err != nil {
			return nil, fmt.Errorf("publisher: gzip %s: %w", s.route, err)
		}
		if len(gz) < len(s.body) {
			e.gz = gz
		}
	}
	e.hType = one(s.ctype)
	e.hLen = one(strconv.Itoa(len(e.body)))
	e.hLenGz = one(strconv.Itoa(len(e.gz)))
	e.hETag = one(e.etag)
	e.hETagGz = one(e.etagGz)
	e.hLastMod = one(lm.Format(http.TimeFormat))
	e.hCache = one(cacheControl)
	if s.location != "" {
		e.hLocation = one(s.location)
	}
	if s.link != "" {
		e.hLink = one(s.link)
	}
	e.cHit = p.met.request(s.route, s.status, "hit")
	e.cNotMod = p.met.request(s.route, http.StatusNotModified, "notmodified")
	return e, nil
}

// gzipBytes compresses b with a pooled writer: a flate compressor holds
// hundreds of kilobytes of state, too much to allocate per render.
//
// BestSpeed, as nginx's gzip_comp_level default: every rebuild compresses
// each changed feed and page, and at the default level (6) gzip was two
// thirds of RebuildAll; level 1 costs about a quarter of that for gzip
// bodies some 10% larger (docs/BENCHMARKS.md, store/start to first feed).
func (p *Publisher) gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	zw, ok := p.gzPool.Get().(*gzip.Writer)
	if ok {
		zw.Reset(&buf)
	} else {
		var err error
		if zw, err = gzip.NewWriterLevel(&buf, gzip.BestSpeed); err != nil {
			return nil, fmt.Errorf("gzip writer: %w", err)
		}
	}
	defer p.gzPool.Put(zw)
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("gzip write: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("gzip close: %w", err)
	}
	return buf.Bytes(), nil
}

// snapshot is everything pre-rendered, keyed by request path. It is never
// mutated after it is published, so a request sees one whole rebuild.
type snapshot struct {
	entries map[string]*entry
	// pages is the number of listing pages per category slug.
	pages map[string]int
	// feedIDs are the story IDs in each category's feeds.
	feedIDs map[string][]string
	// notFound is the helpful 404 page.
	notFound *entry
	// basePath is the path prefix of site.base_url, stripped from requests.
	basePath string
	// partnerLen is the number of stories in each partner-only feed.
	partnerLen map[string]int
	// searchPages are the public saved searches, which have listing
	// pages; searchSig is what each saved search found when its feeds
	// were rendered (searchSignature).
	searchPages map[string]bool
	searchSig   map[string]string
}

func (s *snapshot) clone() *snapshot {
	n := &snapshot{
		entries:     make(map[string]*entry, len(s.entries)),
		pages:       make(map[string]int, len(s.pages)),
		feedIDs:     make(map[string][]string, len(s.feedIDs)),
		notFound:    s.notFound,
		basePath:    s.basePath,
		partnerLen:  s.partnerLen,
		searchPages: make(map[string]bool, len(s.searchPages)),
		searchSig:   s.searchSig,
	}
	for k, v := range s.searchPages {
		n.searchPages[k] = v
	}
	for k, v := range s.entries {
		n.entries[k] = v
	}
	for k, v := range s.pages {
		n.pages[k] = v
	}
	for k, v := range s.feedIDs {
		n.feedIDs[k] = v
	}
	return n
}

// lazyCache holds pages rendered on first request: story pages and listing
// pages after the first. gen moves on every invalidation, and a render that
// started before an invalidation is not stored, so a stale render can never
// outlive the change that made it stale.
type lazyCache struct {
	mu  sync.RWMutex
	gen uint64
	m   map[string]*entry
	max int
	// size is the bytes of the cached bodies and gzip variants, at most
	// maxBytes: entries are evicted by count and by weight.
	size, maxBytes int

	flight map[string]*call
}

type call struct {
	done chan struct{}
	e    *entry
	err  error
}

func newLazyCache(max, maxBytes int) *lazyCache {
	return &lazyCache{m: make(map[string]*entry), max: max, maxBytes: maxBytes, flight: make(map[string]*call)}
}

// weight is what an entry costs the cache.
func (e *entry) weight() int { return len(e.body) + len(e.gz) }

func (c *lazyCache) get(key string) *entry {
	c.mu.RLock()
	e := c.m[key]
	c.mu.RUnlock()
	return e
}

// do returns the cached entry for key or renders it once, however many
// requests ask at the same time. fresh reports whether this call rendered.
func (c *lazyCache) do(key string, render func() (*entry, error)) (e *entry, fresh bool, err error) {
	c.mu.Lock()
	if e := c.m[key]; e != nil {
		c.mu.Unlock()
		return e, false, nil
	}
	if cl, ok := c.flight[key]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.e, false, cl.err
	}
	cl := &call{done: make(chan struct{})}
	c.flight[key] = cl
	gen := c.gen
	c.mu.Unlock()

	cl.e, cl.err = render()

	c.mu.Lock()
	delete(c.flight, key)
	if w := 0; cl.err == nil && cl.e != nil && c.gen == gen {
		if w = cl.e.weight(); w <= c.maxBytes {
			for k, e := range c.m { // evict arbitrary entries
				if len(c.m) < c.max && c.size+w <= c.maxBytes {
					break
				}
				delete(c.m, k)
				c.size -= e.weight()
			}
			c.m[key] = cl.e
			c.size += w
		}
	}
	c.mu.Unlock()
	close(cl.done)
	return cl.e, true, cl.err
}

// invalidate drops the entries drop selects and voids renders in flight.
func (c *lazyCache) invalidate(drop func(key string, e *entry) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for k, e := range c.m {
		if drop(k, e) {
			delete(c.m, k)
			c.size -= e.weight()
		}
	}
}

// InvalidateItems drops the cached pages of the given stories, after the
// aggregator changed them (an update, a merge, a withdrawal).
func (p *Publisher) InvalidateItems(ids []string) {
	if len(ids) == 0 {
		return
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set["/a/"+id] = true
		set[partnerKeyPrefix+"/a/"+id] = true
	}
	p.lazy.invalidate(func(k string, _ *entry) bool { return set[k] })
}

// invalidateCategories drops lazy listing pages of the given categories
// and of "all", and the story pages filed under them.
func (p *Publisher) invalidateCategories(slugs []string) {
	set := make(map[string]bool, len(slugs)+1)
	for _, s := range slugs {
		set[s] = true
	}
	set[story.All] = true
	p.lazy.invalidate(func(k string, e *entry) bool {
		if k == sitemapNewsPath {
			return true // it lists the "all" category, which every change touches
		}
		if rest, ok := strings.CutPrefix(k, "/c/"); ok {
			slug, _, _ := strings.Cut(rest, "/")
			return set[slug]
		}
		for _, c := range e.cats {
			if c != story.All && set[c] {
				return true
			}
		}
		return false
	})
}
