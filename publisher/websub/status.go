package websub

import (
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the hub's Prometheus instruments.
type metrics struct {
	deliveries    *prometheus.CounterVec // wiredesk_websub_deliveries_total{outcome}
	verifications *prometheus.CounterVec // wiredesk_websub_verifications_total{outcome}
	delay         prometheus.Histogram   // wiredesk_websub_delivery_delay_seconds
}

func newMetrics(reg prometheus.Registerer, h *Hub) *metrics {
	m := &metrics{
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wiredesk_websub_deliveries_total",
			Help: "WebSub content deliveries by outcome: ok, failed (retried), gone (410, subscription ended), denied.",
		}, []string{"outcome"}),
		verifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wiredesk_websub_verifications_total",
			Help: "WebSub subscription requests by outcome: verified, failed, denied, refused (malformed or refused callback), limited (too many for the callback host).",
		}, []string{"outcome"}),
		delay: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "wiredesk_websub_delivery_delay_seconds",
			Help:    "Time from the commit that changed a topic to a subscriber's acknowledgement of its content.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 14),
		}),
	}
	if reg == nil {
		return m
	}
	for _, c := range []prometheus.Collector{m.deliveries, m.verifications, m.delay, subscriberCollector{h}} {
		if err := reg.Register(c); err != nil {
			var are prometheus.AlreadyRegisteredError
			if !errors.As(err, &are) {
				h.log.Error("websub: metrics registration failed", "err", err)
			}
		}
	}
	return m
}

var subscribersDesc = prometheus.NewDesc("wiredesk_websub_subscribers",
	"WebSub subscriptions per topic, and of those how many have a delivery pending.", []string{"topic", "state"}, nil)

// subscriberCollector reports the subscription table at scrape time.
type subscriberCollector struct{ h *Hub }

func (c subscriberCollector) Describe(ch chan<- *prometheus.Desc) { ch <- subscribersDesc }

func (c subscriberCollector) Collect(ch chan<- prometheus.Metric) {
	for _, t := range c.h.Status().Topics {
		ch <- prometheus.MustNewConstMetric(subscribersDesc, prometheus.GaugeValue, float64(t.Subscribers), t.Topic, "all")
		ch <- prometheus.MustNewConstMetric(subscribersDesc, prometheus.GaugeValue, float64(t.Pending), t.Topic, "pending")
	}
}

// Status is the hub's state for the operator.
type Status struct {
	Subscriptions int `json:"subscriptions"`
	InFlight      int `json:"deliveries_in_flight"`
	// DeliveriesOK and DeliveriesFailed count attempts since start.
	DeliveriesOK     int64         `json:"deliveries_ok"`
	DeliveriesFailed int64         `json:"deliveries_failed"`
	Topics           []TopicStatus `json:"topics"`
	// DelayP50 and DelayP99 are over the last delaySamples deliveries:
	// commit to the subscriber's acknowledgement.
	DelayP50 float64 `json:"delay_p50_seconds"`
	DelayP99 float64 `json:"delay_p99_seconds"`
}

// TopicStatus counts one topic's subscribers.
type TopicStatus struct {
	Topic       string `json:"topic"`
	Subscribers int    `json:"subscribers"`
	// Pending have content not yet delivered; Failing of those, a last
	// attempt that failed.
	Pending   int    `json:"pending"`
	Failing   int    `json:"failing"`
	LastError string `json:"last_error,omitempty"`
}

// Status returns the hub's current state.
func (h *Hub) Status() Status {
	h.mu.Lock()
	defer h.mu.Unlock()
	by := map[string]*TopicStatus{}
	for _, s := range h.subs {
		topic := h.opt.DisplayTopic(s.Topic)
		t := by[topic]
		if t == nil {
			t = &TopicStatus{Topic: topic}
			by[topic] = t
		}
		t.Subscribers++
		if h.rendered[s.category].Seq > s.DeliveredSeq {
			t.Pending++
		}
		if s.Attempts > 0 {
			t.Failing++
			t.LastError = s.LastError
		}
	}
	st := Status{Subscriptions: len(h.subs), InFlight: h.running, DeliveriesOK: h.delivered, DeliveriesFailed: h.failed}
	for _, t := range by {
		st.Topics = append(st.Topics, *t)
	}
	sort.Slice(st.Topics, func(i, j int) bool { return st.Topics[i].Topic < st.Topics[j].Topic })
	st.DelayP50, st.DelayP99 = h.delays.quantile(0.5).Seconds(), h.delays.quantile(0.99).Seconds()
	return st
}

// delaySamples is how many recent delivery delays Status summarises.
const delaySamples = 4096

// delayRing keeps the most recent delivery delays; the hub's mutex
// guards it.
type delayRing struct {
	buf  []time.Duration
	next int
}

func (r *delayRing) add(d time.Duration) {
	if len(r.buf) < delaySamples {
		r.buf = append(r.buf, d)
		return
	}
	r.buf[r.next] = d
	r.next = (r.next + 1) % delaySamples
}

func (r *delayRing) quantile(q float64) time.Duration {
	if len(r.buf) == 0 {
		return 0
	}
	s := slices.Clone(r.buf)
	slices.Sort(s)
	return s[min(int(q*float64(len(s))), len(s)-1)]
}

var statusPage = template.Must(template.New("websub").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>WebSub hub</title></head><body>
<h1>WebSub hub</h1>
<p>{{.Subscriptions}} subscriptions, {{.InFlight}} deliveries in flight, {{.DeliveriesOK}} delivered and {{.DeliveriesFailed}} failed since start; delivery delay p50 {{printf "%.3f" .DelayP50}} s, p99 {{printf "%.3f" .DelayP99}} s (commit to acknowledgement, recent deliveries).</p>
<table><thead><tr><th>topic</th><th>subscribers</th><th>pending</th><th>failing</th><th>last error</th></tr></thead><tbody>
{{range .Topics}}<tr><td>{{.Topic}}</td><td>{{.Subscribers}}</td><td>{{.Pending}}</td><td>{{.Failing}}</td><td>{{.LastError}}</td></tr>
{{else}}<tr><td colspan="5">no subscriptions</td></tr>{{end}}</tbody></table>
<p>Counters since start: /metrics <code>wiredesk_websub_*</code>.</p>
</body></html>
`))

// StatusHandler serves the hub's state for the operator: HTML, or JSON
// for a path ending in ".json". Callback URLs are not shown.
func (h *Hub) StatusHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := h.Status()
		w.Header().Set("Cache-Control", "no-store")
		var err error
		if len(r.URL.Path) > 5 && r.URL.Path[len(r.URL.Path)-5:] == ".json" {
			w.Header().Set("Content-Type", "application/json")
			err = json.NewEncoder(w).Encode(st)
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			err = statusPage.Execute(w, st)
		}
		if err != nil {
			h.log.Debug("websub: status write failed", "err", err)
		}
	})
}
