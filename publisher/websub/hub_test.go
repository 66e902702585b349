package websub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"
)

const topic = "https://desk.example/feeds/world.atom"

// site is the store and the publisher side of a hub under test: topics
// of category "world" whose content names the newest change.
type site struct {
	t    *testing.T
	db   *sqlite.DB
	src  int64
	n    int
	body atomic.Value // string
}

func newSite(t *testing.T, path string) *site {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "w.db")
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	ids, err := db.SyncSources(context.Background(), []story.SourceState{{URL: "https://wire.example/rss", Name: "Wire"}})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, db: db, src: ids["https://wire.example/rss"]}
	s.body.Store("<feed/>")
	return s
}

// commit saves a new story in world and publishes it to h as the
// rebuilder does: heads read before the render, Published after.
func (s *site) commit(h *Hub) string {
	s.t.Helper()
	s.n++
	id := fmt.Sprintf("story-%d", s.n)
	it := story.Item{ID: id, Key: id, Title: "Story " + id, PublishedAt: clock.Now().UTC(), Categories: []string{"world"}}
	if _, err := s.db.SaveFetch(context.Background(), story.Fetch{SourceID: s.src, Items: []story.Item{it}}); err != nil {
		s.t.Fatal(err)
	}
	heads, err := h.Mark(context.Background(), []string{"world", "all"})
	if err != nil {
		s.t.Fatal(err)
	}
	s.body.Store("<feed>" + id + "</feed>")
	h.Published(heads)
	return id
}

func (s *site) Category(t string) (string, bool) {
	switch t {
	case topic, "https://desk.example/feeds/wires.atom":
		return strings.TrimSuffix(strings.TrimPrefix(t, "https://desk.example/feeds/"), ".atom"), true
	}
	return "", false
}

func (s *site) Authorize(r *http.Request, t string) (string, error) {
	if strings.Contains(t, "wires") && r.Header.Get("Authorization") != "Bearer good" {
		return "", errors.New("this feed is for partners")
	}
	if r.Header.Get("Authorization") != "" {
		return "gazette", nil
	}
	return "", nil
}

func (s *site) Content(t, audience string) (Content, bool) {
	return Content{Body: []byte(s.body.Load().(string)), Type: "application/atom+xml"}, true
}

// subscriber is a WebSub subscriber on loopback.
type subscriber struct {
	srv      *httptest.Server
	status   atomic.Int32 // answer to deliveries
	verified chan url.Values
	got      chan *http.Request
	bodies   chan []byte
}

func newSubscriber(t *testing.T) *subscriber {
	s := &subscriber{verified: make(chan url.Values, 10), got: make(chan *http.Request, 100), bodies: make(chan []byte, 100)}
	s.status.Store(http.StatusNoContent)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			q := r.URL.Query()
			s.verified <- q
			if _, err := io.WriteString(w, q.Get("hub.challenge")); err != nil {
				t.Error(err)
			}
			return
		}
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
		}
		code := int(s.status.Load())
		w.WriteHeader(code)
		if code < 300 {
			s.got <- r
			s.bodies <- b
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: never came", what)
	}
	var zero T
	return zero
}

// startHub runs a hub over s until the returned stop is called.
func startHub(t *testing.T, s *site, opt Options) (*Hub, func()) {
	t.Helper()
	opt.Store, opt.Topics, opt.URL = s.db, s, "https://desk.example/hub"
	if opt.Client == nil {
		opt.Client = &http.Client{Timeout: 5 * time.Second}
	}
	if opt.RetryBase == 0 {
		opt.RetryBase = 20 * time.Millisecond
	}
	h := New(opt)
	if err := h.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	heads, err := h.Mark(context.Background(), []string{"world", "all"})
	if err != nil {
		t.Fatal(err)
	}
	h.Published(heads)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.Run(ctx); close(done) }()
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return h, stop
}

// subscribe posts a subscription request and returns the answer.
func subscribe(t *testing.T, h http.Handler, form url.Values, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/hub", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func subForm(mode, callback, secret string) url.Values {
	f := url.Values{"hub.mode": {mode}, "hub.topic": {topic}, "hub.callback": {callback}}
	if secret != "" {
		f.Set("hub.secret", secret)
	}
	return f
}

func TestSubscribeVerifyDeliverSigned(t *testing.T) {
	s := newSite(t, "")
	h, _ := startHub(t, s, Options{})
	s.commit(h) // a story from before the subscription is not sent
	sub := newSubscriber(t)
	if rec := subscribe(t, h, subForm("subscribe", sub.srv.URL+"/cb?x=1", "s3cret")); rec.Code != http.StatusAccepted {
		t.Fatalf("subscribe = %d %s", rec.Code, rec.Body)
	}
	q := wait(t, sub.verified, "intent verification")
	if q.Get("hub.mode") != "subscribe" || q.Get("hub.topic") != topic || q.Get("x") != "1" ||
		q.Get("hub.lease_seconds") != fmt.Sprint(int(DefaultLease/time.Second)) {
		t.Errorf("verification query = %v", q)
	}
	waitFor(t, "subscription saved", func() bool { return h.Status().Subscriptions == 1 })

	id := s.commit(h)
	r := wait(t, sub.got, "delivery")
	body := wait(t, sub.bodies, "delivery body")
	if !strings.Contains(string(body), id) {
		t.Errorf("delivered %q, want the feed with %s", body, id)
	}
	if got, want := r.Header.Get("X-Hub-Signature"), Signature("s3cret", body); got != want {
		t.Errorf("X-Hub-Signature = %q, want %q", got, want)
	}
	if l := r.Header.Get("Link"); !strings.Contains(l, `<https://desk.example/hub>; rel="hub"`) || !strings.Contains(l, "<"+topic+`>; rel="self"`) {
		t.Errorf("Link = %q", l)
	}
	if r.Header.Get("Content-Type") != "application/atom+xml" {
		t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
	}

	// Unsubscribing is verified too, and ends deliveries.
	if rec := subscribe(t, h, subForm("unsubscribe", sub.srv.URL+"/cb?x=1", "")); rec.Code != http.StatusAccepted {
		t.Fatalf("unsubscribe = %d", rec.Code)
	}
	if q := wait(t, sub.verified, "unsubscribe verification"); q.Get("hub.mode") != "unsubscribe" {
		t.Errorf("verification = %v", q)
	}
	waitFor(t, "subscription removed", func() bool { return h.Status().Subscriptions == 0 })
}

func TestPendingDeliverySurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	s := newSite(t, path)
	h, stop := startHub(t, s, Options{RetryBase: time.Hour})
	sub := newSubscriber(t)
	subscribe(t, h, subForm("subscribe", sub.srv.URL, ""))
	wait(t, sub.verified, "verification")
	waitFor(t, "subscription saved", func() bool { return h.Status().Subscriptions == 1 })
	sub.status.Store(http.StatusServiceUnavailable)
	id := s.commit(h)
	waitFor(t, "a failed attempt", func() bool {
		st := h.Status()
		return len(st.Topics) == 1 && st.Topics[0].Failing == 1
	})
	stop()
	subs, err := s.db.Subscriptions(context.Background())
	if err != nil || len(subs) != 1 || subs[0].Attempts != 1 || subs[0].LastStatus != http.StatusServiceUnavailable {
		t.Fatalf("stored after the failure: %+v, %v", subs, err)
	}
	// The next start keeps the backoff: a retry base of zero wait lets
	// the test see the pending delivery go out.
	if _, err := s.db.SaveSubscription(context.Background(), subs[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.db.RecordDeliveries(context.Background(), []store.Delivery{{ID: subs[0].ID, Attempts: 1, NextAttempt: clock.Now().Add(-time.Second)}}); err != nil {
		t.Fatal(err)
	}
	sub.status.Store(http.StatusOK)
	h2, _ := startHub(t, s, Options{})
	if body := wait(t, sub.bodies, "delivery after restart"); !strings.Contains(string(body), id) {
		t.Errorf("after restart delivered %q", body)
	}
	waitFor(t, "delivery recorded", func() bool {
		st := h2.Status()
		return len(st.Topics) == 1 && st.Topics[0].Pending == 0 && st.Topics[0].Failing == 0 && st.DeliveriesOK == 1
	})
}

func TestSlowSubscriberDelaysNoOther(t *testing.T) {
	s := newSite(t, "")
	h, _ := startHub(t, s, Options{PerHost: 1})
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			if _, err := io.WriteString(w, r.URL.Query().Get("hub.challenge")); err != nil {
				t.Error(err)
			}
			return
		}
		<-release
	}))
	defer slow.Close()
	defer close(release)
	fast := newSubscriber(t)
	for _, cb := range []string{slow.URL + "/a", slow.URL + "/b", fast.srv.URL} {
		subscribe(t, h, subForm("subscribe", cb, ""))
	}
	wait(t, fast.verified, "fast verification")
	waitFor(t, "three subscriptions", func() bool { return h.Status().Subscriptions == 3 })
	for range 3 {
		id := s.commit(h)
		if body := wait(t, fast.bodies, "fast delivery"); !strings.Contains(string(body), id) {
			t.Errorf("fast subscriber got %q, want %s", body, id)
		}
	}
	// per_host 1: one delivery hangs at the slow host, the other waits.
	waitFor(t, "only the slow host's one delivery in flight", func() bool { return h.Status().InFlight == 1 })
}

func TestRefusedAndDeniedSubscriptions(t *testing.T) {
	s := newSite(t, "")
	check := func(ctx context.Context, u *url.URL) error { return fetch.CheckPublicHost(ctx, u.Hostname()) }
	h, _ := startHub(t, s, Options{CheckCallback: check})
	for name, f := range map[string]url.Values{
		"private callback": subForm("subscribe", "http://127.0.0.1:9/cb", ""),
		"metadata address": subForm("subscribe", "http://169.254.169.254/cb", ""),
		"unknown topic":    {"hub.mode": {"subscribe"}, "hub.topic": {"https://else.example/x"}, "hub.callback": {"https://sub.example/cb"}},
		"bad mode":         {"hub.mode": {"publish"}, "hub.topic": {topic}, "hub.callback": {"https://sub.example/cb"}},
		"long secret":      subForm("subscribe", "https://sub.example/cb", strings.Repeat("x", 200)),
		"bad lease":        {"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {"https://sub.example/cb"}, "hub.lease_seconds": {"soon"}},
	} {
		rec := subscribe(t, h, f)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", name, rec.Code, rec.Body)
		}
	}
	if rec := subscribe(t, h, subForm("subscribe", "http://127.0.0.1:9/cb", "")); !strings.Contains(rec.Body.String(), "non-public") {
		t.Errorf("private callback refusal says %q", rec.Body)
	}

	// A partner-only topic without the credential: a denial at the callback.
	h2, _ := startHub(t, s, Options{})
	sub := newSubscriber(t)
	f := subForm("subscribe", sub.srv.URL, "")
	f.Set("hub.topic", "https://desk.example/feeds/wires.atom")
	if rec := subscribe(t, h2, f); rec.Code != http.StatusAccepted {
		t.Fatalf("partner topic = %d", rec.Code)
	}
	q := wait(t, sub.verified, "denial")
	if q.Get("hub.mode") != "denied" || q.Get("hub.reason") == "" {
		t.Errorf("denial = %v", q)
	}
	subscribe(t, h2, f, "Authorization", "Bearer good")
	if q := wait(t, sub.verified, "partner verification"); q.Get("hub.mode") != "subscribe" {
		t.Errorf("with the credential: %v", q)
	}
	waitFor(t, "partner subscription", func() bool { return h2.Status().Subscriptions == 1 })
	subs, err := s.db.Subscriptions(context.Background())
	if err != nil || len(subs) != 1 || subs[0].Audience != "gazette" {
		t.Errorf("stored %+v, %v; want audience gazette", subs, err)
	}
}

func TestLeaseBoundsAndExpiry(t *testing.T) {
	s := newSite(t, "")
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var clock atomic.Pointer[time.Time]
	clock.Store(&now)
	h, _ := startHub(t, s, Options{Now: func() time.Time { return *clock.Load() }})
	sub := newSubscriber(t)
	for ask, want := range map[string]time.Duration{"60": MinLease, "999999999": MaxLease, "7200": 2 * time.Hour} {
		f := subForm("subscribe", sub.srv.URL+"/"+ask, "")
		f.Set("hub.lease_seconds", ask)
		subscribe(t, h, f)
		if q := wait(t, sub.verified, "verification"); q.Get("hub.lease_seconds") != fmt.Sprint(int(want/time.Second)) {
			t.Errorf("asked %s s, granted %s", ask, q.Get("hub.lease_seconds"))
		}
	}
	waitFor(t, "three subscriptions", func() bool { return h.Status().Subscriptions == 3 })
	later := now.Add(3 * time.Hour)
	clock.Store(&later)
	h.expire(context.Background())
	if n := h.Status().Subscriptions; n != 1 {
		t.Errorf("after 3 h, %d subscriptions left, want the 30-day one", n)
	}
	if subs, err := s.db.Subscriptions(context.Background()); err != nil || len(subs) != 1 {
		t.Errorf("stored after expiry: %d, %v", len(subs), err)
	}
}

func TestFullHubRefusesNewSubscriptionsOnly(t *testing.T) {
	s := newSite(t, "")
	h, _ := startHub(t, s, Options{MaxSubscriptions: 1})
	sub := newSubscriber(t)
	subscribe(t, h, subForm("subscribe", sub.srv.URL+"/one", ""))
	wait(t, sub.verified, "verification")
	waitFor(t, "one subscription", func() bool { return h.Status().Subscriptions == 1 })
	if rec := subscribe(t, h, subForm("subscribe", sub.srv.URL+"/two", "")); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("a second subscription past the bound = %d, want 503", rec.Code)
	}
	if rec := subscribe(t, h, subForm("subscribe", sub.srv.URL+"/one", "")); rec.Code != http.StatusAccepted {
		t.Errorf("a renewal = %d, want 202", rec.Code)
	}
}

func TestBackoffDoubles(t *testing.T) {
	h := New(Options{RetryBase: time.Second})
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 5: 16 * time.Second, 40: MaxRetryDelay} {
		if got := h.backoff(n); got != want {
			t.Errorf("backoff(%d) = %v, want %v", n, got, want)
		}
	}
}

// waitFor polls cond on a ticker until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%s: never happened", what)
		}
	}
}

// TestSubscriptionRequestsLimitedPerCallbackHost: the hub cannot be made
// to send a stream of verification requests to one server: past a burst
// of requests naming callbacks on one host it answers 429 with
// Retry-After, other hosts unaffected, and the allowance grows back.
func TestSubscriptionRequestsLimitedPerCallbackHost(t *testing.T) {
	s := newSite(t, "")
	var mu sync.Mutex
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	h, _ := startHub(t, s, Options{Now: clock})
	sub := newSubscriber(t)
	for i := range callbackBurst {
		if rec := subscribe(t, h, subForm("subscribe", fmt.Sprintf("%s/cb%d", sub.srv.URL, i), "")); rec.Code != http.StatusAccepted {
			t.Fatalf("request %d of the burst = %d, want 202", i+1, rec.Code)
		}
	}
	rec := subscribe(t, h, subForm("subscribe", sub.srv.URL+"/one-more", ""))
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "6" {
		t.Errorf("past the burst = %d, Retry-After %q; want 429 and 6", rec.Code, rec.Header().Get("Retry-After"))
	}
	other := strings.Replace(sub.srv.URL, "127.0.0.1", "localhost", 1)
	if rec := subscribe(t, h, subForm("subscribe", other+"/cb", "")); rec.Code != http.StatusAccepted {
		t.Errorf("another callback host = %d, want 202", rec.Code)
	}
	mu.Lock()
	now = now.Add(callbackEvery)
	mu.Unlock()
	if rec := subscribe(t, h, subForm("subscribe", sub.srv.URL+"/later", "")); rec.Code != http.StatusAccepted {
		t.Errorf("after %v = %d, want 202", callbackEvery, rec.Code)
	}
}
