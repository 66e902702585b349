package publisher

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRequestHeaders feeds arbitrary Accept-Encoding, If-None-Match and
// If-Modified-Since values (the bytes a client controls) to the cached
// feed path: it must answer 200 or 304, never panic, and keep gzip, body
// and validators consistent.
func FuzzRequestHeaders(f *testing.F) {
	seeds := [][3]string{
		{"gzip", `"abc"`, ""},
		{"gzip;q=0, *;q=1", `W/"x", "y"`, "Sat, 14 Mar 2026 11:53:00 GMT"},
		{"*;q=0.000", "*", "garbage"},
		{",,;;q=", `"unterminated`, "Mon, 02 Jan 2006 15:04:05 GMT"},
		{"x-gzip; q=0.5", `,,, W/`, ""},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2])
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, ae, inm, ims string) {
		req := httptest.NewRequest(http.MethodGet, "/feeds/world.rss", nil)
		req.Header["Accept-Encoding"] = []string{ae}
		if inm != "" {
			req.Header["If-None-Match"] = []string{inm}
		}
		req.Header["If-Modified-Since"] = []string{ims}
		rec := httptest.NewRecorder()
		fx.h.ServeHTTP(rec, req)
		etag := rec.Header().Get("ETag")
		gz := strings.HasSuffix(etag, `-gz"`)
		switch rec.Code {
		case http.StatusOK:
			if (rec.Header().Get("Content-Encoding") == "gzip") != gz {
				t.Fatalf("Content-Encoding %q with ETag %s", rec.Header().Get("Content-Encoding"), etag)
			}
			if gz && !strings.Contains(strings.ToLower(ae), "gzip") && !strings.Contains(ae, "*") {
				t.Fatalf("gzip served for Accept-Encoding %q", ae)
			}
			if rec.Body.Len() == 0 {
				t.Fatal("empty 200")
			}
		case http.StatusNotModified:
			if rec.Body.Len() != 0 {
				t.Fatal("304 with a body")
			}
		default:
			t.Fatalf("status %d", rec.Code)
		}
		if etag == "" || etag[0] != '"' {
			t.Fatalf("ETag %q", etag)
		}
	})
}
