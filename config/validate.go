package config

import (
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// Regions are the built-in region names a category may file by.
var Regions = []string{"middle-east", "africa", "asia-pacific", "europe", "americas"}

// MinInterval is the shortest polling interval allowed for network
// sources: faster than once a minute is impolite to an upstream.
const MinInterval = time.Minute

var (
	slugRE     = regexp.MustCompile(`^[a-z0-9-]+$`)
	countryRE  = regexp.MustCompile(`^[A-Z]{2}$`)
	languageRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
)

// validator reports problems located through the config's key positions.
type validator struct {
	errs
	c *Config
}

// line finds the line of key (relative to the entry starting at line
// entry), falling back to the entry's own line or the enclosing block's.
func (c *Config) line(entry int, key string) int {
	if l, ok := c.pos[posKey{entry, key}]; ok {
		return l
	}
	if entry > 0 {
		return entry
	}
	if i := strings.IndexAny(key, ".["); i > 0 {
		return c.pos[posKey{0, key[:i]}]
	}
	return 0
}

// has reports whether the file set key explicitly.
func (c *Config) has(entry int, key string) bool {
	_, ok := c.pos[posKey{entry, key}]
	return ok
}

func (v *validator) bad(a at, format string, args ...any) {
	v.add(v.c.line(a.entry, a.rel), a.path, format, args...)
}

// Validate checks the rules that span keys and entries: unique slugs and
// source URLs, category references, allowed values and ranges. Every
// problem is reported, each with file, line and key.
func (c *Config) Validate() error {
	v := &validator{errs: errs{file: c.Path}, c: c}
	var top at
	v.site(top.child("site"))
	positive(v, top.child("fetch").child("interval"), c.Fetch.Interval)
	if c.Fetch.Interval > 0 && c.Fetch.Interval < MinInterval {
		v.bad(top.child("fetch").child("interval"), "must be at least %s; polling faster is impolite to upstreams", FormatDuration(MinInterval))
	}
	positive(v, top.child("fetch").child("timeout"), c.Fetch.Timeout)
	positive(v, top.child("fetch").child("max_body"), c.Fetch.MaxBody)
	positive(v, top.child("fetch").child("concurrency"), c.Fetch.Concurrency)
	positive(v, top.child("fetch").child("per_host"), c.Fetch.PerHost)
	if l := c.Fetch.Lease; l < 0 || (l > 0 && l <= c.Fetch.Timeout) {
		v.bad(top.child("fetch").child("lease"), "must be longer than fetch.timeout (%s): a lease shorter than a fetch lets a second node fetch the source too", FormatDuration(c.Fetch.Timeout))
	}
	if c.Fetch.Budget < 0 {
		v.bad(top.child("fetch").child("budget"), "must not be negative")
	}
	if r := c.Fetch.FileRoot; r != "" && !filepath.IsAbs(r) {
		v.bad(top.child("fetch").child("file_root"), "%q must be an absolute directory path", r)
	}
	positive(v, top.child("publish").child("max_items"), c.Publish.MaxItems)
	if c.Publish.MaxAge < 0 {
		v.bad(top.child("publish").child("max_age"), "must not be negative")
	}
	positive(v, top.child("publish").child("retention"), c.Publish.Retention)
	positive(v, top.child("dedupe").child("window"), c.Dedupe.Window)
	th := top.child("dedupe").child("threshold")
	if t := c.Dedupe.Threshold; math.IsNaN(t) || t < 0 || t > 1 || (t == 0 && c.has(0, th.rel)) {
		v.bad(th, "must be greater than 0 and at most 1, got %g", t)
	}
	slugs := v.categories()
	v.sources(slugs)
	feeds := v.searches(slugs)
	for s := range slugs {
		feeds[s] = true
	}
	v.partners(feeds)
	return v.err()
}

// positive reports a zero or negative count or duration.
func positive[T ~int | ~int64](v *validator, a at, n T) {
	if n <= 0 {
		v.bad(a, "must be positive")
	}
}

func (v *validator) site(a at) {
	s := v.c.Site
	if s.Title == "" {
		v.bad(a.child("title"), "must not be empty")
	}
	if s.Byline == "" {
		v.bad(a.child("byline"), "must not be empty")
	}
	v.plain(a.child("title"), s.Title)
	v.plain(a.child("byline"), s.Byline)
	if !languageRE.MatchString(s.Language) {
		v.bad(a.child("language"), "%q is not a language tag such as en or pt-BR", s.Language)
	}
	u, err := url.Parse(s.BaseURL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		v.bad(a.child("base_url"), "%q must be an absolute http:// or https:// URL", s.BaseURL)
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(s.BaseURL, "?") || strings.Contains(s.BaseURL, "#"):
		v.bad(a.child("base_url"), "%q must not have a query or fragment", s.BaseURL)
	case strings.HasSuffix(s.BaseURL, "/"):
		v.bad(a.child("base_url"), "%q must not end with a slash", s.BaseURL)
	}
}

// categories checks every category and returns the known slugs.
func (v *validator) categories() map[string]bool {
	slugs := map[string]bool{}
	first := map[string]int{}
	for i, cat := range v.c.Categories {
		ea := at{path: fmt.Sprintf("categories[%d]", i), entry: cat.Line}
		switch {
		case cat.Slug == "":
			v.bad(ea.child("slug"), "is required")
		case !slugRE.MatchString(cat.Slug):
			v.bad(ea.child("slug"), "%q may contain only lower-case letters a-z, digits and hyphens", cat.Slug)
		case cat.Slug == story.All:
			v.bad(ea.child("slug"), "%q is reserved for the feed of every category", cat.Slug)
		case slugs[cat.Slug]:
			v.bad(ea.child("slug"), "duplicate slug %q (first at line %d)", cat.Slug, first[cat.Slug])
		default:
			slugs[cat.Slug] = true
			first[cat.Slug] = cat.Line
		}
		if cat.Title == "" {
			v.bad(ea.child("title"), "must not be empty")
		}
		v.plain(ea.child("title"), cat.Title)
		for j, kw := range cat.Keywords {
			if strings.TrimSpace(kw) == "" {
				v.bad(ea.child("keywords").index(j), "must not be empty")
			}
		}
		if cat.Region != "" && !contains(Regions, cat.Region) {
			v.bad(ea.child("region"), "%q is not a region; use one of %s", cat.Region, strings.Join(Regions, ", "))
		}
		switch {
		case cat.Dateline != "" && cat.Dateline != DatelinePlace && cat.Dateline != DatelineSubject:
			v.bad(ea.child("dateline"), "%q is not a dateline choice; use %s or %s", cat.Dateline, DatelinePlace, DatelineSubject)
		case cat.Dateline != "" && cat.Region == "" && len(cat.Countries) == 0:
			v.bad(ea.child("dateline"), "applies only to a category with region: or countries:")
		}
		for j, cc := range cat.Countries {
			if !countryRE.MatchString(cc) {
				v.bad(ea.child("countries").index(j), "%q is not an ISO 3166-1 alpha-2 country code such as LB", cc)
			}
		}
	}
	return slugs
}

// URLKey is the form under which two source URLs count as the same feed
// (trimmed, scheme and host in lower case), for callers that want to skip
// URLs AppendSources would refuse as already present.
func URLKey(raw string) string { return urlKey(raw) }

func urlKey(raw string) string {
	s := strings.TrimSpace(raw)
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

// checkSourceURL explains what is wrong with a source URL, or returns "".
func checkSourceURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Sprintf("%q is not a URL", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return fmt.Sprintf("%q has no host", raw)
		}
		if numericHost(u.Hostname()) {
			return fmt.Sprintf("%q: host %q is an IPv4 address in a short, octal, hexadecimal or decimal form, which browsers and curl read as an address and DNS as a name; write it as four decimal numbers (a.b.c.d) or use a host name", raw, u.Hostname())
		}
	case "file":
		if u.Path == "" && u.Opaque == "" {
			return fmt.Sprintf("%q has no path", raw)
		}
	case "":
		return fmt.Sprintf("%q must be absolute (http://, https:// or file://)", raw)
	default:
		return fmt.Sprintf("%q: scheme %q is not supported; use http, https or file", raw, u.Scheme)
	}
	return ""
}

func (v *validator) sources(slugs map[string]bool) {
	known := make([]string, 0, len(slugs))
	for s := range slugs {
		known = append(known, s)
	}
	sort.Strings(known)
	unknown := func(a at, slug string) {
		if len(known) == 0 {
			v.bad(a, "unknown category %q: no categories are defined", slug)
			return
		}
		v.bad(a, "unknown category %q (known: %s)", slug, strings.Join(known, ", "))
	}
	firstURL := map[string]int{}
	for i, s := range v.c.Sources {
		ea := at{path: fmt.Sprintf("sources[%d]", i), entry: s.Line}
		if s.Name == "" {
			v.bad(ea.child("name"), "is required")
		}
		v.plain(ea.child("name"), s.Name)
		v.plain(ea.child("agency"), s.Agency)
		isFile := false
		switch {
		case strings.TrimSpace(s.URL) == "":
			v.bad(ea.child("url"), "is required")
		case checkSourceURL(strings.TrimSpace(s.URL)) != "":
			v.bad(ea.child("url"), "%s", checkSourceURL(strings.TrimSpace(s.URL)))
		default:
			isFile = strings.HasPrefix(strings.ToLower(strings.TrimSpace(s.URL)), "file:")
			if isFile {
				if msg := checkFileURL(strings.TrimSpace(s.URL), v.c.Fetch.FileRoot); msg != "" {
					v.bad(ea.child("url"), "%s", msg)
				}
			}
			k := urlKey(s.URL)
			if l, dup := firstURL[k]; dup {
				v.bad(ea.child("url"), "duplicate source URL %q (first at line %d)", strings.TrimSpace(s.URL), l)
			} else {
				firstURL[k] = v.c.line(s.Line, "url")
			}
		}
		if s.Category != "" && !slugs[s.Category] {
			unknown(ea.child("category"), s.Category)
		}
		ia := ea.child("interval")
		switch {
		case s.Interval < 0 || (s.Interval == 0 && v.c.has(ea.entry, ia.rel)):
			v.bad(ia, "must be positive; leave interval out for adaptive polling")
		case s.Interval > 0 && s.Interval < MinInterval && !isFile:
			v.bad(ia, "must be at least %s for network sources; polling faster is impolite to upstreams", FormatDuration(MinInterval))
		}
		keys := make([]string, 0, len(s.CategoriesMap))
		for k := range s.CategoriesMap {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if slug := s.CategoriesMap[k]; !slugs[slug] {
				unknown(ea.child("categories_map").mapKey(k), slug)
			}
		}
	}
}
