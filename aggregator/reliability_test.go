package aggregator

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"

	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher"
)

// Fetch timeouts. Every hanging scenario ends at relTimeout, so a round
// lasts about that long; the heavy documents (20,000 items, a 1 MB title)
// and the memory test get relSlowTimeout so that a loaded machine (-race,
// two cores) cannot turn them into timeouts.
const (
	relTimeout     = 3 * time.Second
	relSlowTimeout = 2 * time.Minute
)

// relMemBound is the resource bound for one hostile fetch: total bytes
// allocated while fetching a 8 GB gzip bomb or an endless body.
const relMemBound = 200 << 20

// relCase is one hostile upstream. Either wantErr is the substring its
// LastError must hold (the fetch fails and backs off), or check inspects
// the stories a recoverable scenario stored.
type relCase struct {
	name    string
	sc      upstreamtest.Scenario // served at /name; nil when url is set
	url     string                // a URL outside the upstream server
	wantErr string
	// orErr is another acceptable error: a body cap that is met either by
	// size or by the deadline, whichever the machine reaches first.
	orErr string
	// notBefore is a lower bound on NextFetchAt (Retry-After).
	notBefore time.Time
	check     func(t *testing.T, items []story.Item)
	// heavy documents are polled apart, with relSlowTimeout: parsing them
	// takes seconds of CPU that would starve the light scenarios' clocks.
	heavy bool
}

func relCases(t *testing.T) []relCase {
	now := clock.Now()
	retryAt := now.Add(2 * time.Hour).Truncate(time.Second)
	count := func(n int) func(*testing.T, []story.Item) {
		return func(t *testing.T, items []story.Item) {
			if len(items) != n {
				t.Errorf("stored %d stories, want %d", len(items), n)
			}
		}
	}
	return []relCase{
		{name: "connect-timeout", url: "http://" + relBlackhole(t) + "/feed", wantErr: "timeout"},
		{name: "header-timeout", sc: upstreamtest.HeaderTimeout(), wantErr: "timeout"},
		{name: "slow-drip", sc: upstreamtest.SlowDrip(1), wantErr: "read body"},
		{name: "http-500", sc: upstreamtest.Status(500), wantErr: "HTTP 500"},
		{name: "http-502", sc: upstreamtest.Status(502), wantErr: "HTTP 502"},
		{name: "http-503", sc: upstreamtest.Status(503), wantErr: "HTTP 503"},
		{name: "retry-after-seconds", sc: upstreamtest.RetryAfterSeconds(3600), wantErr: "HTTP 429", notBefore: now.Add(time.Hour)},
		{name: "retry-after-date", sc: upstreamtest.RetryAfterDate(retryAt), wantErr: "HTTP 503",
			notBefore: retryAt},
		{name: "retry-after-date-429", sc: upstreamtest.WithHeader(upstreamtest.Status(429), "Retry-After",
			retryAt.UTC().Format(http.TimeFormat)), wantErr: "HTTP 429", notBefore: retryAt},
		{name: "redirect-loop", sc: upstreamtest.RedirectLoop(), wantErr: "too many redirects"},
		{name: "redirect-private", sc: upstreamtest.RedirectTo("http://169.254.169.254/latest/meta-data/", 302),
			wantErr: "non-public address: 169.254.169.254"},
		{name: "endless-body", sc: upstreamtest.EndlessBody(), wantErr: "too large", orErr: "while reading body"},
		{name: "gzip-bomb", sc: upstreamtest.GzipBomb(8 << 30), wantErr: "too large", orErr: "while reading body"},
		{name: "truncated", sc: upstreamtest.Truncated(), wantErr: "unexpected EOF"},
		{name: "truncated-xml", sc: upstreamtest.OK(relCut(upstreamtest.Feed(10, "rss")), upstreamtest.RSSType),
			check: func(t *testing.T, items []story.Item) {
				// A document cut off mid-item keeps its complete items.
				if len(items) == 0 || len(items) >= 10 {
					t.Fatalf("stored %d stories of a feed cut in half, want the complete ones (1..9)", len(items))
				}
				for _, it := range items {
					if !strings.HasPrefix(it.GUID, "urn:upstreamtest:story:") || !strings.HasSuffix(it.Title, "ministers meet in Nairobi") {
						t.Errorf("incomplete story kept: %q %q", it.GUID, it.Title)
					}
				}
			}},
		{name: "billion-laughs", sc: upstreamtest.BillionLaughs(), check: func(t *testing.T, items []story.Item) {
			if len(items) != 1 || len(items[0].Title) > 1000 {
				t.Errorf("stored %d stories, first title %d bytes; want 1 with the entity unexpanded", len(items), len(items[0].Title))
			}
		}},
		{name: "html-page", sc: upstreamtest.HTMLPage(), wantErr: "not a feed: an HTML page"},
		{name: "empty-200", sc: upstreamtest.Empty200(), wantErr: "not a feed: empty body"},
		{name: "invalid-utf8", sc: upstreamtest.InvalidUTF8(), check: func(t *testing.T, items []story.Item) {
			count(2)(t, items)
			for _, it := range items {
				if !utf8.ValidString(it.Title) || !utf8.ValidString(it.SummaryHTML) {
					t.Errorf("story %q is not valid UTF-8", it.Title)
				}
			}
		}},
		{name: "utf-16", sc: upstreamtest.UTF16Feed(), check: relWantTitle(upstreamtest.CharsetTitle, 2)},
		{name: "wrong-charset", sc: upstreamtest.WrongCharset(), check: relWantTitle(upstreamtest.CharsetTitle, 1)},
		{name: "no-title-link-guid", sc: upstreamtest.NoTitleLinkGUID(), check: func(t *testing.T, items []story.Item) {
			count(3)(t, items)
			for _, it := range items {
				if it.Key == "" || it.Title == "" || it.Link != "" {
					t.Errorf("keyless story stored as key %q title %q link %q", it.Key, it.Title, it.Link)
				}
			}
		}},
		{name: "duplicate-guids", sc: upstreamtest.DuplicateGUIDs(), check: func(t *testing.T, items []story.Item) {
			// The first occurrence of a key wins; the other two are not
			// stored under the same ID (which would fail the transaction).
			if len(items) != 1 || items[0].GUID != upstreamtest.DuplicateGUID || items[0].Title != upstreamtest.StoryAt(0).Title {
				t.Errorf("stored %+v, want only story 0", items)
			}
		}},
		{name: "far-dates", sc: upstreamtest.FarDates(), check: func(t *testing.T, items []story.Item) {
			count(3)(t, items)
			for _, it := range items {
				if it.PublishedAt.Year() == 2999 || it.PublishedAt.Year() < 1990 || it.PublishedAt.After(clock.Now().Add(time.Hour)) {
					t.Errorf("story %q trusted date %v", it.Title, it.PublishedAt)
				}
			}
		}},
		{name: "huge-title", heavy: true, sc: upstreamtest.HugeTitle(1 << 20), check: func(t *testing.T, items []story.Item) {
			count(2)(t, items)
			for _, it := range items {
				if n := utf8.RuneCountInString(it.Title); n == 0 || n > maxTitleRunes {
					t.Errorf("title of %d runes stored, want 1..%d", n, maxTitleRunes)
				}
			}
		}},
		{name: "items-20000", heavy: true, sc: upstreamtest.ManyItems(20000), check: func(t *testing.T, items []story.Item) {
			// items are bare IDs here (see relWorld.items): the newest
			// maxItemsPerFetch stories of the feed are kept under their
			// stable IDs, and nothing older, so one huge document cannot
			// hold the store's writer for seconds.
			got := map[string]bool{}
			for _, it := range items {
				got[it.ID] = true
			}
			for _, i := range []int{maxItemsPerFetch, 19999} {
				if id := ItemID(items[0].SourceURL, upstreamtest.StoryAt(i).GUID); got[id] {
					t.Errorf("story %d saved: only the newest %d of a huge document are kept", i, maxItemsPerFetch)
				}
			}
			for i := range maxItemsPerFetch {
				if id := ItemID(items[0].SourceURL, upstreamtest.StoryAt(i).GUID); !got[id] {
					t.Fatalf("story %d (ID %s) was not saved", i, id)
				}
			}
		}},
	}
}

// relCut returns the first half of doc, cut in the middle of an element.
func relCut(doc []byte) []byte {
	return doc[:len(doc)/2]
}

func relWantTitle(title string, n int) func(*testing.T, []story.Item) {
	return func(t *testing.T, items []story.Item) {
		if len(items) != n {
			t.Fatalf("stored %d stories, want %d", len(items), n)
		}
		for _, it := range items {
			if it.Title == title {
				return
			}
		}
		t.Errorf("no story titled %q after decoding; got %q", title, items[0].Title)
	}
}

// relBlackhole returns the address of a loopback listener whose accept
// queue is full, so that a connect to it hangs until the client's dial
// deadline: the kernel drops SYNs to a full queue. It never accepts.
func relBlackhole(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	raw, err := ln.(*net.TCPListener).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var lerr error
	// Linux lets listen(2) be called again to shrink the backlog.
	if err := raw.Control(func(fd uintptr) { lerr = syscall.Listen(int(fd), 0) }); err != nil || lerr != nil {
		t.Fatalf("shrink backlog: %v %v", err, lerr)
	}
	addr := ln.Addr().String()
	for range 64 {
		c, err := net.DialTimeout("tcp4", addr, 300*time.Millisecond)
		if err != nil {
			return addr // the queue is full: further connects hang
		}
		t.Cleanup(func() { c.Close() })
	}
	t.Fatal("could not fill the accept queue of a loopback listener")
	return ""
}

// relHealthy serves an RSS feed that gains three stories on every request,
// without validators, so every round has new stories to store.
type relHealthy struct {
	mu sync.Mutex
	n  int
}

func (h *relHealthy) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	h.mu.Lock()
	h.n++
	n := h.n
	h.mu.Unlock()
	w.Header().Set("Content-Type", upstreamtest.RSSType)
	fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Healthy</title><link>https://healthy.example/</link><description>d</description>`)
	for i := n*3 - 1; i >= 0; i-- {
		fmt.Fprintf(w, "<item><guid>urn:healthy:%d</guid><title>Healthy story %d</title><link>https://healthy.example/%d</link><description>Body %d.</description></item>", i, i, i, i)
	}
	fmt.Fprint(w, "</channel></rss>")
}

// relWorld is the hostile-upstream test bed: a real store, one upstream
// per scenario path, one healthy upstream, and a poller whose client
// admits only 127.0.0.1 (so a redirect to any other address is refused by
// the same guard as in production).
type relWorld struct {
	cfg     *config.Config
	db      *sqlite.DB
	poller  *Poller
	healthy string
	cases   map[string]relCase // by source URL
}

func newRelWorld(t *testing.T, cases []relCase, timeout time.Duration, maxBody string) *relWorld {
	t.Helper()
	up := upstreamtest.New(t)
	hs := httptest.NewServer(&relHealthy{})
	t.Cleanup(hs.Close)
	w := &relWorld{healthy: hs.URL + "/healthy.rss", cases: map[string]relCase{}}
	var y strings.Builder
	fmt.Fprintf(&y, "fetch:\n  interval: 1m\n  timeout: %s\n  max_body: %s\n  concurrency: 64\n  per_host: 64\n", timeout, maxBody)
	y.WriteString("categories:\n  - slug: world\nsources:\n")
	src := func(name, url string) { fmt.Fprintf(&y, "  - name: %s\n    url: %s\n    category: world\n", name, url) }
	src("healthy", w.healthy)
	for _, c := range cases {
		u := c.url
		if u == "" {
			up.Handle("/"+c.name, c.sc)
			u = up.URL("/" + c.name)
		}
		w.cases[u] = c
		src(c.name, u)
	}
	cfg, err := config.Parse("reliability.yaml", []byte(y.String()))
	if err != nil {
		t.Fatal(err)
	}
	w.cfg = cfg
	w.db, err = sqlite.Open(t.Context(), t.TempDir()+"/wiredesk.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.db.Close() })
	loop := netip.MustParseAddr("127.0.0.1")
	client := fetch.NewHTTPClientAdmitting(cfg.Fetch, func(ap netip.AddrPort) bool { return ap.Addr() == loop })
	w.poller = NewPoller(cfg, w.db, PollerOptions{Fetcher: fetch.NewFetcher(client, cfg.Fetch, testUA)})
	if err := w.poller.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	return w
}

// items reads the stories of source url among ids (the IDs polls reported
// saved), duplicates included: the fixtures share links, so the store
// rightly files many of them as copies of one another. Over 100 IDs they
// are returned unread, as bare IDs (reading 20,000 stories one by one
// would dominate the test).
func (w *relWorld) items(t *testing.T, url string, ids map[string]bool) []story.Item {
	t.Helper()
	var out []story.Item
	n := w.states(t)[url].ItemCount
	for id := range ids {
		if len(ids) > 100 {
			out = append(out, story.Item{ID: id, SourceURL: url})
			continue
		}
		it, err := w.db.Item(t.Context(), id)
		if err != nil {
			t.Fatalf("story %s reported saved: %v", id, err)
		}
		if it.SourceURL == url {
			out = append(out, it)
		}
	}
	if len(ids) <= 100 && n != len(out) {
		t.Errorf("%s: polls saved %d stories, the source counts %d", url, len(out), n)
	}
	return out
}

func (w *relWorld) states(t *testing.T) map[string]story.SourceState {
	t.Helper()
	srcs, err := w.db.Sources(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]story.SourceState{}
	for _, s := range srcs {
		out[s.URL] = s
	}
	return out
}

// TestHostileUpstreams polls one hostile upstream per scenario next to a
// healthy one, round after round, through the real Poller and store: the
// healthy source's new stories land every round, before any hanging
// upstream gives up; each failing source records a specific error, counts
// its failures and backs off exponentially (or as Retry-After says);
// recoverable documents are stored correctly; /status.json shows it all.
func TestHostileUpstreams(t *testing.T) {
	var light, heavy []relCase
	for _, c := range relCases(t) {
		if c.heavy {
			heavy = append(heavy, c)
		} else {
			light = append(light, c)
		}
	}
	// max_body: 1 MB keeps the bomb and the endless body cheap next to
	// the clocks of the light scenarios; 8 MB admits the 20,000-item feed
	// (about 6 MB) and the 1 MB title.
	t.Run("light", func(t *testing.T) { relRounds(t, newRelWorld(t, light, relTimeout, "1MB"), 3) })
	t.Run("heavy", func(t *testing.T) { relRounds(t, newRelWorld(t, heavy, relSlowTimeout, "8MB"), 2) })
}

// relRounds polls every source of w rounds times and checks each round.
func relRounds(t *testing.T, w *relWorld, rounds int) {
	ids := map[string]map[string]bool{} // source URL -> IDs of stories saved
	for round := 1; round <= rounds; round++ {
		var mu sync.Mutex
		var order []string
		start := clock.Now()
		results := w.poller.PollOnce(t.Context(), func(r Result) {
			mu.Lock()
			defer mu.Unlock()
			order = append(order, r.Source.Name)
			if ids[r.Source.URL] == nil {
				ids[r.Source.URL] = map[string]bool{}
			}
			for _, id := range r.Summary.Items {
				ids[r.Source.URL][id] = true
			}
		})
		if len(results) != len(w.cases)+1 {
			t.Fatalf("round %d: %d results for %d sources", round, len(results), len(w.cases)+1)
		}
		// The healthy source is not held up by any upstream that hangs
		// until the deadline: it reports before all of them.
		if pos := relIndex(order, "healthy"); pos > relIndex(order, "header-timeout") ||
			pos > relIndex(order, "slow-drip") || pos > relIndex(order, "connect-timeout") {
			t.Errorf("round %d: healthy source finished at position %d of %v", round, pos, order)
		}
		states := w.states(t)
		if got := w.items(t, w.healthy, ids[w.healthy]); len(got) != 3*round {
			t.Errorf("round %d: healthy source has %d stories, want %d", round, len(got), 3*round)
		}
		for url, c := range w.cases {
			st := states[url]
			t.Run(fmt.Sprintf("round%d/%s", round, c.name), func(t *testing.T) {
				if c.wantErr == "" {
					if st.LastError != "" || st.ConsecutiveFailures != 0 {
						t.Fatalf("recoverable scenario failed: %q (%d failures)", st.LastError, st.ConsecutiveFailures)
					}
					c.check(t, w.items(t, url, ids[url]))
					return
				}
				relCheckFailure(t, st, c, round, w.cfg.Fetch, start)
				if st.ItemCount != 0 {
					t.Errorf("%d stories stored from a failing upstream", st.ItemCount)
				}
			})
		}
	}
	relCheckStatus(t, w, rounds)
}

func relErrMatches(msg string, c relCase) bool {
	return strings.Contains(msg, c.wantErr) || (c.orErr != "" && strings.Contains(msg, c.orErr))
}

func relIndex(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return len(xs)
}

// relCheckFailure asserts a failed source's error and its backoff: after
// failure n the delay is in [base·2^(n-1)/2, base·2^(n-1)] (equal jitter),
// or no earlier than notBefore when the upstream sent Retry-After.
func relCheckFailure(t *testing.T, st story.SourceState, c relCase, round int, fc config.Fetch, start time.Time) {
	t.Helper()
	if !relErrMatches(st.LastError, c) {
		t.Errorf("LastError = %q, want it to contain %q", st.LastError, c.wantErr)
	}
	if st.ConsecutiveFailures != round {
		t.Errorf("ConsecutiveFailures = %d after %d failed polls", st.ConsecutiveFailures, round)
	}
	if !st.NextFetchAt.After(start) {
		t.Errorf("NextFetchAt %v is not in the future of the poll at %v", st.NextFetchAt, start)
	}
	delay := st.NextFetchAt.Sub(st.LastFetchAt)
	full := fc.Interval << (round - 1)
	switch {
	case !c.notBefore.IsZero():
		// The wait is measured from the poll's start, so a slow response
		// may bring the next fetch forward by up to its own duration.
		if st.NextFetchAt.Before(c.notBefore.Add(-fc.Timeout)) {
			t.Errorf("next fetch at %v, want no earlier than Retry-After %v", st.NextFetchAt, c.notBefore)
		}
	case delay < full/2 || delay > full:
		t.Errorf("next fetch in %s after %d failures, want backoff in [%s, %s]", delay, round, full/2, full)
	}
}

// relCheckStatus renders /status.json through the publisher from the same
// store and checks every failing source shows its error and backoff.
func relCheckStatus(t *testing.T, w *relWorld, rounds int) {
	t.Helper()
	pub := publisher.New(w.cfg, w.db, publisher.Options{})
	if err := pub.RebuildAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	pub.AdminHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/status.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/status.json: %d", rec.Code)
	}
	var st publisher.Status
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil {
		t.Fatal(err)
	}
	seen, failing := 0, 0
	for _, c := range w.cases {
		if c.wantErr != "" {
			failing++
		}
	}
	for _, s := range st.Sources {
		c, ok := w.cases[s.URL]
		switch {
		case s.URL == w.healthy:
			if s.State != publisher.StateOK || s.Stories != 3*rounds {
				t.Errorf("/status healthy: state %q, %d stories", s.State, s.Stories)
			}
		case !ok:
			t.Errorf("/status lists unknown source %q", s.URL)
		case c.wantErr == "":
			if s.State != publisher.StateOK || s.LastError != "" {
				t.Errorf("/status %s: state %q error %q, want ok", c.name, s.State, s.LastError)
			}
		default:
			seen++
			if !relErrMatches(s.LastError, c) || s.ConsecutiveFailures != rounds || s.State != publisher.StateBackingOff {
				t.Errorf("/status %s: state %q, %d failures, error %q; want %q backing off",
					c.name, s.State, s.ConsecutiveFailures, s.LastError, c.wantErr)
			}
		}
	}
	if seen != failing || len(st.Sources) != len(w.cases)+1 {
		t.Errorf("/status.json lists %d sources, %d failing; want %d, %d failing", len(st.Sources), seen, len(w.cases)+1, failing)
	}
}

// TestHostileBodiesBoundedMemory fetches an 8 GB gzip bomb and an endless
// body through the poller and bounds what the process allocated for each:
// the body cap applies after decompression, so neither is held in memory.
func TestHostileBodiesBoundedMemory(t *testing.T) {
	cases := []relCase{
		{name: "gzip-bomb", sc: upstreamtest.GzipBomb(8 << 30), wantErr: "too large"},
		{name: "endless-body", sc: upstreamtest.EndlessBody(), wantErr: "too large"},
	}
	w := newRelWorld(t, cases, relSlowTimeout, "8MB")
	for _, src := range w.cfg.Sources[1:] {
		t.Run(src.Name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res := w.poller.pollSource(t.Context(), src, true)
			runtime.ReadMemStats(&after)
			if res.Err == nil || !strings.Contains(res.Err.Error(), "too large") {
				t.Fatalf("err = %v, want a too-large error", res.Err)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %d MB, heap %d MB", alloc>>20, after.HeapAlloc>>20)
			if alloc > relMemBound || after.HeapAlloc > relMemBound {
				t.Errorf("allocated %d bytes (heap %d) for one hostile fetch, want < %d", alloc, after.HeapAlloc, relMemBound)
			}
		})
	}
}
