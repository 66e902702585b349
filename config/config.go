// Package config holds wiredesk's one typed configuration value, decoded
// strictly from sources.yaml, and its validation. Both the aggregator and
// the publisher read it; neither mutates it.
package config

import "time"

// Defaults applied by Load to keys the file leaves out.
const (
	DefaultByline      = "Staff, Agencies"
	DefaultTitle       = "Wire Desk"
	DefaultBaseURL     = "http://localhost:8080"
	DefaultLanguage    = "en"
	DefaultInterval    = 10 * time.Minute
	DefaultTimeout     = 20 * time.Second
	DefaultMaxBody     = 10 << 20
	DefaultConcurrency = 16
	DefaultPerHost     = 2
	DefaultMaxItems    = 50
	DefaultMaxAge      = 60 * time.Second
	DefaultRetention   = 30 * 24 * time.Hour
	DefaultWindow      = 72 * time.Hour
	// DefaultBudgetBodies is fetch.budget, when left out, in units of
	// fetch.max_body: 20 MB with the default 10 MB. Parsing a document
	// costs several times its size, so two of the largest at once keep
	// serve under 500 MB (docs/RELIABILITY.md).
	DefaultBudgetBodies = 2
)

// Config is the whole of sources.yaml after defaults and validation.
type Config struct {
	// Path is the file the config was loaded from ("" when built in code).
	Path       string
	Site       Site
	Fetch      Fetch
	Publish    Publish
	Dedupe     Dedupe
	Categories []Category
	Sources    []Source
	// Partners are the sites licensed to read feeds with a token.
	Partners []Partner
	// Searches are the saved searches published as feeds.
	Searches []Search

	// pos holds the line of every key Parse saw, for Validate's messages
	// and for telling an explicit zero from a missing key.
	pos positions
}

// Site describes the republishing site.
type Site struct {
	Title    string // site.title
	BaseURL  string // site.base_url, absolute, no trailing slash
	Byline   string // site.byline, author of every republished story
	Language string // site.language, BCP 47 tag such as "en"
}

// Fetch holds the polite-client settings shared by every source.
type Fetch struct {
	Interval     time.Duration // fetch.interval: default polling interval
	Timeout      time.Duration // fetch.timeout: overall per-request deadline
	MaxBody      int64         // fetch.max_body: bytes after decompression
	Concurrency  int           // fetch.concurrency: worker pool size
	PerHost      int           // fetch.per_host: concurrent requests per host
	AllowPrivate bool          // fetch.allow_private: permit loopback/private targets
	// Budget (fetch.budget) bounds the bytes of upstream bodies held at
	// once by the fetches in flight and the documents being processed;
	// 0 means DefaultBudgetBodies·MaxBody.
	Budget int64
	// Lease (fetch.lease) is how long a node's claim on a source lasts
	// when several nodes share a PostgreSQL store: another node takes the
	// source over when a claim ends unreleased (the node died). 0 means
	// LeaseFor's default. Unused with SQLite.
	Lease time.Duration
	// FileRoot (fetch.file_root) is the directory under which file://
	// sources (agency drop folders) must live; "" refuses file:// sources.
	FileRoot string
}

// Publish holds output settings.
type Publish struct {
	MaxItems  int           // publish.max_items: stories per feed
	MaxAge    time.Duration // publish.max_age: Cache-Control max-age
	Retention time.Duration // publish.retention: prune horizon
}

// Dedupe holds near-duplicate merging settings.
type Dedupe struct {
	Window time.Duration // dedupe.window: how far back a story can match
	// Threshold is the minimum similarity (0..1) for two stories to merge;
	// 0 means the dedupe package's default.
	Threshold float64 // dedupe.threshold
}

// Category is one of the site's sections.
type Category struct {
	Slug      string   // categories[].slug: URL-safe, unique
	Title     string   // categories[].title
	Keywords  []string // categories[].keywords: whole words, case-insensitive
	Region    string   // categories[].region: middle-east|africa|asia-pacific|europe|americas
	Countries []string // categories[].countries: ISO 3166-1 alpha-2, upper case
	// Private is categories[].public: false: the category's feeds are
	// served only to partners entitled to it, and its stories appear on no
	// public page or feed unless they are also filed under a public one.
	// The zero value is public, so configs built in code stay public.
	Private bool
	// Dateline is categories[].dateline: DatelinePlace (the default, "")
	// or DatelineSubject.
	Dateline string
	Line     int // line in Path where the entry starts
}

// Source is one upstream wire feed.
type Source struct {
	Name string // sources[].name
	// URL is sources[].url with ${VAR} references replaced by the
	// environment's values: what is fetched. It is operator data that may
	// carry a key; print DisplayURL instead.
	URL string
	// Written is sources[].url as written in the file when it holds
	// ${VAR} references, unexpanded; "" when it is the same as URL.
	Written string

	Agency        string            // sources[].agency: provenance credit (defaults to Name)
	Category      string            // sources[].category: default category slug
	Interval      time.Duration     // sources[].interval: pins the interval (0 = adaptive)
	Enabled       bool              // sources[].enabled (default true)
	CategoriesMap map[string]string // sources[].categories_map: upstream name -> our slug
	Line          int               // line in Path where the entry starts
}

// Search is a saved search (searches[]): a full-text query published as
// feeds and a page like a category, under a slug of the same namespace.
type Search struct {
	Slug  string // searches[].slug: URL-safe, unique among categories and searches
	Title string // searches[].title
	Query string // searches[].query: the search language of store/query
	// Private is searches[].public: false: the feeds are served only to
	// partners granted the slug (or all), and there is no public page.
	Private bool
	Line    int // line in Path where the entry starts
}

// The values of categories[].dateline. With DatelinePlace (the default)
// the dateline's country is one of the story's places, as agencies code
// them: "LONDON - A trade house sold sugar to Iran" files under Europe
// and the Middle East. With DatelineSubject a country named only in the
// dateline (a bureau or hub) does not file the story.
const (
	DatelinePlace   = "place"
	DatelineSubject = "subject"
)

// Search returns the saved search with the given slug, or false.
func (c *Config) Search(slug string) (Search, bool) {
	for _, s := range c.Searches {
		if s.Slug == slug {
			return s, true
		}
	}
	return Search{}, false
}

// Category returns the category with the given slug, or false.
func (c *Config) Category(slug string) (Category, bool) {
	for _, cat := range c.Categories {
		if cat.Slug == slug {
			return cat, true
		}
	}
	return Category{}, false
}

// LeaseFor is fetch.lease, or when unset three times fetch.timeout (at
// least a minute): a lease must outlast the fetch and its commit, or a
// second node would fetch the source while the first is still at it.
func (f Fetch) LeaseFor() time.Duration {
	if f.Lease > 0 {
		return f.Lease
	}
	return max(3*f.Timeout, time.Minute)
}
