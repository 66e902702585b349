// Package upstreamtest is a fault-injecting upstream for tests: an
// httptest server on 127.0.0.1 whose paths play scenarios (a good feed with
// validators, 429 with Retry-After, a redirect loop, a slow drip, a gzip
// bomb, broken charsets, …) and which counts requests per path and the
// peak number in flight, so tests can prove conditional requests and
// per-host limits. Everything is deterministic; nothing leaves the machine.
package upstreamtest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/wiredesk/wiredesk/internal/clock"
)

// Scenario answers one request. Long-running scenarios must return when
// r.Context() is done; Server cancels it on Close as well as when the
// client goes away, so no handler outlives the test.
type Scenario func(w http.ResponseWriter, r *http.Request)

// Server is a loopback upstream. Create it with New.
type Server struct {
	srv    *httptest.Server
	ctx    context.Context
	cancel context.CancelFunc

	mu          sync.Mutex
	routes      map[string]Scenario
	hits        map[string]int
	last        map[string]http.Header
	inFlight    int
	maxInFlight int
	arrivals    chan string
}

// New starts a Server on 127.0.0.1 and closes it when the test ends.
// Unregistered paths answer 404.
func New(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("upstreamtest: listen: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		ctx:      ctx,
		cancel:   cancel,
		routes:   make(map[string]Scenario),
		hits:     make(map[string]int),
		last:     make(map[string]http.Header),
		arrivals: make(chan string, 1024),
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Listener = ln
	s.srv.Start()
	t.Cleanup(s.Close)
	return s
}

// Handle makes path play sc, replacing any earlier scenario.
func (s *Server) Handle(path string, sc Scenario) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[path] = sc
}

// URL returns the absolute URL of path on this server.
func (s *Server) URL(path string) string { return s.srv.URL + path }

// Hits returns how many requests path has received.
func (s *Server) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// LastHeader returns the headers of the latest request to path (nil if none).
func (s *Server) LastHeader(path string) http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last[path].Clone()
}

// MaxInFlight returns the peak number of requests being served at once,
// across all paths (one server is one host).
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

// Arrivals receives the path of every request as it starts being served,
// so a test can wait for requests without sleeping. It buffers 1024.
func (s *Server) Arrivals() <-chan string { return s.arrivals }

// Close cancels every running scenario, then shuts the server down. It is
// registered with t.Cleanup by New and safe to call more than once.
func (s *Server) Close() {
	s.cancel()
	s.srv.Close()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	sc := s.routes[r.URL.Path]
	s.hits[r.URL.Path]++
	s.last[r.URL.Path] = r.Header.Clone()
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	select {
	case s.arrivals <- r.URL.Path:
	default:
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	stop := context.AfterFunc(s.ctx, cancel)
	defer stop()
	// The upstream keeps the same clock as the desk under test, so that a
	// clockskew run moves the whole simulated world, not just one side of it.
	// A scenario may still set a Date of its own.
	w.Header().Set("Date", clock.Now().UTC().Format(http.TimeFormat))
	if sc == nil {
		http.NotFound(w, r)
		return
	}
	sc(w, r.WithContext(ctx))
}
