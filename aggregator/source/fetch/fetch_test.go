package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/config"
)

const testUA = "wiredesk-test/1.0 (+https://wiredesk.example/bot)"

// testFetch is a fetch configuration for loopback upstreams.
func testFetch() config.Fetch {
	return config.Fetch{Timeout: 5 * time.Second, MaxBody: 1 << 20, PerHost: 2, AllowPrivate: true}
}

func newTestFetcher(fc config.Fetch) *Fetcher {
	return NewFetcher(NewHTTPClient(fc), fc, testUA)
}

// fetchErr asserts err is a *Error of kind and returns it.
func fetchErr(t *testing.T, err error, kind ErrorKind) *Error {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v (%T), want *Error", err, err)
	}
	if fe.Kind != kind {
		t.Fatalf("kind = %v, want %v (err: %v)", fe.Kind, kind, err)
	}
	return fe
}

func TestFetchConditional(t *testing.T) {
	up := upstreamtest.New(t)
	feed := upstreamtest.Feed(3, "rss")
	up.Handle("/feed", upstreamtest.OK(feed, upstreamtest.RSSType))
	f := newTestFetcher(testFetch())

	first, err := f.Fetch(t.Context(), Request{URL: up.URL("/feed")})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || first.Status != 200 || !bytes.Equal(first.Body, feed) {
		t.Fatalf("first fetch: status %d notModified %v body %d bytes", first.Status, first.NotModified, len(first.Body))
	}
	if first.ETag == "" || first.LastModified == "" || first.ContentType != upstreamtest.RSSType {
		t.Fatalf("validators/content type not returned: %+v", first)
	}
	h := up.LastHeader("/feed")
	if got := h.Get("User-Agent"); got != testUA {
		t.Errorf("User-Agent = %q, want %q", got, testUA)
	}
	if got := h.Get("Accept"); !strings.HasPrefix(got, "application/rss+xml, application/atom+xml") {
		t.Errorf("Accept = %q", got)
	}
	if h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
		t.Errorf("first request sent validators: %v", h)
	}

	tests := []struct {
		name string
		req  Request
	}{
		{"etag and date", Request{ETag: first.ETag, LastModified: first.LastModified}},
		{"etag only", Request{ETag: first.ETag}},
		{"date only", Request{LastModified: first.LastModified}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.URL = up.URL("/feed")
			resp, err := f.Fetch(t.Context(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if !resp.NotModified || resp.Status != http.StatusNotModified || resp.Body != nil {
				t.Fatalf("got status %d notModified %v body %d", resp.Status, resp.NotModified, len(resp.Body))
			}
			h := up.LastHeader("/feed")
			if h.Get("If-None-Match") != tc.req.ETag || h.Get("If-Modified-Since") != tc.req.LastModified {
				t.Errorf("validators sent: If-None-Match %q If-Modified-Since %q", h.Get("If-None-Match"), h.Get("If-Modified-Since"))
			}
		})
	}
	t.Run("304 without validators", func(t *testing.T) {
		up.Handle("/bare304", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotModified) })
		req := Request{URL: up.URL("/bare304"), ETag: first.ETag, LastModified: first.LastModified}
		resp, err := f.Fetch(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		if !resp.NotModified || resp.ETag != req.ETag || resp.LastModified != req.LastModified {
			t.Fatalf("got %+v, want NotModified keeping the request's validators", resp)
		}
	})
	if got := up.Hits("/feed"); got != 1+len(tests) {
		t.Errorf("hits = %d, want %d", got, 1+len(tests))
	}
}

func TestFetchStatusKinds(t *testing.T) {
	up := upstreamtest.New(t)
	soon := clock.Now().Add(2 * time.Hour)
	tests := []struct {
		name     string
		sc       upstreamtest.Scenario
		status   int
		kind     ErrorKind
		sentinel error
		retryMin time.Duration
		retryMax time.Duration
	}{
		{"404", upstreamtest.Status(404), 404, KindHard, nil, 0, 0},
		{"401", upstreamtest.Status(401), 401, KindHard, nil, 0, 0},
		{"403", upstreamtest.Status(403), 403, KindHard, nil, 0, 0},
		{"400", upstreamtest.Status(400), 400, KindHard, nil, 0, 0},
		{"410", upstreamtest.Status(410), 410, KindGone, ErrGone, 0, 0},
		{"500", upstreamtest.Status(500), 500, KindSoft, nil, 0, 0},
		{"502", upstreamtest.Status(502), 502, KindSoft, nil, 0, 0},
		{"408", upstreamtest.Status(408), 408, KindSoft, nil, 0, 0},
		{"429 seconds", upstreamtest.RetryAfterSeconds(120), 429, KindSoft, nil, 120 * time.Second, 120 * time.Second},
		{"503 date", upstreamtest.RetryAfterDate(soon), 503, KindSoft, nil, 2*time.Hour - time.Minute, 2 * time.Hour},
		{"503 bare", upstreamtest.Status(503), 503, KindSoft, nil, 0, 0},
	}
	f := newTestFetcher(testFetch())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := "/" + strings.ReplaceAll(tc.name, " ", "-")
			up.Handle(path, tc.sc)
			resp, err := f.Fetch(t.Context(), Request{URL: up.URL(path)})
			if resp != nil {
				t.Fatalf("got a response for %d: %+v", tc.status, resp)
			}
			fe := fetchErr(t, err, tc.kind)
			if fe.Status != tc.status || fe.URL != up.URL(path) {
				t.Errorf("status %d url %q", fe.Status, fe.URL)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("%v does not wrap %v", err, tc.sentinel)
			}
			if fe.RetryAfter < tc.retryMin || fe.RetryAfter > tc.retryMax {
				t.Errorf("RetryAfter = %v, want in [%v, %v]", fe.RetryAfter, tc.retryMin, tc.retryMax)
			}
			msg := err.Error()
			if !strings.Contains(msg, up.URL(path)) || !strings.Contains(msg, strconv.Itoa(tc.status)) {
				t.Errorf("message %q does not name the URL and status", msg)
			}
		})
	}
}

func TestFetchBodyCap(t *testing.T) {
	up := upstreamtest.New(t)
	up.Handle("/many", upstreamtest.ManyItems(1000))
	up.Handle("/endless", upstreamtest.EndlessBody())
	up.Handle("/exact", upstreamtest.OK(bytes.Repeat([]byte("x"), 4096), "text/plain"))
	fc := testFetch()
	fc.MaxBody = 4096
	f := newTestFetcher(fc)
	for _, path := range []string{"/many", "/endless"} {
		t.Run(path, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), Request{URL: up.URL(path)})
			fetchErr(t, err, KindHard)
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "4096") {
				t.Fatalf("err = %v, want ErrTooLarge naming the 4096-byte limit", err)
			}
		})
	}
	t.Run("exactly at limit", func(t *testing.T) {
		resp, err := f.Fetch(t.Context(), Request{URL: up.URL("/exact")})
		if err != nil || len(resp.Body) != 4096 {
			t.Fatalf("resp %v err %v", resp, err)
		}
	})
}

func TestFetchGzip(t *testing.T) {
	up := upstreamtest.New(t)
	feed := upstreamtest.Feed(5, "atom")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write(feed); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	up.Handle("/encoded", upstreamtest.Gzipped(feed, upstreamtest.AtomType))
	up.Handle("/feed.xml.gz", upstreamtest.OK(gz.Bytes(), "application/gzip"))
	f := newTestFetcher(testFetch())
	for _, path := range []string{"/encoded", "/feed.xml.gz"} {
		t.Run(path, func(t *testing.T) {
			resp, err := f.Fetch(t.Context(), Request{URL: up.URL(path)})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(resp.Body, feed) {
				t.Fatalf("body not decompressed: %.40q", resp.Body)
			}
		})
	}
}

func TestFetchGzipBomb(t *testing.T) {
	up := upstreamtest.New(t)
	up.Handle("/bomb", upstreamtest.GzipBomb(1<<30))
	fc := testFetch()
	fc.MaxBody = 256 << 10
	f := newTestFetcher(fc)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := f.Fetch(t.Context(), Request{URL: up.URL("/bomb")})
	runtime.ReadMemStats(&after)
	fetchErr(t, err, KindHard)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	// Client and server together must not come near the 1 GiB expansion.
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("refused a 1 GiB gzip bomb after allocating %.1f MiB", float64(alloc)/(1<<20))
	if alloc > 64<<20 {
		t.Errorf("allocated %d MiB while refusing the bomb", alloc>>20)
	}
}

func TestFetchTimeouts(t *testing.T) {
	up := upstreamtest.New(t)
	up.Handle("/hang", upstreamtest.HeaderTimeout())
	up.Handle("/drip", upstreamtest.SlowDrip(50))
	fc := testFetch()
	fc.Timeout = 200 * time.Millisecond
	f := newTestFetcher(fc)
	for _, path := range []string{"/hang", "/drip"} {
		t.Run(path, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), Request{URL: up.URL(path)})
			fetchErr(t, err, KindSoft)
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Fatalf("err = %v, want a timeout", err)
			}
		})
	}
	t.Run("caller deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		_, err := newTestFetcher(testFetch()).Fetch(ctx, Request{URL: up.URL("/hang")})
		fetchErr(t, err, KindSoft)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		up.Handle("/cut", upstreamtest.Truncated())
		_, err := f.Fetch(t.Context(), Request{URL: up.URL("/cut")})
		if fe := fetchErr(t, err, KindSoft); fe.Status != 200 {
			t.Fatalf("status = %d, want 200 (body cut after headers)", fe.Status)
		}
	})
}

// TestFetchPerHost holds requests at the upstream and checks that no more
// than PerHost are ever in flight to one host, and that all complete.
func TestFetchPerHost(t *testing.T) {
	up := upstreamtest.New(t)
	release := make(chan struct{})
	up.Handle("/feed", upstreamtest.Gate(release, upstreamtest.FeedScenario(1, "rss")))
	fc := testFetch()
	fc.PerHost = 2
	f := newTestFetcher(fc)

	const n = 6
	errs := make(chan error, n)
	for range n {
		go func() {
			_, err := f.Fetch(t.Context(), Request{URL: up.URL("/feed")})
			errs <- err
		}()
	}
	for range fc.PerHost {
		<-up.Arrivals()
	}
	// Two are held at the server; a third can only be waiting for a slot,
	// so a caller that gives up waiting gets its context error.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := f.Fetch(ctx, Request{URL: up.URL("/feed")}); !errors.Is(err, context.Canceled) {
		t.Fatalf("fetch with cancelled ctx while host is full: %v", err)
	}
	close(release)
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("fetch: %v", err)
		}
	}
	if got := up.MaxInFlight(); got != fc.PerHost {
		t.Errorf("max in flight = %d, want %d", got, fc.PerHost)
	}
	if got := up.Hits("/feed"); got != n {
		t.Errorf("hits = %d, want %d", got, n)
	}
}

func TestAcquireHonoursContext(t *testing.T) {
	f := newTestFetcher(config.Fetch{PerHost: 1})
	release, err := f.acquire(t.Context(), "wire.example")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := f.acquire(ctx, "wire.example"); !errors.Is(err, context.Canceled) {
		t.Fatalf("second acquire = %v, want context.Canceled", err)
	}
	other, err := f.acquire(t.Context(), "other.example")
	if err != nil {
		t.Fatalf("other host blocked by a full host: %v", err)
	}
	other()
	release()
	again, err := f.acquire(t.Context(), "wire.example")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}

// BenchmarkFetch measures a full fetch of a 50-story feed and a 304
// revalidation against a loopback upstream.
func BenchmarkFetch(b *testing.B) {
	up := upstreamtest.New(b)
	up.Handle("/feed", upstreamtest.FeedScenario(50, "rss"))
	f := newTestFetcher(testFetch())
	first, err := f.Fetch(b.Context(), Request{URL: up.URL("/feed")})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		req  Request
	}{
		{"200", Request{URL: up.URL("/feed")}},
		{"304", Request{URL: up.URL("/feed"), ETag: first.ETag}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.Fetch(b.Context(), bc.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestFetchConcurrency holds fetches to one host at the upstream: with
// fetch.concurrency 2 and a per-host limit above it, the others wait for
// one of the process's fetch slots, and no more than two are ever in
// flight.
func TestFetchConcurrency(t *testing.T) {
	up := upstreamtest.New(t)
	release := make(chan struct{})
	up.Handle("/feed", upstreamtest.Gate(release, upstreamtest.FeedScenario(1, "rss")))
	fc := testFetch()
	fc.Concurrency, fc.PerHost = 2, 8
	f := newTestFetcher(fc)
	const n = 5
	errs := make(chan error, n)
	for range n {
		go func() {
			_, err := f.Fetch(t.Context(), Request{URL: up.URL("/feed")})
			errs <- err
		}()
	}
	for range fc.Concurrency {
		<-up.Arrivals()
	}
	if len(f.slots) != cap(f.slots) || cap(f.slots) != fc.Concurrency {
		t.Fatalf("%d of %d fetch slots taken with %d fetches held at the upstream", len(f.slots), cap(f.slots), fc.Concurrency)
	}
	close(release)
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("fetch: %v", err)
		}
	}
	if got := up.MaxInFlight(); got != fc.Concurrency {
		t.Errorf("max in flight = %d, want %d", got, fc.Concurrency)
	}
}
