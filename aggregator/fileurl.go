package aggregator

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// fetchFile serves a file:// source as if it were HTTP: the body capped at
// maxBody, and validators synthesised from the file's size and mtime so a
// conditional request for an unchanged file is NotModified. As in RFC 9110
// §13.2.2, If-Modified-Since is only consulted without If-None-Match.
func (f *Fetcher) fetchFile(ctx context.Context, req Request, u *url.URL) (*Response, error) {
	if u.Host != "" && u.Host != "localhost" {
		return nil, &FetchError{URL: req.URL, Kind: KindHard,
			Err: fmt.Errorf("file URL names remote host %q", u.Host)}
	}
	if err := ctx.Err(); err != nil {
		return nil, &FetchError{URL: req.URL, Kind: KindSoft, Err: err}
	}
	path := filepath.FromSlash(u.Path)
	if u.Opaque != "" { // file:relative/path
		path = filepath.FromSlash(u.Opaque)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, &FetchError{URL: req.URL, Kind: KindHard, Err: err}
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return nil, &FetchError{URL: req.URL, Kind: KindHard, Err: err}
	}
	if fi.IsDir() {
		return nil, &FetchError{URL: req.URL, Kind: KindHard, Err: fmt.Errorf("%s is a directory", path)}
	}
	mtime := fi.ModTime().UTC()
	out := &Response{
		Status:       http.StatusOK,
		ContentType:  fileContentType(path),
		ETag:         fmt.Sprintf(`"%x-%x"`, fi.Size(), mtime.UnixNano()),
		LastModified: mtime.Format(http.TimeFormat),
		FinalURL:     req.URL,
	}
	if notModified(req, out.ETag, mtime.Unix()) {
		out.Status, out.NotModified = http.StatusNotModified, true
		return out, nil
	}
	if fi.Size() > f.maxBody {
		return nil, &FetchError{URL: req.URL, Kind: KindHard, Err: f.tooLarge()}
	}
	var buf bytes.Buffer
	buf.Grow(int(fi.Size()))
	n, err := buf.ReadFrom(io.LimitReader(fh, f.maxBody+1))
	if err != nil {
		return nil, &FetchError{URL: req.URL, Kind: KindSoft, Err: fmt.Errorf("read %s: %w", path, err)}
	}
	if n > f.maxBody {
		return nil, &FetchError{URL: req.URL, Kind: KindHard, Err: f.tooLarge()}
	}
	out.Body = buf.Bytes()
	return out, nil
}

// notModified evaluates the request's validators against a file's.
func notModified(req Request, etag string, mtime int64) bool {
	if req.ETag != "" {
		for _, tag := range strings.Split(req.ETag, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == etag || tag == "*" {
				return true
			}
		}
		return false
	}
	if req.LastModified == "" {
		return false
	}
	since, err := http.ParseTime(req.LastModified)
	return err == nil && mtime <= since.Unix()
}

// fileContentType guesses a media type from the extension; "" lets the
// parser sniff.
func fileContentType(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".rss":
		return "application/rss+xml"
	case ".atom":
		return "application/atom+xml"
	case ".xml":
		return "application/xml"
	case ".json":
		return "application/feed+json"
	}
	return ""
}
