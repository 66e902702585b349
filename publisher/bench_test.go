package publisher

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// discardWriter is a ResponseWriter that keeps nothing, so a benchmark
// measures the handler rather than a recorder copying the body.
type discardWriter struct {
	h    http.Header
	code int
	n    int
}

func (w *discardWriter) Header() http.Header  { return w.h }
func (w *discardWriter) WriteHeader(code int) { w.code = code }
func (w *discardWriter) Write(b []byte) (int, error) {
	w.n += len(b)
	return len(b), nil
}

func (w *discardWriter) reset() {
	clear(w.h)
	w.code, w.n = 0, 0
}

func benchItems(n int) []store.Item {
	items := make([]store.Item, n)
	for i := range items {
		items[i] = story(i, "world", "energy")
		items[i].ContentHTML = strings.Repeat("<p>A paragraph of agency copy, as long as a wire story's usually are.</p>", 8)
	}
	return items
}

func benchFixture(b *testing.B) *Publisher {
	b.Helper()
	p := New(testConfig(), newFakeStore(benchItems(50)...), Options{Now: func() time.Time { return t0 }})
	if err := p.RebuildAll(context.Background()); err != nil {
		b.Fatal(err)
	}
	return p
}

func benchServe(b *testing.B, req *http.Request, wantCode int) {
	p := benchFixture(b)
	h := p.Handler()
	w := &discardWriter{h: make(http.Header)}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, req)
	}
	b.StopTimer()
	if w.code != wantCode {
		b.Fatalf("status %d, want %d", w.code, wantCode)
	}
}

// BenchmarkCachedFeed is a GET of a pre-rendered 50-story feed, gzipped.
func BenchmarkCachedFeed(b *testing.B) {
	req := httptest.NewRequest(http.MethodGet, "/feeds/all.rss", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	benchServe(b, req, http.StatusOK)
}

// BenchmarkCachedFeed304 is a feed reader revalidating with its ETag.
func BenchmarkCachedFeed304(b *testing.B) {
	p := benchFixture(b)
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/feeds/all.rss", nil))
	req := httptest.NewRequest(http.MethodGet, "/feeds/all.rss", nil)
	req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	req.Header.Set("Accept-Encoding", "gzip")
	benchServe(b, req, http.StatusNotModified)
}

// BenchmarkRebuildCategory re-renders one 50-story category, "all" and the
// front page after a change: 6 feeds and 3 pages, each hashed and gzipped.
func BenchmarkRebuildCategory(b *testing.B) {
	st := newFakeStore(benchItems(50)...)
	p := New(testConfig(), st, Options{Now: func() time.Time { return t0 }})
	ctx := context.Background()
	if err := p.RebuildAll(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		it := story(1000+i, "world") // a new story, so every output changes
		it.PublishedAt = t0.Add(time.Duration(i) * time.Second)
		st.put(it)
		i++
		b.StartTimer()
		if err := p.Rebuild(ctx, []string{"world"}); err != nil {
			b.Fatal(err)
		}
	}
}
