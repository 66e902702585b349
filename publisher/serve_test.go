package publisher

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFeedHeaders(t *testing.T) {
	f := newFixture(t)
	types := map[string]string{
		".rss": "application/rss+xml; charset=utf-8", ".atom": "application/atom+xml; charset=utf-8",
		".json": "application/feed+json; charset=utf-8", ".ninjs": "application/json; charset=utf-8",
	}
	for _, slug := range []string{"all", "world", "energy", "lebanon", "middle-east"} {
		for ext, ct := range types {
			t.Run(slug+ext, func(t *testing.T) {
				resp, body := f.get("/feeds/" + slug + ext)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status %d", resp.StatusCode)
				}
				want := map[string]string{
					"Content-Type":                ct,
					"Cache-Control":               "public, max-age=60",
					"X-Content-Type-Options":      "nosniff",
					"Vary":                        "Accept-Encoding",
					"Access-Control-Allow-Origin": "*",
					"Content-Length":              strconv.Itoa(len(body)),
				}
				for k, v := range want {
					if got := resp.Header.Get(k); got != v {
						t.Errorf("%s = %q, want %q", k, got, v)
					}
				}
				etag := resp.Header.Get("ETag")
				if len(etag) < 3 || etag[0] != '"' || etag[len(etag)-1] != '"' || strings.HasPrefix(etag, "W/") {
					t.Errorf("ETag %q is not a strong quoted tag", etag)
				}
				lm, err := http.ParseTime(resp.Header.Get("Last-Modified"))
				if err != nil {
					t.Fatalf("Last-Modified: %v", err)
				}
				if lm.After(t0) {
					t.Errorf("Last-Modified %v after the newest story", lm)
				}
				if resp.Header.Get("Content-Encoding") != "" {
					t.Errorf("identity response has Content-Encoding")
				}
				if len(body) == 0 {
					t.Error("empty body")
				}
			})
		}
	}
}

func TestLastModifiedIsNewestStory(t *testing.T) {
	f := newFixture(t)
	resp, _ := f.get("/feeds/world.rss")
	newest := testStory(0).UpdatedAt // s0000 is filed under world and is the newest
	if got := resp.Header.Get("Last-Modified"); got != newest.Format(http.TimeFormat) {
		t.Errorf("Last-Modified %q, want %q", got, newest.Format(http.TimeFormat))
	}
}

func TestConditionalRequests(t *testing.T) {
	f := newFixture(t)
	first := f.do(http.MethodGet, "/feeds/world.atom")
	etag := first.Header.Get("ETag")
	gzTag := strings.TrimSuffix(etag, `"`) + `-gz"`
	lm := first.Header.Get("Last-Modified")
	lmTime, err := http.ParseTime(lm)
	if err != nil {
		t.Fatal(err)
	}
	before := lmTime.Add(-time.Hour).Format(http.TimeFormat)
	if f.now.Sub(lmTime) < 2*time.Second {
		t.Fatalf("the fixture's clock %v is not past Last-Modified %v", f.now, lmTime)
	}
	after := lmTime.Add(f.now.Sub(lmTime) / 2).Format(http.TimeFormat) // later than Last-Modified, not than now
	future := f.now.Add(time.Hour).Format(http.TimeFormat)             // a client clock ahead: not a date we sent
	tests := []struct {
		name     string
		hdr      []string
		want     int
		wantETag string
	}{
		{"no validators", nil, 200, etag},
		{"exact etag", []string{"If-None-Match", etag}, 304, etag},
		{"weak form matches weakly", []string{"If-None-Match", "W/" + etag}, 304, etag},
		{"list containing it", []string{"If-None-Match", `"nope", ` + etag + `, "other"`}, 304, etag},
		{"list over two fields", []string{"If-None-Match", `"nope"`, "If-None-Match", etag}, 304, etag},
		{"star", []string{"If-None-Match", "*"}, 304, etag},
		{"other tag", []string{"If-None-Match", `"0123"`}, 200, etag},
		{"gzip variant tag, identity wanted", []string{"If-None-Match", gzTag}, 304, gzTag},
		{"identity tag, gzip wanted", []string{"If-None-Match", etag, "Accept-Encoding", "gzip"}, 304, etag},
		{"gzip tag, gzip wanted", []string{"If-None-Match", gzTag, "Accept-Encoding", "gzip"}, 304, gzTag},
		{"etag mismatch beats if-modified-since", []string{"If-None-Match", `"x"`, "If-Modified-Since", after}, 200, etag},
		{"etag match ignores stale if-modified-since", []string{"If-None-Match", etag, "If-Modified-Since", before}, 304, etag},
		{"ims echo", []string{"If-Modified-Since", lm}, 304, etag},
		{"ims later", []string{"If-Modified-Since", after}, 304, etag},
		{"ims earlier", []string{"If-Modified-Since", before}, 200, etag},
		{"ims garbage", []string{"If-Modified-Since", "yesterday"}, 200, etag},
		{"ims in the future is ignored", []string{"If-Modified-Since", future}, 200, etag},
		{"ims gzip", []string{"If-Modified-Since", lm, "Accept-Encoding", "gzip"}, 304, gzTag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.get("/feeds/world.atom", tt.hdr...)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
			if got := resp.Header.Get("ETag"); got != tt.wantETag {
				t.Errorf("ETag %q, want %q", got, tt.wantETag)
			}
			if resp.Header.Get("Vary") != "Accept-Encoding" || resp.Header.Get("Cache-Control") == "" {
				t.Errorf("missing Vary or Cache-Control: %v", resp.Header)
			}
			if tt.want == 304 && body != "" {
				t.Errorf("304 with a body of %d bytes", len(body))
			}
		})
	}
}

func TestHead(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{"/feeds/all.json", "/", "/c/world", "/opml", "/a/s0001"} {
		t.Run(target, func(t *testing.T) {
			_, full := f.get(target)
			resp := f.do(http.MethodHead, target)
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 || len(body) != 0 {
				t.Fatalf("HEAD: status %d, %d body bytes", resp.StatusCode, len(body))
			}
			if got := resp.Header.Get("Content-Length"); got != strconv.Itoa(len(full)) {
				t.Errorf("Content-Length %q, want %d", got, len(full))
			}
			if resp.Header.Get("ETag") == "" || resp.Header.Get("Content-Type") == "" {
				t.Errorf("HEAD lacks ETag or Content-Type: %v", resp.Header)
			}
		})
	}
}

func TestGzipNegotiation(t *testing.T) {
	f := newFixture(t)
	_, plain := f.get("/feeds/all.rss")
	tests := []struct {
		ae   string
		gzip bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"x-gzip", true},
		{"gzip, deflate, br", true},
		{"br;q=1.0, gzip;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"gzip;q=0.001", true},
		{"*", true},
		{"*;q=0", false},
		{"gzip;q=0, *", false},
		{"br, *;q=0.1", true},
		{"identity", false},
		{"br, deflate", false},
		{"gzipper", false},
	}
	for _, tt := range tests {
		t.Run(tt.ae, func(t *testing.T) {
			resp, body := f.get("/feeds/all.rss", "Accept-Encoding", tt.ae)
			if resp.Header.Get("Vary") != "Accept-Encoding" {
				t.Error("no Vary: Accept-Encoding")
			}
			gotGzip := resp.Header.Get("Content-Encoding") == "gzip"
			if gotGzip != tt.gzip {
				t.Fatalf("gzip = %v, want %v", gotGzip, tt.gzip)
			}
			etag := resp.Header.Get("ETag")
			if strings.HasSuffix(etag, `-gz"`) != tt.gzip {
				t.Errorf("ETag %q for gzip=%v", etag, tt.gzip)
			}
			if resp.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %s, body %d", resp.Header.Get("Content-Length"), len(body))
			}
			if !tt.gzip {
				if body != plain {
					t.Error("identity body differs")
				}
				return
			}
			zr, err := gzip.NewReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, []byte(plain)) {
				t.Error("gunzipped body differs from identity body")
			}
			if len(body) >= len(plain) {
				t.Errorf("gzip %d bytes, identity %d", len(body), len(plain))
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	f := newFixture(t)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		for _, target := range []string{"/feeds/all.rss", "/", "/a/s0001", "/status"} {
			t.Run(m+target, func(t *testing.T) {
				resp := f.do(m, target)
				if resp.StatusCode != http.StatusMethodNotAllowed {
					t.Fatalf("status %d", resp.StatusCode)
				}
				if got := resp.Header.Get("Allow"); got != "GET, HEAD" {
					t.Errorf("Allow %q", got)
				}
			})
		}
	}
}

func TestCacheHeadersOnPages(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{"/", "/c/energy", "/a/s0003", "/static/style.css", "/opml"} {
		t.Run(target, func(t *testing.T) {
			resp, _ := f.get(target)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Get("Cache-Control"); got != "public, max-age=60" {
				t.Errorf("Cache-Control %q", got)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff")
			}
			etag := resp.Header.Get("ETag")
			if r2 := f.do(http.MethodGet, target, "If-None-Match", etag); r2.StatusCode != 304 {
				t.Errorf("revalidation: status %d", r2.StatusCode)
			}
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	// Values a parser could trip over; the handler test covers the rest.
	for ae, want := range map[string]bool{
		",,gzip":       true,
		" gzip ; q=1 ": true,
		"gzip;Q=0":     false,
		"gzip;level=1": true,
		"*;q=0, gzip":  true,
		";;":           false,
	} {
		if got := acceptsGzip(ae); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", ae, got, want)
		}
	}
}

// TestOverLoopback checks the headers as net/http puts them on the wire.
func TestOverLoopback(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(f.h)
	t.Cleanup(srv.Close)
	do := func(method string, hdr ...string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+"/feeds/world.rss", nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	gz := do(http.MethodGet, "Accept-Encoding", "gzip")
	body, err := io.ReadAll(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	if gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
		t.Fatalf("gzip response: %v, %d bytes", gz.Header, len(body))
	}
	etag := gz.Header.Get("ETag")
	if r := do(http.MethodGet, "Accept-Encoding", "gzip", "If-None-Match", etag); r.StatusCode != 304 || r.Header.Get("ETag") != etag {
		t.Errorf("revalidation: %d %q", r.StatusCode, r.Header.Get("ETag"))
	}
	head := do(http.MethodHead)
	plain := do(http.MethodGet, "Accept-Encoding", "identity")
	pb, err := io.ReadAll(plain.Body)
	if err != nil {
		t.Fatal(err)
	}
	if head.ContentLength != int64(len(pb)) || head.Header.Get("Date") == "" {
		t.Errorf("HEAD Content-Length %d, GET body %d", head.ContentLength, len(pb))
	}
}
