package publisher

import (
	"net/http"
	"time"
)

// commonHeaders are header values shared by every response, prepared once.
type commonHeaders struct {
	vary, nosniff, star, gzip, csp, allow, noStore, retry []string
}

// cspPolicy allows images from anywhere (story images are hot-linked), the
// site's own stylesheet and script (static/time.js, which adds relative
// times when a page is read), forms sent to the site itself (the search
// box), and nothing else: no inline script.
const cspPolicy = "default-src 'none'; img-src https: http: data:; style-src 'self'; script-src 'self'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func newCommonHeaders() commonHeaders {
	return commonHeaders{
		vary:    one("Accept-Encoding"),
		nosniff: one("nosniff"),
		star:    one("*"),
		gzip:    one("gzip"),
		csp:     one(cspPolicy),
		allow:   one("GET, HEAD"),
		noStore: one("no-store"),
		retry:   one("5"),
	}
}

// serveEntry writes a pre-rendered response, answering conditional
// requests per RFC 9110 §13: If-None-Match first, If-Modified-Since only
// when it is absent, and both only for a 200 representation.
func (p *Publisher) serveEntry(w http.ResponseWriter, r *http.Request, e *entry, cache string) {
	h := w.Header()
	h["Vary"] = p.hv.vary
	if e.varyAuth {
		h["Vary"] = hPrivateVary
	}
	h["X-Content-Type-Options"] = p.hv.nosniff
	h["Cache-Control"] = e.hCache
	if e.cors {
		h["Access-Control-Allow-Origin"] = p.hv.star
	}
	if e.html {
		h["Content-Security-Policy"] = p.hv.csp
	}
	useGz := e.gz != nil && acceptsGzip(headerValue(r.Header, "Accept-Encoding"))
	if e.status == http.StatusOK {
		if tagHdr, ok := r.Header["If-None-Match"]; ok {
			if tag := e.matchNoneMatch(tagHdr, useGz); tag != nil {
				p.notModified(w, e, tag)
				return
			}
		} else if ims := headerValue(r.Header, "If-Modified-Since"); ims != "" && notModifiedSince(e, ims, p.now()) {
			tag := e.hETag
			if useGz {
				tag = e.hETagGz
			}
			p.notModified(w, e, tag)
			return
		}
		h["Last-Modified"] = e.hLastMod
		if useGz {
			h["Etag"] = e.hETagGz
		} else {
			h["Etag"] = e.hETag
		}
	}
	if e.hLocation != nil {
		h["Location"] = e.hLocation
	}
	if e.hLink != nil {
		h["Link"] = e.hLink
	}
	h["Content-Type"] = e.hType
	body := e.body
	if useGz {
		h["Content-Encoding"] = p.hv.gzip
		h["Content-Length"] = e.hLenGz
		body = e.gz
	} else {
		h["Content-Length"] = e.hLen
	}
	w.WriteHeader(e.status)
	if cache == "hit" && e.cHit != nil {
		e.cHit.Inc()
	} else {
		p.met.request(e.route, e.status, cache).Inc()
	}
	if r.Method != http.MethodHead {
		p.write(w, r, body)
	}
}

// notModified answers 304 with the headers RFC 9110 §15.4.5 requires of it.
func (p *Publisher) notModified(w http.ResponseWriter, e *entry, tag []string) {
	w.Header()["Etag"] = tag
	w.WriteHeader(http.StatusNotModified)
	if e.cNotMod != nil {
		e.cNotMod.Inc()
	}
}

// headerValue is Header.Get for a key already in canonical form.
func headerValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// matchNoneMatch evaluates If-None-Match with the weak comparison of
// RFC 9110 §13.1.2. Either variant's tag matches: a client holding the
// identity bytes holds the same content as the gzip variant. It returns the
// header value of the tag to echo in the 304, or nil.
func (e *entry) matchNoneMatch(vals []string, gz bool) []string {
	own, other := e.hETag, e.hETagGz
	if gz {
		own, other = other, own
	}
	var matchedOther bool
	for _, v := range vals {
		for len(v) > 0 {
			var tag string
			tag, v = nextETag(v)
			switch {
			case tag == "*" || tag == own[0]:
				return own
			case tag == other[0]:
				matchedOther = true
			}
		}
	}
	if matchedOther {
		return other
	}
	return nil
}

// nextETag splits the first entity-tag off a comma-separated list,
// dropping a weak prefix; quoted commas stay inside their tag.
func nextETag(s string) (tag, rest string) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
		i++
	}
	s = s[i:]
	if len(s) >= 2 && s[0] == 'W' && s[1] == '/' {
		s = s[2:]
	}
	if s == "" {
		return "", ""
	}
	if s[0] == '"' {
		for j := 1; j < len(s); j++ {
			if s[j] == '"' {
				return s[:j+1], s[j+1:]
			}
		}
		return s, ""
	}
	j := 0
	for j < len(s) && s[j] != ',' && s[j] != ' ' && s[j] != '\t' {
		j++
	}
	return s[:j], s[j:]
}

// notModifiedSince reports whether the entry is unchanged since the
// If-Modified-Since date (RFC 9110 §13.1.3). The common case, a client
// echoing our own Last-Modified, needs no parsing. A date that is not a
// valid HTTP-date is ignored, and so is one later than now: it is not a
// date this server ever sent (RFC 7232 §3.3 calls it invalid), and a
// client with a clock ahead must not be told that a feed changed since
// has not.
func notModifiedSince(e *entry, ims string, now time.Time) bool {
	if ims == e.hLastMod[0] {
		return true
	}
	t, err := http.ParseTime(ims)
	if err != nil || t.After(now) {
		return false
	}
	return !e.lastMod.After(t.Truncate(time.Second))
}

// acceptsGzip reports whether an Accept-Encoding value (RFC 9110 §12.5.3)
// admits gzip: listed (or x-gzip) with q > 0, or covered by "*" with q > 0
// when gzip is not listed.
func acceptsGzip(ae string) bool {
	if ae == "" {
		return false
	}
	star := -1
	for len(ae) > 0 {
		var item string
		item, ae = cutByte(ae, ',')
		coding, params := cutByte(item, ';')
		coding = trimOWS(coding)
		ok := qNonZero(params)
		switch {
		case equalFold(coding, "gzip") || equalFold(coding, "x-gzip"):
			return ok
		case coding == "*":
			star = 0
			if ok {
				star = 1
			}
		}
	}
	return star == 1
}

// qNonZero reports whether a parameter list has no q=0 weight.
func qNonZero(params string) bool {
	for len(params) > 0 {
		var p string
		p, params = cutByte(params, ';')
		p = trimOWS(p)
		if len(p) < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=' {
			continue
		}
		v := trimOWS(p[2:])
		for i := 0; i < len(v); i++ {
			if v[i] >= '1' && v[i] <= '9' {
				return true
			}
		}
		return false
	}
	return true
}

func cutByte(s string, b byte) (before, after string) {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

func trimOWS(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

func equalFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// write sends a body. A failed write means the client went away, which is
// worth a debug line and nothing more.
func (p *Publisher) write(w http.ResponseWriter, r *http.Request, body []byte) {
	if c, ok := r.Context().Value(connKey{}).(*coalescingConn); ok {
		if err := writeCoalesced(c, w, body); err != nil {
			p.log.DebugContext(r.Context(), "write failed", "url", logPath(r.URL.Path), "err", err)
		}
		return
	}
	if _, err := w.Write(body); err != nil {
		p.log.DebugContext(r.Context(), "write failed", "url", logPath(r.URL.Path), "err", err)
	}
}
