package publisher

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// Listener wraps l so that the Handler can send a response (status line,
// headers and body) in one system call when the server's ConnContext is
// ConnContext. net/http buffers the headers in 4 KB and writes a larger
// body past them, so a 20 KB gzipped feed leaves in two writes, each of
// which wakes the reader on the other side; one write costs about a
// quarter less per request (docs/BENCHMARKS.md, serve/200 gzip). The body
// is not copied: the headers and the body's cached bytes go out together
// in one writev. Nothing changes on the wire but the segmenting.
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

// coalescingConn collects the writes made while held and sends them in
// one system call. Only the connection's serving goroutine writes, so its
// fields need no lock.
type coalescingConn struct {
	net.Conn
	held bool
	buf  *[]byte // copies of what net/http wrote from its own buffers
	body []byte  // the cached body being sent, never modified
	tail []byte  // the part of body net/http passed through unbuffered
	vec  [2][]byte
	bufs net.Buffers // over vec, kept here so that a writev allocates nothing
}

var coalescePool = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// maxPooled bounds the buffers kept for reuse: held writes are the
// headers and at most net/http's 4 KB buffer of body.
const maxPooled = 64 << 10

func (c *coalescingConn) Write(p []byte) (int, error) {
	switch {
	case !c.held:
		return c.Conn.Write(p) // unwrapped: a connection's errors are net/http's to read
	case c.tail == nil && isTail(p, c.body):
		// net/http writes a large body straight from the caller's slice
		// once its buffer is flushed: keep a reference, not a copy.
		c.tail = p
	default:
		if c.tail != nil { // keep the order of whatever follows
			*c.buf = append(*c.buf, c.tail...)
			c.tail = nil
		}
		*c.buf = append(*c.buf, p...)
	}
	return len(p), nil
}

// isTail reports whether p is the end of body, the same bytes in memory.
func isTail(p, body []byte) bool {
	return len(p) > 0 && len(p) <= len(body) && &p[len(p)-1] == &body[len(body)-1]
}

func (c *coalescingConn) hold(body []byte) {
	c.held = true
	c.body = body
	c.buf = coalescePool.Get().(*[]byte)
}

// release sends what was held in one system call.
func (c *coalescingConn) release() error {
	b, tail := c.buf, c.tail
	c.held, c.buf, c.body, c.tail = false, nil, nil, nil
	var err error
	switch {
	case tail != nil:
		c.vec = [2][]byte{*b, tail}
		c.bufs = c.vec[:]
		err = writeVector(c.Conn, &c.bufs)
		c.vec = [2][]byte{}
	case len(*b) > 0:
		_, err = c.Conn.Write(*b)
	}
	if cap(*b) <= maxPooled {
		*b = (*b)[:0]
		coalescePool.Put(b)
	}
	return err
}

// vectorWriter is a wrapping connection (instrumentation, tests) that can
// send several buffers in one write of its own.
type vectorWriter interface {
	WriteBuffers(bufs *net.Buffers) (int64, error)
}

// writeVector writes bufs with one writev on a TCP connection.
func writeVector(c net.Conn, bufs *net.Buffers) error {
	var err error
	if vw, ok := c.(vectorWriter); ok {
		_, err = vw.WriteBuffers(bufs)
	} else {
		_, err = bufs.WriteTo(c)
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
// system call with its headers.
func writeCoalesced(c *coalescingConn, w http.ResponseWriter, body []byte) error {
	c.hold(body)
	_, err := w.Write(body)
	if err == nil {
		err = http.NewResponseController(w).Flush()
	}
	if rerr := c.release(); err == nil {
		err = rerr
	}
	return err
}
