package publisher

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"
)

// sqliteFixture is a publisher for cfg over a real SQLite store holding
// items, all from cfg's first source, so that searches run on the FTS5
// index as they do in production.
func sqliteFixture(t *testing.T, cfg *config.Config, items ...story.Item) (*fixture, *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "wiredesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	src := story.SourceState{URL: cfg.Sources[0].URL, Name: cfg.Sources[0].Name, Agency: cfg.Sources[0].Agency}
	ids, err := db.SyncSources(ctx, []story.SourceState{src})
	if err != nil {
		t.Fatal(err)
	}
	src.ID = ids[src.URL]
	for i := range items {
		items[i].SourceID = src.ID
	}
	src.LastFetchAt, src.LastSuccessAt, src.LastStatus, src.NextFetchAt = t0, t0, 200, t0.Add(time.Hour)
	if _, err := db.SaveFetch(ctx, story.Fetch{SourceID: src.ID, State: src, Items: items}); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, now: t0}
	f.pub = New(cfg, db, Options{Now: func() time.Time { return f.now }, Version: "test"})
	if err := f.pub.RebuildAll(ctx); err != nil {
		t.Fatal(err)
	}
	f.h = f.pub.Handler()
	return f, db
}

// titled is story n with another title and content.
func titled(n int, title, content string, cats ...string) story.Item {
	it := testStory(n, cats...)
	it.Title, it.SummaryHTML, it.ContentHTML = title, "", "<p>"+content+"</p>"
	return it
}

func TestSearchPageFindsAndHighlights(t *testing.T) {
	f, _ := sqliteFixture(t, testConfig(),
		titled(1, "Ceasefire talks resume in Cairo", "Mediators met on &lt;Friday&gt; in Cairo.", "world"),
		titled(2, "OPEC+ extends output cuts", "Crude rose after the OPEC decision.", "energy"),
		titled(3, "Élections à Beyrouth", "Les électeurs ont voté dans le calme.", "lebanon"),
	)
	resp, body := f.get("/search?q=cairo")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{
		`<a href="/a/s0001">Ceasefire talks resume in <mark>Cairo</mark></a>`,
		`Mediators met on &lt;Friday&gt; in <mark>Cairo</mark>.`, // escaped, then marked
		`value="cairo"`, // echoed in the search box
		`<meta name="robots" content="noindex">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, "OPEC") {
		t.Error("a story without the word was found")
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("Cache-Control %q", cc)
	}
	if _, body := f.get("/search?q=" + "elect*"); !strings.Contains(body, "<mark>Élections</mark>") {
		t.Error("prefix search with accents folded did not find and mark Élections")
	}
	// Conditional GET: the same results are a 304.
	if r2 := f.do(http.MethodGet, "/search?q=cairo", "If-None-Match", resp.Header.Get("Etag")); r2.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", r2.StatusCode)
	}
	// The query is escaped wherever it is shown.
	if _, body := f.get(`/search?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E`); strings.Contains(body, "<script>alert") {
		t.Error("the query reached the page unescaped")
	}
}

func TestSearchFormAndSyntaxHelp(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{"/search", "/search?q=", "/c/world"} {
		resp, body := f.get(target)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<form class="search" role="search" action="/search" method="get">`) {
			t.Errorf("%s: %d, no search box in the header", target, resp.StatusCode)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self'") {
			t.Errorf("%s: the CSP forbids the search form: %s", target, csp)
		}
	}
	_, body := f.get("/search")
	for _, want := range []string{"How to search", "<code>oil NOT gas</code>", "<code>&#34;crude oil&#34;</code>", "<code>opec*</code>"} {
		if !strings.Contains(body, want) {
			t.Errorf("empty search lacks %s", want)
		}
	}
}

// TestSearchMalformedQueries: a query the parser refuses is a 400 page
// that says why, with the form to fix it; never a 500, never a word of
// SQLite.
func TestSearchMalformedQueries(t *testing.T) {
	f, _ := sqliteFixture(t, testConfig(), titled(1, "Oil prices", "Crude rose.", "energy"))
	tests := []struct{ q, want string }{
		{`"crude oil`, "a quotation mark is not closed"},
		{"(oil OR gas", "a parenthesis is not closed"},
		{"oil)", "a closing parenthesis has no opening one"},
		{"NOT", "cannot start with"},
		{"oil NOT", "needs a word after it"},
		{strings.Repeat("x", 600), "longer than 512 characters"},
		{strings.Repeat("w ", 40), "more than 32 words"},
		{"oil AND OR gas", "cannot follow"},
		{"NEAR(oil gas) col:x ^y", ""}, // FTS5 syntax is text here: no error
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			resp, body := f.get("/search?q=" + urlQuery(tt.q))
			if tt.want == "" {
				if resp.StatusCode != http.StatusOK {
					t.Errorf("status %d, want 200", resp.StatusCode)
				}
				return
			}
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", resp.StatusCode)
			}
			if !strings.Contains(body, "This search cannot be run: ") || !strings.Contains(body, template.HTMLEscapeString(tt.want)) {
				t.Errorf("the page does not say %q:\n%s", tt.want, body)
			}
			if !strings.Contains(body, "How to search") {
				t.Error("no syntax help with the error")
			}
			if strings.Contains(strings.ToLower(body), "sqlite") || strings.Contains(body, "fts5") {
				t.Error("the page mentions the database")
			}
		})
	}
	for _, page := range []string{"0", "x", "21", "-1"} {
		if resp, body := f.get("/search?q=oil&page=" + page); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Pages of results go from 1 to 20") {
			t.Errorf("page=%s: %d", page, resp.StatusCode)
		}
	}
}

func urlQuery(s string) string {
	r := strings.NewReplacer("%", "%25", "&", "%26", "#", "%23", "+", "%2B", " ", "+", `"`, "%22")
	return r.Replace(s)
}

func TestSearchPaging(t *testing.T) {
	cfg := testConfig()
	cfg.Publish.MaxItems = 10
	var items []story.Item
	for i := range 25 {
		items = append(items, titled(i, fmt.Sprintf("Storm report %d", i), "Winds rose.", "world"))
	}
	f, _ := sqliteFixture(t, cfg, items...)
	_, p1 := f.get("/search?q=storm")
	_, p3 := f.get("/search?q=storm&page=3")
	if strings.Count(p1, "<li>") != 10 || !strings.Contains(p1, `rel="next" href="/search?page=2&amp;q=storm"`) || !strings.Contains(p1, "Page 1<") {
		t.Errorf("page 1: %d results, or no link to page 2", strings.Count(p1, "<li>"))
	}
	if strings.Count(p3, "<li>") != 5 || strings.Contains(p3, `rel="next"`) || !strings.Contains(p3, `rel="prev" href="/search?page=2&amp;q=storm"`) {
		t.Errorf("page 3: %d results, or wrong links", strings.Count(p3, "<li>"))
	}
	if _, p4 := f.get("/search?q=storm&page=4"); !strings.Contains(p4, "No stories match this search.") {
		t.Error("page 4 is not empty")
	}
}

// TestSearchHidesWhatThePublicMayNotRead: partner-only stories, withdrawn
// stories and duplicates are never found by the public; a partner
// presenting its credential also finds the stories of its categories, in
// a private response.
func TestSearchHidesWhatThePublicMayNotRead(t *testing.T) {
	cfg := partnerConfig()
	secret := titled(1, "Embargoed harvest figures", "Wheat harvest estimates.", "wires")
	both := titled(2, "Harvest festival opens", "Wheat and barley.", "wires", "world")
	public := titled(3, "Harvest delayed by rain", "Wheat prices.", "world")
	gone := titled(4, "Harvest fraud alleged", "Wheat exports.", "world")
	dup := titled(5, "Harvest delayed by rain (copy)", "Wheat prices.", "world")
	dup.Key, dup.GUID = "dup", "dup"
	f, db := sqliteFixture(t, cfg, secret, both, public, gone)
	ctx := context.Background()
	if _, err := db.Withdraw(ctx, gone.ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}
	// A second source carries the public story: merged as a duplicate.
	srcB := story.SourceState{URL: cfg.Sources[1].URL, Name: cfg.Sources[1].Name, Agency: cfg.Sources[1].Agency}
	ids, err := db.SyncSources(ctx, []story.SourceState{{URL: cfg.Sources[0].URL, Name: cfg.Sources[0].Name, Agency: cfg.Sources[0].Agency}, srcB})
	if err != nil {
		t.Fatal(err)
	}
	srcB.ID = ids[srcB.URL]
	dup.SourceID, dup.ID, dup.Link = srcB.ID, "dupe-1", public.Link
	sum, err := db.SaveFetch(ctx, story.Fetch{SourceID: srcB.ID, State: srcB, Items: []story.Item{dup}})
	if err != nil || sum.Duplicates != 1 {
		t.Fatalf("duplicate not merged: %+v %v", sum, err)
	}

	found := func(body string) []string {
		var out []string
		for _, it := range []story.Item{secret, both, public, gone, dup} {
			if strings.Contains(body, `href="/a/`+it.ID+`"`) {
				out = append(out, it.ID)
			}
		}
		return out
	}
	resp, body := f.get("/search?q=harvest")
	if got := strings.Join(found(body), ","); got != both.ID+","+public.ID {
		t.Errorf("public search found %s, want %s,%s", got, both.ID, public.ID)
	}
	if !strings.Contains(resp.Header.Get("Vary"), "Authorization") || !strings.HasPrefix(resp.Header.Get("Cache-Control"), "public") {
		t.Errorf("public response headers: Vary %q, Cache-Control %q", resp.Header.Get("Vary"), resp.Header.Get("Cache-Control"))
	}
	for _, auth := range [][]string{basic("gazette", gazetteToken), nil} {
		target := "/search?q=harvest"
		if auth == nil {
			target = "/p/" + heraldToken + "/search?q=harvest"
		}
		resp, body := f.get(target, auth...)
		if got := strings.Join(found(body), ","); got != secret.ID+","+both.ID+","+public.ID {
			t.Errorf("%s: partner search found %s", target, got)
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "private") {
			t.Errorf("%s: partner results are not private: %q", target, cc)
		}
	}
	// courier reads energy only: the partner-only story stays hidden.
	if _, body := f.get("/search?q=harvest", bearer(courierToken)...); strings.Contains(body, secret.ID) {
		t.Error("a partner found a story of a category it is not granted")
	}
	if resp, _ := f.get("/search?q=harvest", bearer("not-a-valid-token-at-all")...); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("bad token: %d, want 401", resp.StatusCode)
	}
}

func TestSearchPageInEveryLanguage(t *testing.T) {
	for lang, want := range map[string][]string{
		"fr": {`dir="ltr"`, "Comment chercher", "Rechercher", "Cette recherche ne peut pas être lancée"},
		"ar": {`dir="rtl"`, "طريقة البحث", "بحث", "لا يمكن تنفيذ هذا البحث"},
	} {
		cfg := testConfig()
		cfg.Site.Language = lang
		f := &fixture{t: t, st: newFakeStore(defaultItems()...), now: t0}
		f.pub = New(cfg, f.st, Options{Now: func() time.Time { return f.now }})
		if err := f.pub.RebuildAll(context.Background()); err != nil {
			t.Fatal(err)
		}
		f.h = f.pub.Handler()
		_, body := f.get("/search?q=%22oil")
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the search page lacks %q", lang, w)
			}
		}
		for _, en := range []string{"How to search", "This search cannot be run", "either word"} {
			if strings.Contains(body, en) {
				t.Errorf("%s: the search page still says %q", lang, en)
			}
		}
	}
}

// stalledSearch is a store whose searches take longer than any budget:
// each waits for its context to end, then asks the real store (which
// then stops at once), or, with partial set, answers what the real store
// finds with the stopped error, as a search cut short after finding
// some stories does.
type stalledSearch struct {
	*sqlite.DB
	partial bool
}

func (s stalledSearch) Search(ctx context.Context, q query.Query, offset, limit int) ([]story.Item, error) {
	<-ctx.Done()
	if s.partial {
		items, err := s.DB.Search(context.Background(), q, offset, limit)
		if err != nil {
			return nil, err
		}
		return items[:min(len(items), 1)], fmt.Errorf("cut: %w", store.ErrSearchStopped)
	}
	return s.DB.Search(ctx, q, offset, limit)
}

func TestSearchCutShortByBudget(t *testing.T) {
	for _, partial := range []bool{false, true} {
		cfg := testConfig()
		f, db := sqliteFixture(t, cfg,
			titled(1, "Ceasefire talks resume in Cairo", "Mediators met in Cairo.", "world"),
			titled(2, "Cairo airport reopens", "Flights resumed.", "world"),
		)
		reg := prometheus.NewRegistry()
		f.pub = New(cfg, stalledSearch{DB: db, partial: partial}, Options{Now: func() time.Time { return f.now },
			Version: "test", SearchBudget: time.Millisecond, Registry: reg})
		if err := f.pub.RebuildAll(context.Background()); err != nil {
			t.Fatal(err)
		}
		f.h = f.pub.Handler()
		resp, body := f.get("/search?q=cairo")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("partial=%v: status %d, want 200: a search cut short is an answer", partial, resp.StatusCode)
		}
		if !strings.Contains(body, `class="search-cut"`) || !strings.Contains(body, "older matching stories may be missing") {
			t.Errorf("partial=%v: the page does not say the search was cut short", partial)
		}
		if strings.Contains(body, "No stories match") {
			t.Errorf("partial=%v: a search cut short claims no story matches", partial)
		}
		if got := strings.Count(body, "<mark>Cairo</mark>"); partial && got == 0 {
			t.Error("the story found before the cut is not shown")
		}
		if n := counterValue(t, reg, "wiredesk_searches_cut_total"); n != 1 {
			t.Errorf("partial=%v: wiredesk_searches_cut_total = %v, want 1", partial, n)
		}
	}
}

// counterValue reads a counter without labels from reg.
func counterValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("no counter %s", name)
	return 0
}
