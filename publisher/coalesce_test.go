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
	"slices"
	"strconv"
	"sync"
	"testing"
)

// countingListener counts the writes made on the connections it accepts.
type countingListener struct {
	net.Listener
	mu      sync.Mutex
	writes  int
	vectors int // writes of several buffers (writev)
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, l: l}, nil
}

func (l *countingListener) count() (writes, vectors int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes, l.vectors
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.count(0)
	return c.Conn.Write(p)
}

// WriteBuffers counts one write and sends bufs with one writev, as the
// coalescer does on an unwrapped TCP connection.
func (c *countingConn) WriteBuffers(bufs *net.Buffers) (int64, error) {
	c.count(1)
	return bufs.WriteTo(c.Conn)
}

func (c *countingConn) count(vector int) {
	c.l.mu.Lock()
	c.l.writes++
	c.l.vectors += vector
	c.l.mu.Unlock()
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
	get := func(method, path, enc string) (*http.Response, []byte, int, int) {
		t.Helper()
		before, beforeV := counted.count()
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
		after, afterV := counted.count()
		return resp, body, after - before, afterV - beforeV
	}
	_, wantS := f.get("/feeds/world.rss", "Accept-Encoding", "identity")
	want := []byte(wantS)
	if len(want) <= 4096 {
		t.Fatalf("fixture feed is %d bytes; the test needs one over net/http's 4 KB buffer", len(want))
	}
	for round := range 2 { // the same connection, twice
		resp, body, writes, vectors := get(http.MethodGet, "/feeds/world.rss", "identity")
		if resp.StatusCode != 200 || !bytes.Equal(body, want) || resp.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Fatalf("round %d identity: %d, %d bytes (want %d)", round, resp.StatusCode, len(body), len(want))
		}
		if writes != 1 || vectors != 1 {
			t.Errorf("round %d identity: response in %d writes (%d of several buffers), want 1 writev of headers and cached body", round, writes, vectors)
		}
		resp, body, writes, _ = get(http.MethodGet, "/feeds/world.rss", "gzip")
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
		resp, body, _, _ = get(http.MethodHead, "/feeds/world.rss", "identity")
		if resp.StatusCode != 200 || len(body) != 0 || resp.ContentLength != int64(len(want)) {
			t.Errorf("round %d HEAD: %d, %d body bytes, Content-Length %d", round, resp.StatusCode, len(body), resp.ContentLength)
		}
	}
}

// recordingConn keeps what is written to it, and which writes carried
// several buffers.
type recordingConn struct {
	net.Conn
	got     bytes.Buffer
	vectors [][][]byte
}

func (c *recordingConn) Write(p []byte) (int, error) { return c.got.Write(p) }

func (c *recordingConn) WriteBuffers(bufs *net.Buffers) (int64, error) {
	c.vectors = append(c.vectors, slices.Clone(*bufs)) // WriteTo consumes bufs
	return bufs.WriteTo(&c.got)
}

// TestCoalescingConnKeepsOrder drives the held connection as net/http
// does: buffered header bytes, then the body's tail straight from the
// cached slice (sent by reference, not copied), and anything after it in
// order.
func TestCoalescingConnKeepsOrder(t *testing.T) {
	body := []byte("0123456789abcdefghij")
	for _, tc := range []struct {
		name    string
		writes  [][]byte
		vectors int
	}{
		{"headers and tail", [][]byte{[]byte("HDR"), body[:4], body[4:]}, 1},
		{"copied body only", [][]byte{[]byte("HDR"), []byte("0123456789abcdefghij")}, 0},
		{"after the tail", [][]byte{[]byte("HDR"), body[8:], []byte("TRAILER")}, 0},
		{"body middle", [][]byte{[]byte("HDR"), body[2:6]}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc := &recordingConn{}
			c := &coalescingConn{Conn: rc}
			c.hold(body)
			var want []byte
			for _, w := range tc.writes {
				if n, err := c.Write(w); n != len(w) || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
				want = append(want, w...)
			}
			if rc.got.Len() != 0 {
				t.Fatalf("%d bytes sent while held", rc.got.Len())
			}
			if err := c.release(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(rc.got.Bytes(), want) {
				t.Errorf("sent %q, want %q", rc.got.Bytes(), want)
			}
			if len(rc.vectors) != tc.vectors {
				t.Fatalf("%d writes of several buffers, want %d", len(rc.vectors), tc.vectors)
			}
			if tc.vectors == 1 {
				last := rc.vectors[0][len(rc.vectors[0])-1]
				if &last[len(last)-1] != &body[len(body)-1] {
					t.Error("the body's tail was copied, not sent from the cached slice")
				}
			}
		})
	}
}
