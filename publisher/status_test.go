package publisher

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

func statusFixture(t *testing.T, cfgErr error) *fixture {
	t.Helper()
	f := &fixture{t: t, st: newFakeStore(defaultItems()...), now: t0}
	f.st.sources = []story.SourceState{
		{ID: 1, URL: "https://example.org/world.rss", LastFetchAt: t0.Add(-5 * time.Minute), LastSuccessAt: t0.Add(-5 * time.Minute),
			LastStatus: 200, NextFetchAt: t0.Add(5 * time.Minute), ItemCount: 40, DupCount: 3,
			PermanentURL: "https://example.org/new-world.rss"},
		{ID: 2, URL: "https://gulf.example/feed.atom", LastFetchAt: t0.Add(-time.Minute), LastSuccessAt: t0.Add(-3 * time.Hour),
			LastStatus: 503, LastError: "HTTP 503: <b>upstream</b> unavailable", ConsecutiveFailures: 4,
			NextFetchAt: t0.Add(2 * time.Hour), ItemCount: 12},
		{ID: 3, URL: "https://broken.example/rss", LastFetchAt: t0.Add(-time.Minute), LastStatus: 200,
			LastError: "not a feed", ConsecutiveFailures: 1, NextFetchAt: t0.Add(9 * time.Minute)},
		{ID: 4, URL: "https://old.example/rss", LastFetchAt: t0.Add(-48 * time.Hour)},
		{ID: 6, URL: "https://dead.example/rss", LastFetchAt: t0.Add(-time.Hour), LastStatus: 410, Gone: true, LastError: "gone"},
		{ID: 9, URL: "https://removed.example/rss", LastFetchAt: t0},
	}
	f.pub = New(testConfig(), f.st, Options{
		Now: func() time.Time { return f.now }, Version: "1.2.3",
		ConfigError: func() error { return cfgErr },
	})
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.h = withAdmin(f.pub)
	return f
}

// withAdmin serves the operator's pages as AdminHandler does and the
// rest as Handler, the way a test reaches both listeners at once.
func withAdmin(p *Publisher) http.Handler {
	pub, admin := p.Handler(), p.AdminHandler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/status") || strings.HasPrefix(r.URL.Path, "/partners/") {
			admin.ServeHTTP(w, r)
			return
		}
		pub.ServeHTTP(w, r)
	})
}

// TestStatusNotPublic: the operator's pages are not on the public handler.
func TestStatusNotPublic(t *testing.T) {
	f := statusFixture(t, nil)
	for _, path := range []string{"/status", "/status.json"} {
		rec := httptest.NewRecorder()
		f.pub.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "gulf.example") {
			t.Errorf("public %s: %d", path, rec.Code)
		}
	}
}

func TestStatusJSON(t *testing.T) {
	f := statusFixture(t, errors.New("sources.yaml:12: sources[3].url: duplicate"))
	resp, body := f.get("/status.json")
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var raw struct {
		ConfigError string           `json:"config_error"`
		Version     string           `json:"version"`
		Sources     []map[string]any `json:"sources"`
	}
	if err := json.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatal(err)
	}
	if raw.ConfigError != "sources.yaml:12: sources[3].url: duplicate" || raw.Version != "1.2.3" {
		t.Errorf("config_error %q, version %q", raw.ConfigError, raw.Version)
	}
	if len(raw.Sources) != 6 {
		t.Fatalf("%d sources, want the 6 configured", len(raw.Sources))
	}
	fields := []string{"name", "url", "agency", "category", "enabled", "state", "last_fetch", "last_success",
		"http_status", "last_error", "consecutive_failures", "next_fetch", "permanent_redirect", "stories", "duplicates"}
	for _, s := range raw.Sources {
		for _, k := range fields {
			if _, ok := s[k]; !ok {
				t.Errorf("source %v lacks %q", s["name"], k)
			}
		}
	}
	var st Status
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Example Wire": StateOK, "Gulf Desk": StateBackingOff, "Broken Wire": StateFailing,
		"Old Wire": StateDisabled, "New Wire": StatePending, "Dead Wire": StateGone,
	}
	for _, s := range st.Sources {
		if s.State != want[s.Name] {
			t.Errorf("%s: state %q, want %q", s.Name, s.State, want[s.Name])
		}
	}
	ex, gulf := st.Sources[0], st.Sources[1]
	if ex.Stories != 40 || ex.Duplicates != 3 || ex.HTTPStatus != 200 || ex.PermanentRedirect != "https://example.org/new-world.rss" ||
		ex.LastFetch == nil || !ex.LastFetch.Equal(t0.Add(-5*time.Minute)) || ex.Agency != "Example Press" || ex.Category != "world" {
		t.Errorf("Example Wire: %+v", ex)
	}
	if gulf.ConsecutiveFailures != 4 || gulf.HTTPStatus != 503 || !strings.Contains(gulf.LastError, "503") || gulf.NextFetch == nil {
		t.Errorf("Gulf Desk: %+v", gulf)
	}
	if st.Sources[4].LastFetch != nil || st.Sources[4].NextFetch != nil {
		t.Error("a never-fetched source has times")
	}
}

func TestStatusHTML(t *testing.T) {
	f := statusFixture(t, errors.New(`sources.yaml:3: site.title: <script>bad</script>`))
	resp, body := f.get("/status")
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Content-Security-Policy") != cspPolicy {
		t.Fatalf("status %d, headers %v", resp.StatusCode, resp.Header)
	}
	for _, want := range []string{
		"Configuration reload failed", "sources.yaml:3: site.title: &lt;script&gt;bad&lt;/script&gt;",
		"Gulf Desk", "backing off", "HTTP 503: &lt;b&gt;upstream&lt;/b&gt; unavailable", "Moved permanently to https://example.org/new-world.rss",
		`class="state state-backing-off"`, "2026-03-14T11:55:00Z",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("status page lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>") {
		t.Error("config error not escaped")
	}
	if _, b := statusFixture(t, nil).get("/status"); strings.Contains(b, "Configuration reload failed") {
		t.Error("config error box shown with no error")
	}
}

func TestOPML(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{"/opml", "/opml.xml"} {
		resp, body := f.get(target)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/x-opml; charset=utf-8" {
			t.Fatalf("%s: status %d, type %q", target, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var doc struct {
			Version string `xml:"version,attr"`
			Title   string `xml:"head>title"`
			Outline []struct {
				Text    string `xml:"text,attr"`
				Type    string `xml:"type,attr"`
				XMLURL  string `xml:"xmlUrl,attr"`
				HTMLURL string `xml:"htmlUrl,attr"`
			} `xml:"body>outline"`
		}
		if err := xml.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Version != "2.0" || doc.Title != "Wire Desk feeds" || len(doc.Outline) != 5 {
			t.Fatalf("OPML: %+v", doc)
		}
		o := doc.Outline[4]
		if o.Text != "Wire Desk — World" || o.Type != "rss" || o.XMLURL != "http://wire.test/feeds/world.rss" || o.HTMLURL != "http://wire.test/c/world" {
			t.Errorf("outline %+v", o)
		}
		if doc.Outline[0].XMLURL != "http://wire.test/feeds/all.rss" {
			t.Errorf("first outline %+v", doc.Outline[0])
		}
	}
}

func TestHealthzAndExtra(t *testing.T) {
	f := newFixture(t)
	extra := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("metrics here " + r.Method))
	})
	f.pub = New(testConfig(), f.st, Options{Extra: map[string]http.Handler{"/metrics": extra}})
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.h = f.pub.Handler()
	if resp, body := f.get("/healthz"); resp.StatusCode != 200 || body != "ok\n" {
		t.Errorf("healthz %d %q", resp.StatusCode, body)
	}
	if resp, body := f.get("/metrics"); resp.StatusCode != 200 || body != "metrics here GET" {
		t.Errorf("extra %d %q", resp.StatusCode, body)
	}
}

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	f := newFixture(t)
	f.pub = New(testConfig(), f.st, Options{Registry: reg, Now: func() time.Time { return t0 }})
	// A second publisher on the same registry shares the collectors.
	New(testConfig(), f.st, Options{Registry: reg})
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.h = f.pub.Handler()
	etag := f.do(http.MethodGet, "/feeds/all.rss").Header.Get("ETag")
	f.do(http.MethodGet, "/feeds/all.rss", "If-None-Match", etag)
	f.do(http.MethodGet, "/a/s0001")
	f.do(http.MethodGet, "/a/s0001")
	f.do(http.MethodGet, "/c/none")
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			key := mf.GetName()
			for _, l := range m.GetLabel() {
				key += "," + l.GetName() + "=" + l.GetValue()
			}
			switch {
			case m.GetCounter() != nil:
				got[key] = m.GetCounter().GetValue()
			case m.GetHistogram() != nil:
				got[key] = float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	want := map[string]float64{
		"wiredesk_http_requests_total,cache=hit,code=200,route=feed":         1,
		"wiredesk_http_requests_total,cache=notmodified,code=304,route=feed": 1,
		"wiredesk_http_requests_total,cache=miss,code=200,route=story":       1,
		"wiredesk_http_requests_total,cache=hit,code=200,route=story":        1,
		"wiredesk_http_requests_total,cache=miss,code=404,route=notfound":    1,
		"wiredesk_renders_total,kind=rss":                                    5,
		"wiredesk_render_duration_seconds,kind=atom":                         5,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

// TestStatusHTMLReadable: a file:// drop folder is shown as text (never
// html/template's "#ZgotmplZ"), a source whose agency is its name is
// named once, times read as "5m ago" / "in 2h 12m" with the instant kept
// in datetime, and the next fetch says why it is when it is.
func TestStatusHTMLReadable(t *testing.T) {
	f := &fixture{t: t, st: newFakeStore(defaultItems()...), now: t0}
	cfg := testConfig()
	cfg.Sources = []config.Source{
		{Name: "Agency Drop", URL: "file:///srv/wire/drop/", Agency: "Agency Drop", Category: "world", Enabled: true},
		{Name: "Example Wire", URL: "https://example.org/world.rss", Agency: "Example Press", Category: "world", Enabled: true},
	}
	f.st.sources = []story.SourceState{
		{ID: 1, URL: "file:///srv/wire/drop/", LastFetchAt: t0.Add(-5 * time.Minute), LastSuccessAt: t0.Add(-5 * time.Minute),
			NextFetchAt: t0.Add(2*time.Hour + 12*time.Minute), NextFetchWhy: "adaptive: a story every 4h24m on average"},
		{ID: 2, URL: "https://example.org/world.rss", LastFetchAt: t0.Add(-time.Minute), LastStatus: 200,
			NextFetchAt: t0.Add(time.Hour), NextFetchWhy: "upstream Cache-Control/Expires: fresh for 1h"},
	}
	f.pub = New(cfg, f.st, Options{Now: func() time.Time { return f.now }})
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.h = withAdmin(f.pub)
	_, body := f.get("/status")
	for _, want := range []string{
		`Agency Drop<br><code class="url">file:///srv/wire/drop/</code>`,
		`<a href="https://example.org/world.rss" rel="nofollow noopener">Example Wire</a>`,
		`<div class="sub">Example Press · → world</div>`,
		`<time datetime="2026-03-14T11:55:00Z" title="2026-03-14T11:55:00Z">5m ago</time>`,
		`in 2h 12m</time><div class="why">adaptive: a story every 4h24m on average</div>`,
		`<div class="why">upstream Cache-Control/Expires: fresh for 1h</div>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("status page lacks %s", want)
		}
	}
	if strings.Contains(body, "ZgotmplZ") {
		t.Error("a URL was rejected by the template (#ZgotmplZ)")
	}
	if n := strings.Count(body, "Agency Drop"); n != 1 {
		t.Errorf("the drop folder's name appears %d times, want once", n)
	}
	_, js := f.get("/status.json")
	if !strings.Contains(js, `"next_fetch_why": "adaptive: a story every 4h24m on average"`) {
		t.Errorf("status.json lacks next_fetch_why:\n%s", js)
	}
}

func TestRelTime(t *testing.T) {
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		t    any
		want string
	}{
		{now.Add(-45 * time.Second), "45s ago"},
		{now.Add(-5 * time.Minute), "5m ago"},
		{now.Add(2*time.Hour + 12*time.Minute), "in 2h 12m"},
		{now.Add(3 * time.Hour), "in 3h"},
		{now.Add(-50 * time.Hour), "2d 2h ago"},
		{now, "now"},
		{(*time.Time)(nil), "—"},
		{time.Time{}, "—"},
	} {
		if got := relTime(tc.t, now); got != tc.want {
			t.Errorf("relTime(%v) = %q, want %q", tc.t, got, tc.want)
		}
	}
}

// TestAdminServesStylesheet: the status page on the operator's listener
// is styled, so the stylesheet it links is served there too.
func TestAdminServesStylesheet(t *testing.T) {
	f := statusFixture(t, nil)
	rec := httptest.NewRecorder()
	f.pub.AdminHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/static/style.css", nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") ||
		!strings.Contains(rec.Body.String(), "table.status") {
		t.Fatalf("admin /static/style.css: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestStatusPageLinksWork: the status page is served on the operator
// listener, which serves only it and the stylesheet. Every link and script
// it loads must work from there: the site's pages through absolute links
// to the public site, and no script that listener does not serve.
func TestStatusPageLinksWork(t *testing.T) {
	f := statusFixture(t, nil)
	admin, public := f.pub.AdminHandler(), f.pub.Handler()
	rec := httptest.NewRecorder()
	admin.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/status", nil))
	page := rec.Body.String()
	refs := regexp.MustCompile(`(?:href|src)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 5 {
		t.Fatalf("status page has %d links:\n%s", len(refs), page)
	}
	for _, m := range refs {
		ref, h := m[1], admin
		if rest, ok := strings.CutPrefix(ref, "http://wire.test"); ok {
			ref, h = rest, public
		} else if !strings.HasPrefix(ref, "/") {
			continue // upstream sources
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, ref, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("status page link %s: %d", m[1], rec.Code)
		}
	}
}
