package publisher

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/story"
)

// archiveFixture serves items (partnerItems when none) from a SQLite
// store, which keeps the archives, with partnerConfig and no rate limit.
func archiveFixture(t *testing.T, items ...story.Item) *fixture {
	t.Helper()
	db, save := openCursorStore(t)
	if len(items) == 0 {
		items = partnerItems()
	}
	save(items...)
	cfg := partnerConfig()
	cfg.Partners[1].RateLimit = config.Rate{}
	f := &fixture{t: t, now: t0}
	f.pub = New(cfg, db, Options{Now: func() time.Time { return f.now }})
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.h = f.pub.Handler()
	return f
}

const archiveDayPath = "/archive/2026-03-14." // t0's day

// TestArchivesKeepPartnerOnlyStoriesFromPublic: the public archive of
// "all" leaves out stories filed only under partner-only categories.
func TestArchivesKeepPartnerOnlyStoriesFromPublic(t *testing.T) {
	f := archiveFixture(t)
	const day = archiveDayPath
	private, public := feed.StoryID("s0000"), feed.StoryID("s0001")
	for _, kind := range []string{"rss", "atom"} {
		resp, body := f.get("/feeds/all" + day + kind)
		if resp.StatusCode != http.StatusOK || strings.Contains(body, private) || !strings.Contains(body, public) {
			t.Errorf("public all archive (%s): %d, partner-only story present=%v, public story present=%v",
				kind, resp.StatusCode, strings.Contains(body, private), strings.Contains(body, public))
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "public") {
			t.Errorf("public archive Cache-Control %q", cc)
		}
		if resp, body := f.get("/feeds/wires" + day + kind); resp.StatusCode == http.StatusOK || strings.Contains(body, private) {
			t.Errorf("public wires archive (%s): %d", kind, resp.StatusCode)
		}
	}
}

// TestPartnerArchives: partners read the archives of exactly their
// categories, in exactly their formats, as private responses.
func TestPartnerArchives(t *testing.T) {
	f := archiveFixture(t)
	const day = archiveDayPath
	private, public := feed.StoryID("s0000"), feed.StoryID("s0001")
	cases := []struct {
		name, path string
		hdr        []string
		want       int
		has        string
	}{
		{"entitled partner-only category", "/feeds/wires" + day + "rss", bearer(gazetteToken), 200, private},
		{"entitled public category", "/feeds/world" + day + "rss", basic("x", gazetteToken), 200, public},
		{"format not licensed", "/feeds/wires" + day + "atom", bearer(gazetteToken), 403, ""},
		{"all not licensed", "/feeds/all" + day + "rss", bearer(gazetteToken), 403, ""},
		{"category not licensed", "/feeds/world" + day + "rss", bearer(courierToken), 403, ""},
		{"all, token in path", "/p/" + heraldToken + "/feeds/all" + day + "atom", nil, 200, private},
		{"wrong token", "/feeds/world" + day + "rss", bearer("not-a-token-at-all"), 401, ""},
		{"day before the first story", "/feeds/wires/archive/1999-01-01.rss", bearer(gazetteToken), 404, ""},
	}
	for _, tc := range cases {
		resp, body := f.get(tc.path, tc.hdr...)
		if resp.StatusCode != tc.want || !strings.Contains(body, tc.has) {
			t.Errorf("%s: %s: %d, want %d with %s", tc.name, tc.path, resp.StatusCode, tc.want, tc.has)
			continue
		}
		if tc.want != http.StatusOK {
			continue
		}
		if cc, v := resp.Header.Get("Cache-Control"), resp.Header.Get("Vary"); !strings.HasPrefix(cc, "private") || !strings.Contains(v, "Authorization") {
			t.Errorf("%s: Cache-Control %q, Vary %q; want private and Authorization", tc.name, cc, v)
		}
	}
}

// TestPublicAllVariesOnAuthorization: /feeds/all.* (its cursor pages and
// archives too) answers a partner
// with more stories than the public, so its public response varies on
// Authorization too, and no shared cache serves the public copy to a
// partner; feeds that answer everyone alike keep Vary: Accept-Encoding.
func TestPublicAllVariesOnAuthorization(t *testing.T) {
	f, _ := partnerFixture(t)
	for _, ext := range feed.FormatNames(feed.Formats()) {
		resp, _ := f.get("/feeds/all." + ext)
		if v := resp.Header.Get("Vary"); resp.StatusCode != http.StatusOK || v != "Accept-Encoding, Authorization" {
			t.Errorf("public /feeds/all.%s: %d, Vary %q", ext, resp.StatusCode, v)
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "public") {
			t.Errorf("public /feeds/all.%s: Cache-Control %q", ext, cc)
		}
	}
	a := archiveFixture(t)
	for _, path := range []string{"/feeds/all.json?after=0", "/feeds/all" + archiveDayPath + "rss"} {
		if resp, _ := a.get(path); resp.StatusCode != http.StatusOK || resp.Header.Get("Vary") != "Accept-Encoding, Authorization" {
			t.Errorf("public %s: %d, Vary %q", path, resp.StatusCode, resp.Header.Get("Vary"))
		}
	}
	if resp, _ := f.get("/feeds/world.rss"); resp.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("/feeds/world.rss Vary %q", resp.Header.Get("Vary"))
	}
	plain := newFixture(t, defaultItems()...)
	if resp, _ := plain.get("/feeds/all.rss"); resp.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("without partner-only categories /feeds/all.rss Vary %q", resp.Header.Get("Vary"))
	}
}

// TestPartnerRateLimitCoversNewSurfaces: archives, cursor pages and ninjs
// count against a partner's rate limit like its feeds.
func TestPartnerRateLimitCoversNewSurfaces(t *testing.T) {
	f := archiveFixture(t)
	f.pub.SetConfig(partnerConfig()) // herald: 3 requests a minute
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := "/p/" + heraldToken
	for _, path := range []string{p + "/feeds/all" + archiveDayPath + "rss", p + "/feeds/all.json?after=0", p + "/feeds/wires.ninjs"} {
		if resp, _ := f.get(path); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
	}
	resp, _ := f.get(p + "/feeds/world" + archiveDayPath + "atom")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("4th request in a minute: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}
