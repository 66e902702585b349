package publisher

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
)

// countingListener counts the writes made on the connections it accepts.
type countingListener struct {
	net.Listener
	mu     sync.Mutex
	writes int
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, l: l}, nil
}

func (l *countingListener) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.l.mu.Lock()
	c.l.writes++
	c.l.mu.Unlock()
	return c.Conn.Write(p)
}

// TestCoalescedResponses serves feeds larger than net/http's 4 KB write
// buffer through Listener over one keep-alive connection: each response
// must leave in one write, and read back byte for byte as the same
// response without coalescing.
func TestCoalescedResponses(t *testing.T) {
	f := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	counted := &countingListener{Listener: ln}
	srv := &http.Server{Handler: f.h, ConnContext: ConnContext}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(Listener(counted)) }()
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rd := bufio.NewReader(conn)
	get := func(method, path, enc string) (*http.Response, []byte, int) {
		t.Helper()
		before := counted.count()
		fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: desk.example\r\nAccept-Encoding: %s\r\n\r\n", method, path, enc)
		resp, err := http.ReadResponse(rd, &http.Request{Method: method})
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp, body, counted.count() - before
	}
	_, wantS := f.get("/feeds/world.rss", "Accept-Encoding", "identity")
	want := []byte(wantS)
	if len(want) <= 4096 {
		t.Fatalf("fixture feed is %d bytes; the test needs one over net/http's 4 KB buffer", len(want))
	}
	for round := range 2 { // the same connection, twice
		resp, body, writes := get(http.MethodGet, "/feeds/world.rss", "identity")
		if resp.StatusCode != 200 || !bytes.Equal(body, want) || resp.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Fatalf("round %d identity: %d, %d bytes (want %d)", round, resp.StatusCode, len(body), len(want))
		}
		if writes != 1 {
			t.Errorf("round %d identity: response in %d writes, want 1", round, writes)
		}
		resp, body, writes = get(http.MethodGet, "/feeds/world.rss", "gzip")
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || resp.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(plain, want) {
			t.Fatalf("round %d gzip: %v, %q, %d bytes decoded", round, err, resp.Header.Get("Content-Encoding"), len(plain))
		}
		if writes != 1 {
			t.Errorf("round %d gzip: response in %d writes, want 1", round, writes)
		}
		resp, body, _ = get(http.MethodHead, "/feeds/world.rss", "identity")
		if resp.StatusCode != 200 || len(body) != 0 || resp.ContentLength != int64(len(want)) {
			t.Errorf("round %d HEAD: %d, %d body bytes, Content-Length %d", round, resp.StatusCode, len(body), resp.ContentLength)
		}
	}
}
