package publisher

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// benchPartnerServe serves req on a publisher whose config has partners
// and a partner-only category, with the 50-story bench feeds.
func benchPartnerServe(b *testing.B, req *http.Request, wantCode int) {
	cfg := partnerConfig()
	cfg.Partners[1].RateLimit.N = 0 // no limit: measure the check, not 429s
	p := New(cfg, newFakeStore(benchItems(50)...), Options{Now: func() time.Time { return t0 }})
	if err := p.RebuildAll(context.Background()); err != nil {
		b.Fatal(err)
	}
	h := p.Handler()
	w := &discardWriter{h: make(http.Header)}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, req)
	}
	b.StopTimer()
	if w.code != wantCode {
		b.Fatalf("status %d, want %d", w.code, wantCode)
	}
}

func gzipRequest(path string, hdr ...string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return req
}

// BenchmarkFeedPublicWithPartners is an anonymous GET of a public feed on
// a site that has partners: the public path's cost with the feature on.
func BenchmarkFeedPublicWithPartners(b *testing.B) {
	benchPartnerServe(b, gzipRequest("/feeds/world.rss"), http.StatusOK)
}

// BenchmarkFeedPartnerBearer is the same feed for a partner sending
// Authorization: Bearer: one SHA-256 and a constant-time compare per
// partner more, and the private headers.
func BenchmarkFeedPartnerBearer(b *testing.B) {
	benchPartnerServe(b, gzipRequest("/feeds/world.rss", bearer(gazetteToken)...), http.StatusOK)
}

// BenchmarkFeedPartnerBasic is the same with HTTP Basic (base64 decoding).
func BenchmarkFeedPartnerBasic(b *testing.B) {
	benchPartnerServe(b, gzipRequest("/feeds/world.rss", basic("gazette", gazetteToken)...), http.StatusOK)
}

// BenchmarkFeedPartnerPath is a partner-only feed with the token in the path.
func BenchmarkFeedPartnerPath(b *testing.B) {
	benchPartnerServe(b, gzipRequest("/p/"+heraldToken+"/feeds/wires.rss"), http.StatusOK)
}

// BenchmarkFeedPartner304 is a partner revalidating with its ETag.
func BenchmarkFeedPartner304(b *testing.B) {
	cfg := partnerConfig()
	p := New(cfg, newFakeStore(benchItems(50)...), Options{Now: func() time.Time { return t0 }})
	if err := p.RebuildAll(context.Background()); err != nil {
		b.Fatal(err)
	}
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, gzipRequest("/feeds/world.rss"))
	benchPartnerServe(b, gzipRequest("/feeds/world.rss", append(bearer(gazetteToken), "If-None-Match", rec.Header().Get("ETag"))...), http.StatusNotModified)
}

// BenchmarkFeedPartnerDenied is a wrong token: the same hashing, then 401.
func BenchmarkFeedPartnerDenied(b *testing.B) {
	benchPartnerServe(b, gzipRequest("/feeds/world.rss", bearer("not-the-token-of-anyone")...), http.StatusUnauthorized)
}
