package publisher

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/story"
)

const (
	gazetteToken = "gazette-0123456789abcdef"
	heraldToken  = "herald-fedcba9876543210"
	courierToken = "courier-5555666677778888"
)

// partnerConfig has a partner-only category "wires" and two partners:
// gazette reads world and wires in RSS and JSON; herald reads everything,
// with its token in the path, at most 3 requests a minute; courier reads
// energy only.
func partnerConfig() *config.Config {
	cfg := testConfig()
	cfg.Categories = append(cfg.Categories, config.Category{Slug: "wires", Title: "Wires", Private: true})
	cfg.Partners = []config.Partner{
		{Name: "gazette", Token: gazetteToken, Categories: []string{"world", "wires"}, Formats: []string{"rss", "json"}, Enabled: true, Auth: "basic"},
		{Name: "herald", Token: heraldToken, Categories: []string{"all"}, RateLimit: config.Rate{N: 3, Per: time.Minute}, Enabled: true, Auth: "path"},
		{Name: "courier", Token: courierToken, Categories: []string{"energy"}, Enabled: true, Auth: "bearer"},
	}
	return cfg
}

// partnerItems: s0000 is filed only under the partner-only wires, s0001
// under wires and world, the rest are public.
func partnerItems() []story.Item {
	return append([]story.Item{testStory(0, "wires"), testStory(1, "wires", "world")}, defaultItems()[2:]...)
}

func partnerFixture(t *testing.T) (*fixture, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	f := &fixture{t: t, st: newFakeStore(partnerItems()...), now: t0}
	f.pub = New(partnerConfig(), f.st, Options{Now: func() time.Time { return f.now }, Version: "test", Registry: reg})
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.h = withAdmin(f.pub)
	return f, reg
}

func bearer(tok string) []string { return []string{"Authorization", "Bearer " + tok} }

func basic(user, tok string) []string {
	return []string{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+tok))}
}

func TestPartnerOnlyCategoryHiddenFromPublic(t *testing.T) {
	f, _ := partnerFixture(t)
	resp, body := f.get("/feeds/wires.rss")
	if resp.StatusCode != http.StatusUnauthorized || len(resp.Header.Values("WWW-Authenticate")) != 2 || strings.Contains(body, "s0000") {
		t.Fatalf("public wires feed: %d %v %q", resp.StatusCode, resp.Header, body)
	}
	if resp, _ := f.get("/c/wires"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("public /c/wires: %d, want 404", resp.StatusCode)
	}
	if resp, body := f.get("/a/s0000"); resp.StatusCode != http.StatusUnauthorized || strings.Contains(body, headlines[0]) {
		t.Errorf("public page of a partner-only story: %d, want 401 and no copy", resp.StatusCode)
	}
	if resp, _ := f.get("/a/s0001"); resp.StatusCode != http.StatusOK {
		t.Errorf("a story also filed under a public category: %d", resp.StatusCode)
	}
	for _, path := range []string{"/", "/c/all", "/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/opml", "/c/world",
		"/sitemap.xml", "/sitemap-news.xml", "/sitemap-pages.xml", "/feeds/all.json?after=0"} {
		_, body := f.get(path)
		if strings.Contains(body, "/a/s0000") || strings.Contains(body, "/wires") {
			t.Errorf("public %s shows the partner-only story or category", path)
		}
	}
	if _, body := f.get("/feeds/all.json"); !strings.Contains(body, "/a/s0001") {
		t.Error("public all lost a story that is also public")
	}
}

func TestPartnerAuthPaths(t *testing.T) {
	f, _ := partnerFixture(t)
	cases := []struct {
		name, path string
		hdr        []string
		want       int
	}{
		{"bearer", "/feeds/wires.rss", bearer(gazetteToken), 200},
		{"basic with token as password", "/feeds/wires.rss", basic("anyone", gazetteToken), 200},
		{"basic with empty user", "/feeds/wires.json", basic("", gazetteToken), 200},
		{"token in path", "/p/" + heraldToken + "/feeds/wires.atom", nil, 200},
		{"wrong token", "/feeds/wires.rss", bearer(gazetteToken + "x"), 401},
		{"wrong token on a public feed", "/feeds/world.rss", bearer("not-a-token-at-all"), 401},
		{"wrong path token", "/p/nope/feeds/world.rss", nil, 401},
		{"malformed basic", "/feeds/wires.rss", []string{"Authorization", "Basic !!!"}, 401},
		{"unknown scheme", "/feeds/wires.rss", []string{"Authorization", "Digest " + gazetteToken}, 401},
		{"format not licensed", "/feeds/wires.atom", bearer(gazetteToken), 403},
		{"category not licensed", "/feeds/energy.rss", bearer(gazetteToken), 403},
		{"all not licensed", "/feeds/all.rss", bearer(gazetteToken), 403},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.get(tc.path, tc.hdr...)
			if resp.StatusCode != tc.want {
				t.Fatalf("%d, want %d: %s", resp.StatusCode, tc.want, body)
			}
			switch tc.want {
			case 200:
				if cc := resp.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "private") {
					t.Errorf("Cache-Control %q, want private", cc)
				}
				if v := resp.Header.Get("Vary"); !strings.Contains(v, "Authorization") || !strings.Contains(v, "Accept-Encoding") {
					t.Errorf("Vary %q", v)
				}
				if resp.Header.Get("Access-Control-Allow-Origin") != "" {
					t.Error("a private feed grants CORS to every origin")
				}
				if !strings.Contains(body, "/a/s0000") {
					t.Error("partner feed lacks the partner-only story")
				}
			default:
				if strings.Contains(body, "gazette") || strings.Contains(body, "s000") || len(body) > 32 {
					t.Errorf("denial says more than its status: %q", body)
				}
				if resp.Header.Get("Cache-Control") != "no-store" {
					t.Errorf("denial Cache-Control %q", resp.Header.Get("Cache-Control"))
				}
			}
		})
	}
}

// TestPartnerEntitlements: each partner reads exactly its categories, in
// exactly its formats, and each feed holds exactly that category's stories.
func TestPartnerEntitlements(t *testing.T) {
	f, _ := partnerFixture(t)
	f.pub.SetConfig(func() *config.Config { c := partnerConfig(); c.Partners[1].RateLimit = config.Rate{}; return c }())
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	items := partnerItems()
	for _, pc := range partnerConfig().Partners {
		for _, slug := range []string{"all", "world", "energy", "middle-east", "lebanon", "wires"} {
			for _, format := range feed.FormatNames(feed.Formats()) {
				path := "/feeds/" + slug + "." + format
				hdr := bearer(pc.Token)
				if pc.Auth == "path" {
					path, hdr = "/p/"+pc.Token+path, nil
				}
				resp, body := f.get(path, hdr...)
				allowed := slices.Contains(pc.Categories, "all") || slices.Contains(pc.Categories, slug) && (pc.Formats == nil || slices.Contains(pc.Formats, format))
				if !allowed {
					if resp.StatusCode != http.StatusForbidden {
						t.Errorf("%s %s: %d, want 403", pc.Name, path, resp.StatusCode)
					}
					continue
				}
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s: %d, want 200", pc.Name, path, resp.StatusCode)
					continue
				}
				for _, it := range items {
					want := slug == "all" || slices.Contains(it.Categories, slug)
					if got := strings.Contains(body, "/a/"+it.ID+`"`) || strings.Contains(body, "/a/"+it.ID+"<"); got != want {
						t.Errorf("%s %s: story %s (%v) present=%v", pc.Name, path, it.ID, it.Categories, got)
					}
				}
			}
		}
	}
}

func TestPartnerRateLimit(t *testing.T) {
	f, _ := partnerFixture(t)
	path := "/p/" + heraldToken + "/feeds/world.rss"
	for i := range 3 {
		if resp, _ := f.get(path); resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d: %d", i, resp.StatusCode)
		}
	}
	resp, _ := f.get(path)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "20" {
		t.Fatalf("4th request in a minute: %d, Retry-After %q; want 429 and 20", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	f.now = f.now.Add(20 * time.Second)
	if resp, _ := f.get(path); resp.StatusCode != http.StatusOK {
		t.Errorf("after Retry-After: %d", resp.StatusCode)
	}
	if resp, _ := f.get("/feeds/world.rss"); resp.StatusCode != http.StatusOK {
		t.Errorf("a partner's limit throttled the public: %d", resp.StatusCode)
	}
}

func TestPartnerRevokedOnReload(t *testing.T) {
	f, _ := partnerFixture(t)
	if resp, _ := f.get("/feeds/wires.rss", bearer(gazetteToken)...); resp.StatusCode != 200 {
		t.Fatalf("before: %d", resp.StatusCode)
	}
	cfg := partnerConfig()
	cfg.Partners[0].Enabled = false
	f.pub.SetConfig(cfg)
	if resp, _ := f.get("/feeds/wires.rss", bearer(gazetteToken)...); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("disabled partner: %d", resp.StatusCode)
	}
	cfg = partnerConfig()
	cfg.Partners[0].Token = "gazette-rotated-token-000"
	f.pub.SetConfig(cfg)
	if resp, _ := f.get("/feeds/wires.rss", bearer(gazetteToken)...); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("old token after rotation: %d", resp.StatusCode)
	}
	if resp, _ := f.get("/feeds/wires.rss", bearer("gazette-rotated-token-000")...); resp.StatusCode != http.StatusOK {
		t.Errorf("new token after rotation: %d", resp.StatusCode)
	}
}

func TestPartnerUsageOnStatusAndMetrics(t *testing.T) {
	f, reg := partnerFixture(t)
	resp, _ := f.get("/feeds/wires.rss", bearer(gazetteToken)...)
	if resp, _ := f.get("/feeds/wires.rss", append(bearer(gazetteToken), "If-None-Match", resp.Header.Get("ETag"))...); resp.StatusCode != http.StatusNotModified {
		t.Fatalf("revalidation: %d", resp.StatusCode)
	}
	f.get("/feeds/energy.rss", bearer(gazetteToken)...) // 403, still a request
	st, err := f.pub.status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := st.Partners[0]
	if got.Name != "gazette" || got.Requests != 3 || got.NotModified != 1 || got.Stories != 2 || got.LastSeen == nil || !got.LastSeen.Equal(t0) {
		t.Errorf("usage = %+v", got)
	}
	if h := st.Partners[1]; h.Name != "herald" || h.Requests != 0 || h.LastSeen != nil {
		t.Errorf("herald usage = %+v", h)
	}
	_, page := f.get("/status")
	if !strings.Contains(page, "<td>gazette</td>") || !strings.Contains(page, "<td>world, wires</td>") {
		t.Errorf("status page lacks partner usage")
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+"="+l.GetValue())
			}
			seen[mf.GetName()+"{"+strings.Join(labels, ",")+"}"] = m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	for k, want := range map[string]float64{
		"wiredesk_partner_requests_total{code=200,partner=gazette}":     1,
		"wiredesk_partner_requests_total{code=304,partner=gazette}":     1,
		"wiredesk_partner_requests_total{code=403,partner=gazette}":     1,
		"wiredesk_partner_stories_total{partner=gazette}":               2,
		"wiredesk_partner_last_seen_timestamp_seconds{partner=gazette}": float64(t0.Unix()),
	} {
		if seen[k] != want {
			t.Errorf("%s = %v, want %v", k, seen[k], want)
		}
	}
}

func TestPartnerOPML(t *testing.T) {
	f, _ := partnerFixture(t)
	resp, body := f.get("/opml", basic("gazette", gazetteToken)...)
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	for _, want := range []string{
		`xmlUrl="http://gazette:` + gazetteToken + `@wire.test/feeds/world.rss"`,
		`xmlUrl="http://gazette:` + gazetteToken + `@wire.test/feeds/wires.rss"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("gazette OPML lacks %s:\n%s", want, body)
		}
	}
	if n := strings.Count(body, "<outline"); n != 2 {
		t.Errorf("gazette OPML lists %d feeds, want exactly its 2", n)
	}
	_, herald := f.get("/partners/herald.opml")
	for _, slug := range []string{"all", "middle-east", "lebanon", "energy", "world", "wires"} {
		if want := fmt.Sprintf(`xmlUrl="http://wire.test/p/%s/feeds/%s.rss"`, heraldToken, slug); !strings.Contains(herald, want) {
			t.Errorf("herald OPML lacks %s", want)
		}
	}
	if _, public := f.get("/opml"); strings.Contains(public, gazetteToken) || strings.Contains(public, "wires") {
		t.Error("public OPML shows a token or a partner-only feed")
	}
	rec := httptest.NewRecorder()
	f.pub.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/partners/herald.opml", nil))
	if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), heraldToken) {
		t.Errorf("public /partners/herald.opml: %d", rec.Code)
	}
}

// TestPartnerStoryPages: the links in a partner's feed lead to pages it
// can read, with the same credential, and to no one else.
func TestPartnerStoryPages(t *testing.T) {
	f, _ := partnerFixture(t)
	cases := []struct {
		name, path string
		hdr        []string
		want       int
	}{
		{"entitled, bearer", "/a/s0000", bearer(gazetteToken), 200},
		{"entitled, basic", "/a/s0000", basic("gazette", gazetteToken), 200},
		{"all, token in path", "/p/" + heraldToken + "/a/s0000", nil, 200},
		{"not entitled", "/a/s0000", bearer(courierToken), 403},
		{"public story, any partner", "/a/s0002", bearer(courierToken), 200},
		{"wrong token", "/a/s0000", bearer("wrong-token-wrong-token"), 401},
		{"unknown story", "/a/nope", bearer(gazetteToken), 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.get(tc.path, tc.hdr...)
			if resp.StatusCode != tc.want {
				t.Fatalf("%d, want %d", resp.StatusCode, tc.want)
			}
			if tc.want == 200 && (!strings.HasPrefix(resp.Header.Get("Cache-Control"), "private") || !strings.Contains(body, "<h1")) {
				t.Errorf("Cache-Control %q, body:\n%s", resp.Header.Get("Cache-Control"), body)
			}
		})
	}
	// The partner's render must not be served to the public afterwards.
	if resp, body := f.get("/a/s0000"); resp.StatusCode != http.StatusUnauthorized || strings.Contains(body, "<h1") {
		t.Errorf("public after a partner read it: %d", resp.StatusCode)
	}
}

// A story filed under a public and a partner-only category is public, but
// its public feeds must not name the partner-only category (RSS category,
// Atom term, JSON Feed tags and _wiredesk.categories, ninjs subjects);
// partners' feeds still do.
func TestPublicFeedsNameNoPartnerOnlyCategory(t *testing.T) {
	f, _ := partnerFixture(t)
	for _, path := range []string{"/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/all.ninjs",
		"/feeds/world.rss", "/feeds/world.atom", "/feeds/world.json", "/feeds/world.ninjs", "/feeds/world.json?after=0"} {
		resp, body := f.get(path)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "s0001") {
			t.Fatalf("public %s: %d without the story filed under world and wires", path, resp.StatusCode)
		}
		for _, leak := range []string{">wires<", ">Wires<", `"wires"`, `"Wires"`, `term="wires"`} {
			if strings.Contains(body, leak) {
				t.Errorf("public %s names the partner-only category: %s", path, leak)
			}
		}
	}
	if _, body := f.get("/feeds/all.rss", bearer(heraldToken)...); !strings.Contains(body, "<category>Wires</category>") {
		t.Error("a partner's all.rss lost the partner-only category")
	}
}

// TestPathTokenNotLogged: a failed render of a partner's request logs
// the path with the token in it masked.
func TestPathTokenNotLogged(t *testing.T) {
	var logs strings.Builder
	f := &fixture{t: t, st: newFakeStore(partnerItems()...), now: t0}
	f.pub = New(partnerConfig(), f.st, Options{Now: func() time.Time { return f.now }, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.h = f.pub.Handler()
	f.st.mu.Lock()
	f.st.err = errors.New("database is locked")
	f.st.mu.Unlock()
	if resp, _ := f.get("/p/" + heraldToken + "/a/s0003"); resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("story with a failing store: %d", resp.StatusCode)
	}
	if !strings.Contains(logs.String(), "render failed") || strings.Contains(logs.String(), heraldToken) {
		t.Errorf("log:\n%s", logs.String())
	}
}

// TestAllPageCountLeavesOutPartnerOnlyStories: the public "all" listing
// counts its pages from the stories the public can read, not from every
// story: ten stories filed only under the partner-only wires add no page.
func TestAllPageCountLeavesOutPartnerOnlyStories(t *testing.T) {
	cfg := partnerConfig()
	cfg.Publish.MaxItems = 2
	var items []story.Item
	for i := range 10 {
		items = append(items, testStory(i, "wires"))
	}
	for i := 10; i < 13; i++ {
		items = append(items, testStory(i, "world"))
	}
	f, _ := sqliteFixture(t, cfg, items...)
	_, body := f.get("/c/all")
	if !strings.Contains(body, "Page 1 of 2") {
		t.Errorf("/c/all with 3 public stories, 2 a page, and 10 partner-only ones: want \"Page 1 of 2\" in\n%s", body)
	}
	if resp, _ := f.get("/c/all?page=3"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/c/all?page=3 = %d, want 404: the public has two pages", resp.StatusCode)
	}
}

// TestPartnerOnlyFeedLinksHome: a partner-only category has no public
// listing page, so its feeds (and the partner's OPML) link home to the
// front page, never to a /c/ page that answers 404; a public category
// keeps its page.
func TestPartnerOnlyFeedLinksHome(t *testing.T) {
	f, _ := partnerFixture(t)
	if r, _ := f.get("/c/wires", bearer(gazetteToken)...); r.StatusCode != http.StatusNotFound {
		t.Fatalf("/c/wires answers %d: the premise changed", r.StatusCode)
	}
	_, rss := f.get("/feeds/wires.rss", bearer(gazetteToken)...)
	if !strings.Contains(rss, "<link>http://wire.test/</link>") || strings.Contains(rss, "http://wire.test/c/wires") {
		t.Errorf("the partner-only RSS feed's home link:\n%s", rss)
	}
	_, js := f.get("/feeds/wires.json", bearer(gazetteToken)...)
	if !strings.Contains(js, `"home_page_url": "http://wire.test/"`) {
		t.Errorf("the partner-only JSON Feed's home_page_url:\n%s", js)
	}
	_, world := f.get("/feeds/world.rss")
	if !strings.Contains(world, "<link>http://wire.test/c/world</link>") {
		t.Errorf("a public category lost its page link:\n%s", world)
	}
	_, opml := f.get("/partners/gazette.opml")
	if !strings.Contains(opml, `/feeds/wires.rss" htmlUrl="http://wire.test/"`) ||
		!strings.Contains(opml, `htmlUrl="http://wire.test/c/world"`) {
		t.Errorf("the partner OPML's page links:\n%s", opml)
	}
}
