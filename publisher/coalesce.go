package publisher

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// maxCoalesced is the largest body sent in one write with its headers;
// above it the copy costs more than the write it saves.
const maxCoalesced = 256 << 10

// Listener wraps l so that the Handler can send a response (status line,
// headers and body) in one write when the server's ConnContext is
// ConnContext. net/http buffers the headers in 4 KB and writes a larger
// body past them, so a 20 KB gzipped feed leaves in two writes, each of
// which wakes the reader on the other side; one write costs about a
// quarter less per request (docs/BENCHMARKS.md, serve/200 gzip). Nothing
// changes on the wire but the segmenting.
func Listener(l net.Listener) net.Listener { return coalescingListener{l} }

// ConnContext is the http.Server ConnContext that lets the Handler
// coalesce the writes of a connection accepted by Listener.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*coalescingConn); ok {
		return context.WithValue(ctx, connKey{}, cc)
	}
	return ctx
}

type connKey struct{}

type coalescingListener struct{ net.Listener }

func (l coalescingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err // unwrapped: http.Server reads the listener's own errors
	}
	return &coalescingConn{Conn: c}, nil
}

// coalescingConn collects the writes made while held and sends them as
// one. Only the connection's serving goroutine writes, so held and buf
// need no lock.
type coalescingConn struct {
	net.Conn
	held bool
	buf  *[]byte
}

var coalescePool = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

func (c *coalescingConn) Write(p []byte) (int, error) {
	if !c.held {
		return c.Conn.Write(p) // unwrapped: a connection's errors are net/http's to read
	}
	*c.buf = append(*c.buf, p...)
	return len(p), nil
}

func (c *coalescingConn) hold() {
	c.held = true
	c.buf = coalescePool.Get().(*[]byte)
}

// release sends what was held in one write.
func (c *coalescingConn) release() error {
	c.held = false
	b := c.buf
	c.buf = nil
	var err error
	if len(*b) > 0 {
		_, err = c.Conn.Write(*b)
	}
	if cap(*b) <= 2*maxCoalesced {
		*b = (*b)[:0]
		coalescePool.Put(b)
	}
	return err
}

// CloseWrite half-closes the connection as net/http does before closing
// it, when the wrapped connection can.
func (c *coalescingConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// writeCoalesced writes body and flushes the response through c in one
// write of headers and body.
func writeCoalesced(c *coalescingConn, w http.ResponseWriter, body []byte) error {
	c.hold()
	_, err := w.Write(body)
	if err == nil {
		err = http.NewResponseController(w).Flush()
	}
	if rerr := c.release(); err == nil {
		err = rerr
	}
	return err
}
