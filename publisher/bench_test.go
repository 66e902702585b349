package publisher

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
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

func benchItems(n int) []story.Item {
	items := make([]story.Item, n)
	for i := range items {
		items[i] = testStory(i, "world", "energy")
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
		it := testStory(1000+i, "world") // a new story, so every output changes
		it.PublishedAt = t0.Add(time.Duration(i) * time.Second)
		st.put(it)
		i++
		b.StartTimer()
		if err := p.Rebuild(ctx, []string{"world"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServeConn is the whole request path as a feed reader sees it:
// request bytes in, response bytes out, through an http.Server set up as
// cmd/wiredesk sets it up (Listener, ConnContext, the four timeouts), on
// one keep-alive connection held in memory (net.Pipe). net/http's request
// parsing, header writing and the coalesced write are in the figure; the
// kernel's loopback is not (the serve figures of go run ./bench have it).
func BenchmarkServeConn(b *testing.B) {
	p := benchFixture(b)
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/feeds/all.rss", nil))
	etag := rec.Header().Get("ETag")
	for _, tc := range []struct {
		name, headers string
		code          int
	}{
		{"200", "", http.StatusOK},
		{"304", "If-None-Match: " + etag + "\r\nAccept-Encoding: gzip\r\n", http.StatusNotModified},
		{"gzip", "Accept-Encoding: gzip, deflate, br\r\n", http.StatusOK},
	} {
		b.Run(tc.name, func(b *testing.B) {
			conn := servePipe(b, p.Handler())
			req := []byte("GET /feeds/all.rss HTTP/1.1\r\nHost: desk.example\r\nUser-Agent: bench\r\n" + tc.headers + "\r\n")
			rd := bufio.NewReaderSize(conn, 256<<10)
			roundTrip := func() (int, int) {
				if _, err := conn.Write(req); err != nil {
					b.Fatal(err)
				}
				code, n, err := readResponse(rd)
				if err != nil {
					b.Fatal(err)
				}
				return code, n
			}
			code, n := roundTrip()
			if code != tc.code {
				b.Fatalf("status %d, want %d", code, tc.code)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				roundTrip()
			}
		})
	}
}

// servePipe serves h on one in-memory connection and returns its client end.
func servePipe(b *testing.B, h http.Handler) net.Conn {
	client, server := net.Pipe()
	ln := &oneConnListener{conn: server, done: make(chan struct{})}
	srv := &http.Server{Handler: h, ConnContext: ConnContext, ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(Listener(ln)) }()
	b.Cleanup(func() {
		client.Close()
		if err := srv.Close(); err != nil {
			b.Error(err)
		}
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			b.Errorf("Serve: %v", err)
		}
	})
	return client
}

// oneConnListener accepts one connection, then waits to be closed.
type oneConnListener struct {
	conn net.Conn
	once sync.Once
	done chan struct{}
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	if c := l.conn; c != nil {
		l.conn = nil
		return c, nil
	}
	<-l.done
	return nil, net.ErrClosed
}

func (l *oneConnListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *oneConnListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }

// readResponse reads one response with a Content-Length (or none, for a
// 304) without allocating, and returns its status and size in bytes.
func readResponse(rd *bufio.Reader) (code, size int, err error) {
	length := 0
	for first := true; ; first = false {
		line, err := rd.ReadSlice('\n')
		if err != nil {
			return 0, 0, err
		}
		size += len(line)
		switch {
		case first:
			if len(line) < 12 {
				return 0, 0, fmt.Errorf("status line %q", line)
			}
			code = atoiBytes(line[9:12])
		case len(line) <= 2:
			n, err := rd.Discard(length)
			return code, size + n, err
		case len(line) > 16 && bytes.EqualFold(line[:15], []byte("Content-Length:")):
			length = atoiBytes(bytes.TrimSpace(line[15:]))
		}
	}
}

func atoiBytes(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}
