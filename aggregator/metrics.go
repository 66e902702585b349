package aggregator

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the ingest side's Prometheus collectors. A nil *Metrics is
// valid and records nothing, so tests need not build one.
type Metrics struct {
	fetches  *prometheus.CounterVec
	duration prometheus.Histogram
	stories  *prometheus.CounterVec
	failing  prometheus.Gauge
	delay    prometheus.Histogram
	cut      prometheus.Counter
	refused  prometheus.Counter

	mu        sync.Mutex
	failingBy map[string]bool // source URL -> last poll failed
}

// NewMetrics registers the ingest metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wiredesk_fetches_total",
			Help: "Polls of upstream sources by outcome (new, updated, unchanged, error).",
		}, []string{"outcome"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "wiredesk_fetch_duration_seconds",
			Help:    "Time to fetch, process and store one source.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2.5, 10),
		}),
		stories: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wiredesk_stories_total",
			Help: "Stories ingested by kind (new, updated, duplicate).",
		}, []string{"kind"}),
		failing: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "wiredesk_sources_failing",
			Help: "Sources whose last poll failed.",
		}),
		delay: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "wiredesk_publish_delay_seconds",
			Help:    "Delay from upstream publication to our publication of new stories.",
			Buckets: prometheus.ExponentialBuckets(10, 2.5, 10),
		}),
		cut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wiredesk_stories_truncated_total",
			Help: "New stories whose summary or content was cut to the per-story bound (aggregator.MaxStoryHTML).",
		}),
		refused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wiredesk_claims_refused_total",
			Help: "Due sources this node did not fetch because another node held or had just fetched them (shared store only).",
		}),
		failingBy: map[string]bool{},
	}
	reg.MustRegister(m.fetches, m.duration, m.stories, m.failing, m.delay, m.cut, m.refused)
	return m
}

// observeDelay records how long after upstream publication a new story
// reached our feeds.
func (m *Metrics) observeDelay(d time.Duration) {
	if m == nil || d < 0 {
		return
	}
	m.delay.Observe(d.Seconds())
}

// observeTruncated counts a new story cut to the per-story bound.
func (m *Metrics) observeTruncated() {
	if m == nil {
		return
	}
	m.cut.Inc()
}

// observeClaimRefused counts a due source left to another node.
func (m *Metrics) observeClaimRefused() {
	if m == nil {
		return
	}
	m.refused.Inc()
}

func (m *Metrics) observe(r Result) {
	if m == nil {
		return
	}
	m.fetches.WithLabelValues(string(r.Outcome)).Inc()
	m.duration.Observe(r.Duration.Seconds())
	m.stories.WithLabelValues("new").Add(float64(r.Summary.New))
	m.stories.WithLabelValues("updated").Add(float64(r.Summary.Updated))
	m.stories.WithLabelValues("duplicate").Add(float64(r.Summary.Duplicates))
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.Outcome == OutcomeError {
		m.failingBy[r.Source.URL] = true
	} else {
		delete(m.failingBy, r.Source.URL)
	}
	m.failing.Set(float64(len(m.failingBy)))
}
