package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// runPlainHTTP is "bench plainhttp": the floor of a Go server, a bare
// net/http handler writing the feed's bytes from memory with the
// validators nginx sends, and nothing else (no routing, metrics or
// logging). It runs in its own process, as wiredesk and nginx do, so the
// serve figures can say how much of a gap to nginx is net/http's own and
// how much is wiredesk's.
func runPlainHTTP(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("plainhttp", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	dir := fs.String("dir", "", "directory holding all.rss and all.rss.gz")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("plainhttp flags: %w", err)
	}
	body, err := os.ReadFile(*dir + "/all.rss")
	if err != nil {
		return fmt.Errorf("plainhttp: %w", err)
	}
	gz, err := os.ReadFile(*dir + "/all.rss.gz")
	if err != nil {
		return fmt.Errorf("plainhttp: %w", err)
	}
	h := newPlainFeed(body, gz, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("plainhttp: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 120 * time.Second}
	fmt.Fprintf(stdout, "plainhttp serving on %s\n", ln.Addr())
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			fmt.Fprintln(os.Stderr, "plainhttp: shutdown:", err)
		}
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("plainhttp: %w", err)
	}
	return nil
}

// plainFeed serves one representation and its gzip variant with ETag,
// Last-Modified and Vary, answering If-None-Match with a 304.
type plainFeed struct {
	body, gz          []byte
	etag, etagGz      string
	lastMod, n, nGz   string
	contentType, vary string
}

func newPlainFeed(body, gz []byte, mod time.Time) *plainFeed {
	tag := func(b []byte) string {
		s := sha256.Sum256(b)
		return `"` + hex.EncodeToString(s[:8]) + `"`
	}
	return &plainFeed{
		body: body, gz: gz, etag: tag(body), etagGz: tag(gz),
		lastMod: mod.Format(http.TimeFormat), n: strconv.Itoa(len(body)), nGz: strconv.Itoa(len(gz)),
		contentType: "application/rss+xml", vary: "Accept-Encoding",
	}
}

func (f *plainFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	useGz := strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
	body, tag, n := f.body, f.etag, f.n
	if useGz {
		body, tag, n = f.gz, f.etagGz, f.nGz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Vary", f.vary)
	h.Set("Etag", tag)
	h.Set("Last-Modified", f.lastMod)
	if r.Header.Get("If-None-Match") == tag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", f.contentType)
	h.Set("Content-Length", n)
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(body); err != nil {
		return // the client left; nothing to tell it
	}
}
