package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
)

// HasMarkup reports whether s holds something an HTML renderer would read
// as a tag: "<" followed by a letter, "/", "!" or "?". Names and titles
// from the configuration and from OPML reach feeds and pages as text that
// readers may render as HTML, so Validate and ParseOPML refuse them;
// "5 < 6" is fine.
func HasMarkup(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		n := s[i+1]
		if n == '/' || n == '!' || n == '?' || (n|0x20 >= 'a' && n|0x20 <= 'z') {
			return true
		}
	}
	return false
}

// plain refuses markup in a name or title.
func (v *validator) plain(a at, s string) {
	if HasMarkup(s) {
		v.bad(a, "%q looks like HTML markup; names and titles are plain text (feed readers may render them as HTML)", s)
	}
}

// numericHost reports whether host is a number-only name that is not a
// dotted-quad IPv4 address: "2130706433", "0x7f.1", "127.1", "0177.0.0.1".
// inet_aton, browsers (WHATWG URL host parsing) and curl read these as
// IPv4 addresses, Go's resolver as DNS names: the guard against private
// addresses would judge one thing and the operator mean another.
func numericHost(host string) bool {
	if host == "" || strings.Contains(host, ":") {
		return false
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return false
	}
	parts := strings.Split(strings.TrimSuffix(host, "."), ".")
	if len(parts) > 4 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		q := strings.ToLower(p)
		switch {
		case strings.HasPrefix(q, "0x"):
			if len(q) == 2 || strings.Trim(q[2:], "0123456789abcdef") != "" {
				return false
			}
		case strings.Trim(q, "0123456789") != "":
			return false
		}
	}
	// The last label of a WHATWG host that is a number makes it an address.
	return true
}

// checkFileURL explains what is wrong with a file:// source URL given
// fetch.file_root, or returns "". The fetcher checks again at every read,
// without following symbolic links; this catches a path that can never be
// right.
func checkFileURL(raw, root string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Sprintf("%q is not a URL", raw)
	}
	if root == "" {
		return fmt.Sprintf("%q: file:// sources need fetch.file_root, the directory agency drop folders live under", raw)
	}
	path := filepath.FromSlash(u.Path)
	if u.Opaque != "" || !filepath.IsAbs(path) {
		return fmt.Sprintf("%q: a file:// source needs an absolute path (file:///…)", raw)
	}
	rel, err := filepath.Rel(filepath.Clean(root), filepath.Clean(path))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Sprintf("%q is not under fetch.file_root %s", raw, root)
	}
	return ""
}
