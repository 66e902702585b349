package publisher

import (
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the publisher's Prometheus instruments.
type metrics struct {
	requests *prometheus.CounterVec   // wiredesk_http_requests_total{route,code,cache}
	duration *prometheus.HistogramVec // wiredesk_render_duration_seconds{kind}
	renders  *prometheus.CounterVec   // wiredesk_renders_total{kind}
	// searchesCut counts /search requests the search budget cut short.
	searchesCut prometheus.Counter // wiredesk_searches_cut_total
}

func newMetrics(reg prometheus.Registerer, log *slog.Logger) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wiredesk_http_requests_total",
			Help: "HTTP requests served by the publisher, by route, status code and cache outcome (hit, miss, notmodified).",
		}, []string{"route", "code", "cache"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "wiredesk_render_duration_seconds",
			Help:    "Time to render one feed or page, including its gzip variant.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 4, 9),
		}, []string{"kind"}),
		renders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wiredesk_renders_total",
			Help: "Feeds and pages rendered, by kind.",
		}, []string{"kind"}),
		searchesCut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wiredesk_searches_cut_total",
			Help: "Searches of the /search page cut short by the search budget: their pages say older matches may be missing.",
		}),
	}
	if reg == nil {
		return m
	}
	m.requests = register(reg, m.requests, log)
	m.duration = register(reg, m.duration, log)
	m.renders = register(reg, m.renders, log)
	m.searchesCut = register(reg, m.searchesCut, log)
	return m
}

// register registers c, or reuses the collector already registered under
// its name (a second Publisher on the same registry, as after a restart in
// tests).
func register[C prometheus.Collector](reg prometheus.Registerer, c C, log *slog.Logger) C {
	err := reg.Register(c)
	if err == nil {
		return c
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing
		}
	}
	log.Error("metrics registration failed", "err", err)
	return c
}

// request returns the request counter for one outcome.
func (m *metrics) request(route string, code int, cache string) prometheus.Counter {
	return m.requests.WithLabelValues(route, strconv.Itoa(code), cache)
}

// observe records one render of kind that started at start.
func (m *metrics) observe(kind string, start time.Time) {
	m.renders.WithLabelValues(kind).Inc()
	m.duration.WithLabelValues(kind).Observe(time.Since(start).Seconds())
}
