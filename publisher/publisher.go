// Package publisher turns what the store holds into what readers fetch:
// feeds in every output format of its table (feed.Formats), HTML pages,
// OPML and the operator's status page.
//
// Rendering happens once per change (Rebuild), never per request. A request
// for a feed or a page is a lookup in an immutable snapshot and a write of
// bytes that were rendered, gzipped and hashed ahead of time, with the
// validators and caching headers of RFC 9110 and RFC 9111.
package publisher

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// lazyRenderTimeout bounds a render started on behalf of requests. The
// render does not inherit the first request's cancellation: other
// requests may be waiting for the same page.
const lazyRenderTimeout = 15 * time.Second

// maxLazy bounds the lazily rendered pages (stories, listing pages 2..N)
// kept in memory, so that crawling old story IDs cannot grow it unbounded:
// at about 15 KB per page with its gzip variant, some 75 MB at most.
const maxLazy = 5000

// maxLazyBytes bounds the same cache in bytes (bodies and their gzip
// variants): a crawl of story pages near the per-story bound (512 KB of
// HTML each, aggregator.MaxStoryHTML twice) would otherwise reach gigabytes
// within maxLazy pages.
const maxLazyBytes = 64 << 20

// MaxFeedStoryBytes bounds the stories in one rendered feed: the title,
// summary and content bytes of the stories taken, newest first, stop
// short of it (the newest story is always taken). A feed of fifty wire
// stories weighs a few hundred kilobytes; fifty stories at the per-story
// bound would weigh 50 MB in each format, rendered again on every
// change and held in memory.
const MaxFeedStoryBytes = 2 << 20

// Store is what the publisher reads; a store.Store satisfies it.
type Store interface {
	// Latest returns the newest published stories of a category, newest
	// first; category "all" means every category.
	Latest(ctx context.Context, category string, offset, limit int) ([]story.Item, error)
	// Count returns how many published stories a category holds.
	Count(ctx context.Context, category string) (int, error)
	// Item returns one story by public ID, or an error matching
	// store.ErrNotFound.
	Item(ctx context.Context, id string) (story.Item, error)
	// Sources returns the fetch state of every known source.
	Sources(ctx context.Context) ([]story.SourceState, error)
	// Search returns a page of the live stories matching q, newest
	// first; withdrawn stories and duplicates are never found.
	Search(ctx context.Context, q query.Query, offset, limit int) ([]story.Item, error)
}

// Options are the publisher's collaborators; every field is optional.
type Options struct {
	Logger *slog.Logger
	// Registry receives the publisher's metrics; nil leaves them unregistered.
	Registry prometheus.Registerer
	// Now is the clock (default time.Now).
	Now func() time.Time
	// ConfigError reports the current config reload error, shown on /status.
	ConfigError func() error
	// Version is the build version, used in the feed generator string.
	Version string
	// Extra handlers are mounted at their exact paths (e.g. "/metrics").
	Extra map[string]http.Handler
	// Formats are the output formats of the feeds (default feed.Formats:
	// tests swap renderers).
	Formats []Format
	// IsNotFound classifies Store.Item errors (default: errors.Is store.ErrNotFound).
	IsNotFound func(error) bool
	// HubURL is the absolute URL of the WebSub hub every feed advertises
	// (publisher/websub); "" advertises none.
	HubURL string
	// SearchBudget is the time one /search request may spend searching
	// (default DefaultSearchBudget); a search cut short shows what it
	// found and says it is incomplete.
	SearchBudget time.Duration
}

// Publisher renders and serves everything wiredesk publishes. It is safe
// for concurrent use.
type Publisher struct {
	st   Store
	opt  Options
	log  *slog.Logger
	now  func() time.Time
	tmpl *template.Template
	met  *metrics
	hv   commonHeaders
	// formats is the format table: what /feeds/{slug}.{ext} serves.
	formats []Format
	// started is the Last-Modified of responses that hold no story: the
	// stylesheet, the OPML and the 404 page.
	started time.Time

	cfg   atomic.Pointer[config.Config] // the public view (see setConfig)
	guard atomic.Pointer[guard]
	snap  atomic.Pointer[snapshot]
	lazy  *lazyCache

	mux, adminMux *http.ServeMux // the routes of Handler and AdminHandler

	renderMu sync.Mutex // serialises rebuilds so none is lost
	gzPool   sync.Pool  // *gzip.Writer
}

// New returns a Publisher for cfg reading st. Nothing is served until the
// first RebuildAll.
func New(cfg *config.Config, st Store, opt Options) *Publisher {
	p := &Publisher{st: st, opt: opt, log: opt.Logger, now: opt.Now, formats: opt.Formats}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.now == nil {
		p.now = clock.Now
	}
	if p.opt.IsNotFound == nil {
		p.opt.IsNotFound = func(err error) bool { return errors.Is(err, store.ErrNotFound) }
	}
	if p.formats == nil {
		p.formats = feed.Formats()
	}
	p.started = p.now().UTC().Truncate(time.Second)
	p.tmpl = parseTemplates()
	p.met = newMetrics(opt.Registry, p.log)
	p.hv = newCommonHeaders()
	p.lazy = newLazyCache(maxLazy, maxLazyBytes)
	p.setConfig(cfg)
	p.mux, p.adminMux = p.routes(), p.adminRoutes()
	return p
}

// SetConfig switches to a reloaded configuration without rendering; the
// caller then calls RebuildAll. A running server uses Reconfigure, which
// does both under the render lock.
func (p *Publisher) SetConfig(cfg *config.Config) {
	p.setConfig(cfg)
}

// config returns the current configuration.
func (p *Publisher) config() *config.Config { return p.cfg.Load() }

// basePath is the path part of site.base_url without a trailing slash
// ("" when the site lives at the root); every page link starts with it.
func basePath(cfg *config.Config) string {
	u, err := url.Parse(cfg.Site.BaseURL)
	if err != nil {
		return ""
	}
	return strings.TrimRight(u.Path, "/")
}

// baseURL is site.base_url without a trailing slash.
func baseURL(cfg *config.Config) string {
	return strings.TrimRight(cfg.Site.BaseURL, "/")
}

// storyTime is the time a story is shown and sorted with.
func storyTime(it *story.Item) time.Time {
	switch {
	case !it.PublishedAt.IsZero():
		return it.PublishedAt.UTC()
	case !it.FirstSeenAt.IsZero():
		return it.FirstSeenAt.UTC()
	}
	return it.UpdatedAt.UTC()
}

// modTime is the time a story last changed, for Last-Modified.
func modTime(it *story.Item) time.Time {
	t := it.UpdatedAt
	if p := storyTime(it); p.After(t) {
		t = p
	}
	return t.UTC()
}
