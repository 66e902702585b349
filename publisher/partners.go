package publisher

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store/query"
)

// partnerKeyPrefix prefixes the snapshot keys of feeds that only partners
// read (partner-only categories, and "all" with them in it). A request
// path always starts with "/", so no public lookup can reach them, and
// Export, which writes only keys that are paths, never writes them.
const partnerKeyPrefix = "partner:"

// guard is what the publisher derives from one configuration to decide
// who may read what: the partner table, the partner-only categories and
// the redactor of the configuration's secrets. It is replaced as a whole
// on SetConfig, so a revoked token stops working at the next reload.
type guard struct {
	full     *config.Config
	private  map[string]bool // partner-only category slugs
	partners []*partner
	redact   func(string) string
	usage    *usageBook // carried from guard to guard: counters survive reloads
	// cacheControl is the Cache-Control of partner feed responses.
	cacheControl []string
	// searches are the saved searches' parsed queries by slug.
	searches map[string]query.Query
}

// partner is one enabled partner with the hash of its token.
type partner struct {
	cfg  config.Partner
	hash [32]byte
	use  *partnerUsage
}

// setConfig installs cfg: the full configuration for partners and status,
// and the public view (partner-only categories left out) for everything
// rendered for the public.
func (p *Publisher) setConfig(cfg *config.Config) {
	book := p.usageBook()
	g := &guard{full: cfg, private: map[string]bool{}, redact: cfg.Redactor(), usage: book,
		cacheControl: one("private, max-age=" + strconv.Itoa(int(cfg.Publish.MaxAge/time.Second)))}
	for _, c := range cfg.Categories {
		if c.Private {
			g.private[c.Slug] = true
		}
	}
	g.searches = make(map[string]query.Query, len(cfg.Searches))
	for _, sv := range cfg.Searches {
		q, err := query.Parse(sv.Query)
		if err != nil { // Validate refuses it; a config built in code may not
			p.log.Error("saved search not published", "search", sv.Slug, "err", err)
			continue
		}
		g.searches[sv.Slug] = q
	}
	now := p.now()
	for _, pc := range cfg.Partners {
		if !pc.Enabled {
			continue
		}
		g.partners = append(g.partners, &partner{cfg: pc, hash: sha256.Sum256([]byte(pc.Token)), use: book.get(pc, now)})
	}
	p.guard.Store(g)
	p.cfg.Store(publicView(cfg, g.private))
}

// usageBook returns the current guard's usage book, or a new one.
func (p *Publisher) usageBook() *usageBook {
	if g := p.guard.Load(); g != nil {
		return g.usage
	}
	return newUsageBook(p.opt.Registry, p.log)
}

// fullConfig is the configuration with partner-only categories and
// partners, for the operator's pages and partner requests.
func (p *Publisher) fullConfig() *config.Config {
	if g := p.guard.Load(); g != nil {
		return g.full
	}
	return p.config()
}

// publicView returns cfg without its partner-only categories and saved
// searches: what the public pages, feeds and OPML are rendered from.
// Without either it is cfg itself.
func publicView(cfg *config.Config, private map[string]bool) *config.Config {
	if len(private) == 0 && !slices.ContainsFunc(cfg.Searches, func(s config.Search) bool { return s.Private }) {
		return cfg
	}
	v := *cfg
	v.Searches = slices.DeleteFunc(slices.Clone(cfg.Searches), func(s config.Search) bool { return s.Private })
	v.Categories = make([]config.Category, 0, len(cfg.Categories))
	for _, c := range cfg.Categories {
		if !private[c.Slug] {
			v.Categories = append(v.Categories, c)
		}
	}
	return &v
}

// credential extracts the token a request presents: a path token, else
// "Authorization: Bearer TOKEN" (RFC 6750 §2.1), else HTTP Basic with the
// token as the password (RFC 7617; the user name is ignored), which is
// what most feed readers can send. ok is false for a malformed header.
func credential(r *http.Request, pathToken string) (token string, ok bool) {
	if pathToken != "" {
		return pathToken, true
	}
	h := headerValue(r.Header, "Authorization")
	scheme, rest, _ := strings.Cut(h, " ")
	rest = strings.TrimSpace(rest)
	switch {
	case equalFold(scheme, "bearer"):
		return rest, rest != ""
	case equalFold(scheme, "basic"):
		raw, err := base64.StdEncoding.DecodeString(rest)
		if err != nil {
			return "", false
		}
		_, pass, found := strings.Cut(string(raw), ":")
		return pass, found && pass != ""
	}
	return "", false
}

// match returns the partner whose token is token, or nil. Every enabled
// partner's hash is compared, in constant time, whatever matches: the time
// taken says nothing about which tokens exist or how close a guess was.
func (g *guard) match(token string) *partner {
	sum := sha256.Sum256([]byte(token))
	var found *partner
	for _, pt := range g.partners {
		if subtle.ConstantTimeCompare(sum[:], pt.hash[:]) == 1 {
			found = pt
		}
	}
	return found
}

// limiter is a token bucket: N requests per Per, in bursts of up to N.
type limiter struct {
	rate   config.Rate
	tokens float64
	last   time.Time
}

// take spends one request, or returns how long until one is available.
func (l *limiter) take(now time.Time) (wait time.Duration, ok bool) {
	if l.rate.N <= 0 {
		return 0, true
	}
	perToken := l.rate.Per / time.Duration(l.rate.N)
	if el := now.Sub(l.last); el > 0 {
		l.tokens = min(float64(l.rate.N), l.tokens+float64(el)/float64(perToken))
	}
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return 0, true
	}
	return time.Duration((1 - l.tokens) * float64(perToken)), false
}

// partnerUsage is one partner's counters and rate limiter.
type partnerUsage struct {
	name string
	mu   sync.Mutex
	lim  limiter
	// Requests counts every authenticated request, NotModified the 304s
	// among them and Stories the stories in the 200 feeds delivered.
	Requests, NotModified, Stories int64
	LastSeen                       time.Time

	c200, c304, cStories prometheus.Counter
	gSeen                prometheus.Gauge
}

// PartnerUsage is one partner's usage as /status.json reports it.
type PartnerUsage struct {
	Name        string     `json:"name"`
	Enabled     bool       `json:"enabled"`
	Categories  []string   `json:"categories"`
	RateLimit   string     `json:"rate_limit"`
	Requests    int64      `json:"requests"`
	NotModified int64      `json:"not_modified"`
	Stories     int64      `json:"stories"`
	LastSeen    *time.Time `json:"last_seen"`
}

// partnerUsages reports every configured partner's usage, in config order.
func (p *Publisher) partnerUsages() []PartnerUsage {
	g := p.guard.Load()
	out := []PartnerUsage{}
	if g == nil {
		return out
	}
	for _, pc := range g.full.Partners {
		u := PartnerUsage{Name: pc.Name, Enabled: pc.Enabled, Categories: pc.Categories, RateLimit: pc.RateLimit.String()}
		if pu := g.usage.lookup(pc.Name); pu != nil {
			pu.mu.Lock()
			u.Requests, u.NotModified, u.Stories, u.LastSeen = pu.Requests, pu.NotModified, pu.Stories, timePtr(pu.LastSeen)
			pu.mu.Unlock()
		}
		out = append(out, u)
	}
	return out
}
