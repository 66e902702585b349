package publisher

import (
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wiredesk/wiredesk/config"
)

// usageBook holds every partner's usage by name, for the whole life of
// the publisher: a reload that edits a partner keeps its counters.
type usageBook struct {
	mu sync.Mutex
	m  map[string]*partnerUsage

	requests *prometheus.CounterVec // wiredesk_partner_requests_total{partner,code}
	stories  *prometheus.CounterVec // wiredesk_partner_stories_total{partner}
	lastSeen *prometheus.GaugeVec   // wiredesk_partner_last_seen_timestamp_seconds{partner}
}

func newUsageBook(reg prometheus.Registerer, log *slog.Logger) *usageBook {
	b := &usageBook{
		m: map[string]*partnerUsage{},
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wiredesk_partner_requests_total",
			Help: "Authenticated partner requests, by partner and status code (304 for revalidations).",
		}, []string{"partner", "code"}),
		stories: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wiredesk_partner_stories_total",
			Help: "Stories delivered to partners in full feed responses, by partner.",
		}, []string{"partner"}),
		lastSeen: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "wiredesk_partner_last_seen_timestamp_seconds",
			Help: "Unix time of each partner's last authenticated request.",
		}, []string{"partner"}),
	}
	if reg != nil {
		b.requests = register(reg, b.requests, log)
		b.stories = register(reg, b.stories, log)
		b.lastSeen = register(reg, b.lastSeen, log)
	}
	return b
}

// get returns the usage of pc, made or re-rated to follow its config.
func (b *usageBook) get(pc config.Partner, now time.Time) *partnerUsage {
	b.mu.Lock()
	defer b.mu.Unlock()
	u := b.m[pc.Name]
	if u == nil {
		// The hot outcomes' series are resolved once, not per request.
		u = &partnerUsage{
			name: pc.Name, c200: b.requests.WithLabelValues(pc.Name, "200"), c304: b.requests.WithLabelValues(pc.Name, "304"),
			cStories: b.stories.WithLabelValues(pc.Name), gSeen: b.lastSeen.WithLabelValues(pc.Name),
		}
		b.m[pc.Name] = u
	}
	u.mu.Lock()
	if u.lim.rate != pc.RateLimit {
		u.lim = limiter{rate: pc.RateLimit, tokens: float64(pc.RateLimit.N), last: now}
	}
	u.mu.Unlock()
	return u
}

func (b *usageBook) lookup(name string) *partnerUsage {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.m[name]
}

// admit counts a request of u at now and applies its rate limit.
func (b *usageBook) admit(u *partnerUsage, now time.Time) (wait time.Duration, ok bool) {
	u.mu.Lock()
	u.Requests++
	u.LastSeen = now
	wait, ok = u.lim.take(now)
	u.mu.Unlock()
	u.gSeen.Set(float64(now.Unix()))
	return wait, ok
}

// served records the outcome of an admitted request.
func (b *usageBook) served(u *partnerUsage, code, stories int) {
	switch code {
	case http.StatusNotModified:
		u.c304.Inc()
		u.mu.Lock()
		u.NotModified++
		u.mu.Unlock()
	case http.StatusOK:
		u.c200.Inc()
		if stories > 0 {
			u.mu.Lock()
			u.Stories += int64(stories)
			u.mu.Unlock()
			u.cStories.Add(float64(stories))
		}
	default:
		b.requests.WithLabelValues(u.name, strconv.Itoa(code)).Inc()
	}
}
