package aggregator

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"

	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/config"
)

// pollerFixture is a poller over a real SQLite file and a loopback upstream.
type pollerFixture struct {
	up  *upstreamtest.Server
	db  *sqlite.DB
	cfg *config.Config
}

func newPollerFixture(t *testing.T, scenarios ...upstreamtest.Scenario) *pollerFixture {
	t.Helper()
	up := upstreamtest.New(t)
	yaml := "site: {base_url: https://desk.example}\nfetch: {allow_private: true, timeout: 5s, interval: 10m}\n" +
		"categories:\n  - {slug: world, title: World}\nsources:\n"
	for i, sc := range scenarios {
		path := fmt.Sprintf("/s%d", i)
		up.Handle(path, sc)
		yaml += fmt.Sprintf("  - {name: S%d, url: %q, category: world}\n", i, up.URL(path))
	}
	cfg, err := config.Parse("test.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &pollerFixture{up: up, db: db, cfg: cfg}
}

func (f *pollerFixture) poller(t *testing.T) *Poller {
	t.Helper()
	p := NewPoller(f.cfg, f.db, PollerOptions{Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(f.cfg.Fetch), f.cfg.Fetch, "wiredesk-test")})
	if err := p.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunPollsDueSourcesAndPersistsSchedule(t *testing.T) {
	f := newPollerFixture(t, upstreamtest.FeedScenario(5, "rss"), upstreamtest.FeedScenario(5, "atom"))
	p := f.poller(t)
	changed := make(chan story.FetchSummary, 10)
	p.OnChange = func(_ context.Context, s story.FetchSummary) { changed <- s }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()
	// Both upstreams carry the same five stories (same links): the
	// second to land is recorded as duplicates of the first.
	total := 0
	for range 2 {
		s := <-changed
		total += s.New
		if s.New+s.Duplicates != 5 {
			t.Errorf("fetch: %d new + %d duplicates, want 5 stories", s.New, s.Duplicates)
		}
	}
	if total != 5 {
		t.Errorf("%d new stories across both sources, want 5", total)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/s0", "/s1"} {
		if n := f.up.Hits(path); n != 1 {
			t.Errorf("%s polled %d times in one interval, want 1", path, n)
		}
	}
	states, err := f.db.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		// Stories an hour apart: the adaptive interval lies between the
		// configured 10m (less jitter) and the 24h ceiling.
		if d := clock.Until(s.NextFetchAt); d < 8*time.Minute || d > 24*time.Hour {
			t.Errorf("%s: next fetch in %v, want between the 10m interval and 24h", s.Name, d)
		}
	}
	// A restart reads the persisted schedule: nothing is due yet.
	if due, _ := f.poller(t).due(); len(due) != 0 {
		t.Errorf("after restart %d sources due at once, want 0", len(due))
	}
}

func TestNoTwoFetchesOfOneSource(t *testing.T) {
	release := make(chan struct{})
	f := newPollerFixture(t, upstreamtest.Gate(release, upstreamtest.FeedScenario(3, "rss")))
	p := f.poller(t)
	due, _ := p.due()
	if len(due) != 1 {
		t.Fatalf("due = %d sources, want 1", len(due))
	}
	res := make(chan Result)
	go func() { res <- p.pollSource(context.Background(), due[0], true) }()
	<-f.up.Arrivals()
	if again, _ := p.due(); len(again) != 0 {
		t.Errorf("a source with a fetch in flight was handed out again")
	}
	close(release)
	if r := <-res; r.Err != nil || r.Summary.New != 3 {
		t.Fatalf("poll: %+v", r)
	}
}

func TestShutdownWaitsForInFlightFetch(t *testing.T) {
	release := make(chan struct{})
	f := newPollerFixture(t, upstreamtest.Gate(release, upstreamtest.FeedScenario(4, "json")))
	p := f.poller(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()
	<-f.up.Arrivals()
	cancel()
	select {
	case <-done:
		t.Fatal("Run returned with a fetch in flight")
	default:
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	items, err := f.db.Latest(context.Background(), "all", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 4 {
		t.Errorf("in-flight fetch stored %d stories after shutdown, want all 4", len(items))
	}
}

func TestFailureBacksOffAndRecovers(t *testing.T) {
	f := newPollerFixture(t, upstreamtest.Sequence(upstreamtest.Status(503), upstreamtest.Status(503), upstreamtest.Status(503),
		upstreamtest.Status(503), upstreamtest.FeedScenario(2, "rss")))
	p := f.poller(t)
	src := f.cfg.Sources[0]
	var gaps []time.Duration
	for i := range 4 {
		r := p.pollSource(context.Background(), src, true)
		if r.Err == nil || r.Status != 503 {
			t.Fatalf("poll %d: want a 503 error, got %+v", i, r)
		}
		gaps = append(gaps, clock.Until(r.Next))
	}
	st, err := f.db.Source(context.Background(), p.ids[src.URL])
	if err != nil {
		t.Fatal(err)
	}
	if st.ConsecutiveFailures != 4 || st.LastError == "" || st.NextFetchWhy != "backoff after 4 failures" {
		t.Errorf("after four failures: failures=%d error=%q next fetch why=%q", st.ConsecutiveFailures, st.LastError, st.NextFetchWhy)
	}
	// Jittered exponential backoff: the fourth wait is at least twice the
	// largest first one could be.
	if gaps[3] <= 2*gaps[0] {
		t.Errorf("backoff did not grow: %v", gaps)
	}
	if r := p.pollSource(context.Background(), src, true); r.Err != nil || r.Summary.New != 2 {
		t.Fatalf("recovery poll: %+v", r)
	}
	if st, err = f.db.Source(context.Background(), p.ids[src.URL]); err != nil || st.ConsecutiveFailures != 0 || st.LastError != "" ||
		st.NextFetchWhy == "" || strings.HasPrefix(st.NextFetchWhy, "backoff") {
		t.Errorf("after recovery: failures=%d error=%q next fetch why=%q (%v)", st.ConsecutiveFailures, st.LastError, st.NextFetchWhy, err)
	}
}

func TestGoneDisablesSource(t *testing.T) {
	f := newPollerFixture(t, upstreamtest.Status(410))
	p := f.poller(t)
	r := p.pollSource(context.Background(), f.cfg.Sources[0], true)
	if r.Err == nil {
		t.Fatal("410 reported no error")
	}
	if due, _ := p.due(); len(due) != 0 {
		t.Error("a gone source is still scheduled")
	}
	st, err := f.db.Source(context.Background(), p.ids[f.cfg.Sources[0].URL])
	if err != nil || !st.Gone {
		t.Errorf("store: gone=%v err=%v", st.Gone, err)
	}
}

func TestEditingAGoneSourceRevivesIt(t *testing.T) {
	f := newPollerFixture(t, upstreamtest.Sequence(upstreamtest.Status(410), upstreamtest.FeedScenario(2, "rss")))
	p := f.poller(t)
	if r := p.pollSource(context.Background(), f.cfg.Sources[0], true); r.Err == nil {
		t.Fatal("410 reported no error")
	}
	// Reloading the same entry leaves it gone.
	if err := p.Reload(context.Background(), f.cfg); err != nil {
		t.Fatal(err)
	}
	if due, _ := p.due(); len(due) != 0 {
		t.Fatal("an unchanged gone source was scheduled again")
	}
	edited := *f.cfg
	edited.Sources = append([]config.Source(nil), f.cfg.Sources...)
	edited.Sources[0].Agency = "Renamed Agency"
	if err := p.Reload(context.Background(), &edited); err != nil {
		t.Fatal(err)
	}
	due, _ := p.due()
	if len(due) != 1 {
		t.Fatalf("an edited gone source is not due: %d due", len(due))
	}
	if r := p.pollSource(context.Background(), due[0], true); r.Err != nil || r.Summary.New != 2 {
		t.Fatalf("revived source: %+v", r)
	}
}

func TestHugeFeedKeepsItsNewestStories(t *testing.T) {
	f := newPollerFixture(t, upstreamtest.ManyItems(maxItemsPerFetch+500))
	p := f.poller(t)
	r := p.pollSource(context.Background(), f.cfg.Sources[0], true)
	if r.Err != nil || r.Summary.New != maxItemsPerFetch {
		t.Fatalf("poll: %d new (err %v), want the newest %d", r.Summary.New, r.Err, maxItemsPerFetch)
	}
	items, err := f.db.Latest(context.Background(), "all", 0, 1)
	if err != nil || len(items) != 1 || items[0].Title != upstreamtest.StoryAt(0).Title {
		t.Fatalf("newest stored story: %+v (%v)", items, err)
	}
	oldest, err := f.db.Latest(context.Background(), "all", maxItemsPerFetch-1, 1)
	if err != nil || len(oldest) != 1 || oldest[0].Title != upstreamtest.StoryAt(maxItemsPerFetch-1).Title {
		t.Fatalf("oldest stored story: %+v (%v)", oldest, err)
	}
}

const testUA = "wiredesk-test/1.0 (+https://wiredesk.example/bot)"

// testFetch is a fetch configuration for loopback upstreams.
func testFetch() config.Fetch {
	return config.Fetch{Timeout: 5 * time.Second, MaxBody: 1 << 20, PerHost: 2, AllowPrivate: true}
}

// newTestFetcher is a Fetcher for loopback upstreams under fc.
func newTestFetcher(fc config.Fetch) *fetch.Fetcher {
	return fetch.NewFetcher(fetch.NewHTTPClient(fc), fc, testUA)
}

// fileURL returns the file:// URL of path.
func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
