package upstreamtest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Epoch returns the fixed Last-Modified of OK scenarios and the newest
// story date of generated feeds, so fixtures never depend on the clock.
func Epoch() time.Time { return time.Date(2024, time.January, 2, 3, 4, 5, 0, time.UTC) }

// OK serves body with a strong ETag (a hash of body) and Last-Modified =
// Epoch, and answers conditional requests with 304 (RFC 9110 §13.1).
func OK(body []byte, contentType string) Scenario {
	sum := sha256.Sum256(body)
	etag := fmt.Sprintf(`"%x"`, sum[:8])
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		} else {
			w.Header()["Content-Type"] = nil // no sniffing: send none at all
		}
		http.ServeContent(w, r, "", Epoch(), bytes.NewReader(body))
	}
}

// Status answers code with a short plain-text body.
func Status(code int) Scenario {
	return func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, http.StatusText(code), code)
	}
}

// RetryAfterSeconds answers 429 Too Many Requests with Retry-After: n.
func RetryAfterSeconds(n int) Scenario {
	return WithHeader(Status(http.StatusTooManyRequests), "Retry-After", strconv.Itoa(n))
}

// RetryAfterDate answers 503 Service Unavailable with Retry-After as an
// HTTP-date (RFC 9110 §10.2.3).
func RetryAfterDate(t time.Time) Scenario {
	return WithHeader(Status(http.StatusServiceUnavailable), "Retry-After", t.UTC().Format(http.TimeFormat))
}

// RedirectTo answers code (301, 302, 307, 308) with Location: url.
func RedirectTo(url string, code int) Scenario {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, url, code)
	}
}

// RedirectLoop redirects (302) to itself forever, with a growing ?hop=.
func RedirectLoop() Scenario {
	return func(w http.ResponseWriter, r *http.Request) {
		hop, err := strconv.Atoi(r.URL.Query().Get("hop"))
		if err != nil {
			hop = 0 // the first request has no hop
		}
		http.Redirect(w, r, fmt.Sprintf("%s?hop=%d", r.URL.Path, hop+1), http.StatusFound)
	}
}

// WithHeader adds a response header field before playing sc, e.g.
// WithHeader(OK(feed, ct), "Cache-Control", "max-age=600").
func WithHeader(sc Scenario, key, value string) Scenario {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add(key, value)
		sc(w, r)
	}
}

// Gate holds each request until release is closed, then plays sc; with
// Server.Arrivals it lets a test hold requests in flight without sleeping.
func Gate(release <-chan struct{}, sc Scenario) Scenario {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
			sc(w, r)
		case <-r.Context().Done():
			abort()
		}
	}
}

// Sequence plays scs[i] for the i-th request and the last one thereafter,
// e.g. Sequence(Status(503), Status(503), OK(feed, ct)) to recover.
func Sequence(scs ...Scenario) Scenario {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sc := scs[min(n, len(scs)-1)]
		n++
		mu.Unlock()
		sc(w, r)
	}
}

// HeaderTimeout never sends headers: it waits until the client gives up or
// the server closes.
func HeaderTimeout() Scenario {
	return func(_ http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		abort()
	}
}

// abort drops the connection without completing the response, so a client
// still waiting sees a cut connection rather than a short clean reply.
// http.ErrAbortHandler keeps the server from logging a stack trace.
func abort() { panic(http.ErrAbortHandler) }

// SlowDrip sends a 20-story RSS feed at about bytesPerSec, in ten chunks
// a second, so only a client deadline ends it early.
func SlowDrip(bytesPerSec int) Scenario {
	body := Feed(20, "rss")
	chunk := max(bytesPerSec/10, 1)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		rc := http.NewResponseController(w)
		for off := 0; off < len(body); off += chunk {
			if _, err := w.Write(body[off:min(off+chunk, len(body))]); err != nil {
				return
			}
			if rc.Flush() != nil {
				return
			}
			select {
			case <-tick.C:
			case <-r.Context().Done():
				abort()
			}
		}
	}
}

// EndlessBody streams RSS items forever (chunked, no Content-Length).
func EndlessBody() Scenario {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		head := `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Endless</title>`
		if _, err := w.Write([]byte(head)); err != nil {
			return
		}
		var b bytes.Buffer
		for i := 0; ; i++ {
			if r.Context().Err() != nil {
				abort()
			}
			b.Reset()
			for j := range 64 {
				fmt.Fprintf(&b, "<item><guid>urn:upstreamtest:endless:%d</guid><title>Story %d</title></item>", i*64+j, i*64+j)
			}
			if _, err := w.Write(b.Bytes()); err != nil {
				return
			}
		}
	}
}

// GzipBomb answers with Content-Encoding: gzip whose body inflates to
// expanded bytes (an RSS prologue, then NUL bytes) from about expanded/1000 on
// the wire. The body is a run of identical gzip members (RFC 1952 §2.2
// allows concatenation), each compressed once up front, so the server
// spends nothing per request and stops as soon as the client hangs up.
func GzipBomb(expanded int64) Scenario {
	const block = 1 << 20
	head := []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bomb</title>`)
	head = head[:min(int64(len(head)), expanded)]
	rest := expanded - int64(len(head))
	headZ, blockZ := gzipped(head), gzipped(make([]byte, block))
	tailZ := gzipped(make([]byte, rest%block))
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		if _, err := w.Write(headZ); err != nil {
			return
		}
		for i := int64(0); i < rest/block; i++ {
			if r.Context().Err() != nil {
				abort()
			}
			if _, err := w.Write(blockZ); err != nil {
				return // the client hung up mid-bomb: the expected outcome
			}
		}
		if _, err := w.Write(tailZ); err != nil {
			return
		}
	}
}

// gzipped returns b as one gzip member.
func gzipped(b []byte) []byte {
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		panic(err) // the level is valid
	}
	if _, err := zw.Write(b); err != nil {
		panic(err) // writes to a bytes.Buffer cannot fail
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return z.Bytes()
}

// Gzipped serves body gzip-compressed with Content-Encoding: gzip, whether
// or not the client asked for it (as some CDNs do).
func Gzipped(body []byte, contentType string) Scenario {
	return WithHeader(OK(gzipped(body), contentType), "Content-Encoding", "gzip")
}

// Truncated promises a full RSS feed in Content-Length, sends half of it and
// drops the connection, as a crashing upstream or proxy would.
func Truncated() Scenario {
	body := Feed(10, "rss")
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		rc := http.NewResponseController(w)
		if _, err := w.Write(body[:len(body)/2]); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
		// Dropping the connection is the point; a failure to hijack leaves
		// the server to close it for the short write instead.
		if conn, _, err := rc.Hijack(); err == nil {
			if conn.Close() != nil {
				return
			}
		}
	}
}
