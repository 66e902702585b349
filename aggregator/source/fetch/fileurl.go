package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// FetchFile reads the file:// URL req.URL as if it were fetched over
// HTTP: the body capped at fetch.max_body within the byte budget, and
// validators synthesised from the file's size and mtime so a conditional
// request for an unchanged file is NotModified. As in RFC 9110 §13.2.2,
// If-Modified-Since is only consulted without If-None-Match. The file
// must be a regular file under fetch.file_root (openDropFile).
func (f *Fetcher) FetchFile(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, &Error{URL: req.URL, Kind: KindHard, Err: err}
	}
	if u.Scheme != "file" {
		return nil, &Error{URL: req.URL, Kind: KindHard, Err: fmt.Errorf("not a file URL: scheme %q", u.Scheme)}
	}
	if u.Host != "" && u.Host != "localhost" {
		return nil, &Error{URL: req.URL, Kind: KindHard,
			Err: fmt.Errorf("file URL names remote host %q", u.Host)}
	}
	if err := ctx.Err(); err != nil {
		return nil, &Error{URL: req.URL, Kind: KindSoft, Err: err}
	}
	path := filepath.FromSlash(u.Path)
	if u.Opaque != "" { // file:relative/path
		path = filepath.FromSlash(u.Opaque)
	}
	fh, fi, err := f.openDropFile(path)
	if err != nil {
		return nil, &Error{URL: req.URL, Kind: KindHard, Err: err}
	}
	defer fh.Close()
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
		return nil, &Error{URL: req.URL, Kind: KindHard, Err: f.tooLarge()}
	}
	body, release, err := f.readLimited(ctx, fh, fi.Size())
	if err != nil {
		kind := KindSoft
		if errors.Is(err, ErrTooLarge) {
			kind = KindHard
		}
		return nil, &Error{URL: req.URL, Kind: kind, Err: fmt.Errorf("read %s: %w", path, err)}
	}
	out.Body, out.release = body, release
	return out, nil
}

// ErrOutsideFileRoot is wrapped when a file:// source is not a regular
// file reached from fetch.file_root without a symbolic link.
var ErrOutsideFileRoot = errors.New("not a drop-folder file")

// openDropFile opens path for a file:// source: it must lie under
// fetch.file_root, no part of it below the root may be a symbolic link, and
// it must be a regular file. It is opened without following a final link
// and without blocking, so a named pipe cannot hang a poll.
func (f *Fetcher) openDropFile(path string) (*os.File, os.FileInfo, error) {
	if f.fc.FileRoot == "" {
		return nil, nil, fmt.Errorf("%w: file:// sources are off; set fetch.file_root to the directory agency drop folders live under", ErrOutsideFileRoot)
	}
	root := filepath.Clean(f.fc.FileRoot)
	path = filepath.Clean(path)
	rel, err := filepath.Rel(root, path)
	if !filepath.IsAbs(path) || err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, nil, fmt.Errorf("%w: %s is not under fetch.file_root %s", ErrOutsideFileRoot, path, root)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, nil, fmt.Errorf("fetch.file_root: %w", err)
	}
	defer r.Close()
	parts := strings.Split(rel, string(filepath.Separator))
	for i := range parts {
		p := filepath.Join(parts[:i+1]...)
		fi, err := r.Lstat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("open %s: %w", path, err)
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			return nil, nil, fmt.Errorf("%w: %s is a symbolic link, and drop folders are read without following links", ErrOutsideFileRoot, filepath.Join(root, p))
		}
	}
	fh, err := r.OpenFile(rel, os.O_RDONLY|dropOpenFlags, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	fi, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		fh.Close()
		return nil, nil, fmt.Errorf("%w: %s is %s, not a regular file", ErrOutsideFileRoot, path, fileKind(fi.Mode()))
	}
	return fh, fi, nil
}

// fileKind names a file's type for an error.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
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
