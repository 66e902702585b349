package aggregator

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/region"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// tagConfig is the category set of the tagging tests.
func tagConfig() *config.Config {
	return &config.Config{
		Categories: []config.Category{
			{Slug: "middle-east", Region: "middle-east"},
			{Slug: "lebanon", Countries: []string{"LB"}},
			{Slug: "energy", Keywords: []string{"oil", "OPEC", "crude", "natural gas"}},
			{Slug: "tech", Keywords: []string{"C++", "A.I.", "Zürich"}},
			{Slug: "sport", Keywords: []string{"football"}},
			{Slug: "world"},
		},
		Sources: []config.Source{
			{URL: "https://feeds.example.org/a", Category: "world",
				CategoriesMap: map[string]string{" Mideast ": "middle-east", "SPORTS": "sport"}},
		},
	}
}

func TestTag(t *testing.T) {
	src := tagConfig().Sources[0]
	tests := []struct {
		name string
		item story.Item
		src  config.Source
		want []string
	}{
		{"default category only", story.Item{Title: "Quiet day"}, src, []string{"world"}},
		{"keyword in title", story.Item{Title: "Oil climbs"}, src, []string{"energy", "world"}},
		{"keyword case-insensitive", story.Item{Title: "opec meets"}, src, []string{"energy", "world"}},
		{"keyword needs whole word", story.Item{Title: "Spoiled toil boils; crudeness"}, src, []string{"world"}},
		{"keyword in summary html", story.Item{Title: "x", SummaryHTML: "<p>Prices of <b>crude</b> fell</p>"}, src, []string{"energy", "world"}},
		{"keyword in content", story.Item{Title: "x", ContentHTML: "<p>about oil.</p>"}, src, []string{"energy", "world"}},
		{"keyword as entity text", story.Item{Title: "x", SummaryHTML: "<p>&#111;il</p>"}, src, []string{"energy", "world"}},
		{"keyword not in markup", story.Item{Title: "x", SummaryHTML: `<a href="https://oil.example/">link</a>`}, src, []string{"world"}},
		{"phrase", story.Item{Title: "Natural  gas prices"}, src, []string{"energy", "world"}},
		{"phrase split by punctuation", story.Item{Title: "natural, gas"}, src, []string{"energy", "world"}},
		{"phrase incomplete", story.Item{Title: "natural gasp"}, src, []string{"world"}},
		{"phrase not across title and body", story.Item{Title: "Natural", SummaryHTML: "gas"}, src, []string{"world"}},
		{"punctuated keyword", story.Item{Title: "New C++ standard"}, src, []string{"tech", "world"}},
		{"punctuated keyword boundary", story.Item{Title: "C++x"}, src, []string{"world"}},
		{"dotted keyword", story.Item{Title: "Rules for a.i. agreed"}, src, []string{"tech", "world"}},
		{"unicode word", story.Item{Title: "Bank in ZÜRICH fined"}, src, []string{"tech", "world"}},
		{"unicode boundary", story.Item{Title: "Zürichsee"}, src, []string{"world"}},
		{"categories map", story.Item{Title: "x", UpstreamCategories: []string{"mideast", "Other"}}, src, []string{"middle-east", "world"}},
		{"categories map trims and folds", story.Item{Title: "x", UpstreamCategories: []string{"  Sports "}}, src, []string{"sport", "world"}},
		{"unknown source map from src", story.Item{Title: "x", UpstreamCategories: []string{"Power"}},
			config.Source{URL: "https://other.example/", Category: "world", CategoriesMap: map[string]string{"power": "energy"}},
			[]string{"energy", "world"}},
		{"config order and unique", story.Item{Title: "Football and oil and crude", UpstreamCategories: []string{"Sports", "mideast"}},
			src, []string{"middle-east", "energy", "sport", "world"}},
		{"unknown slug last", story.Item{Title: "x"}, config.Source{Category: "misc"}, []string{"misc"}},
		{"existing categories kept", story.Item{Title: "x", Categories: []string{"sport"}}, src, []string{"sport", "world"}},
	}
	tg := newTagger(tagConfig(), nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := tt.item
			tg.Tag(&it, tt.src)
			if !slices.Equal(it.Categories, tt.want) {
				t.Errorf("Categories = %q, want %q", it.Categories, tt.want)
			}
		})
	}
}

func TestTagPlaces(t *testing.T) {
	var gotTitle, gotBody string
	places := func(title, body string) Places {
		gotTitle, gotBody = title, body
		switch {
		case strings.Contains(title, "Beirut"):
			return Places{Countries: []string{"lb"}, Regions: []string{"Middle-East"}, Explain: []string{"Beirut (LB, dateline)"}}
		case strings.Contains(title, "Paris"):
			return Places{Countries: []string{"FR"}, Regions: []string{"europe"}, Explain: []string{"Paris (FR)"}}
		}
		return Places{}
	}
	tg := newTagger(tagConfig(), places)
	tests := []struct {
		title      string
		wantCats   []string
		wantPlaces []string
	}{
		{"Strike in Beirut", []string{"middle-east", "lebanon", "world"}, []string{"Beirut (LB, dateline)"}},
		{"Paris talks", []string{"world"}, []string{"Paris (FR)"}},
		{"Nowhere", []string{"world"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			it := story.Item{Title: tt.title, SummaryHTML: "<p>Body <b>text</b></p>"}
			tg.Tag(&it, config.Source{Category: "world"})
			if !slices.Equal(it.Categories, tt.wantCats) || !slices.Equal(it.Places, tt.wantPlaces) {
				t.Errorf("Categories, Places = %q, %q; want %q, %q", it.Categories, it.Places, tt.wantCats, tt.wantPlaces)
			}
			if gotTitle != tt.title || gotBody != "Body text" {
				t.Errorf("PlaceFunc got %q, %q", gotTitle, gotBody)
			}
		})
	}
}

func TestTagNilConfig(t *testing.T) {
	it := story.Item{Title: "oil"}
	newTagger(nil, nil).Tag(&it, config.Source{Category: "world"})
	if !slices.Equal(it.Categories, []string{"world"}) {
		t.Errorf("Categories = %q", it.Categories)
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Hello, World!", []string{"hello", "world"}},
		{"  ", nil},
		{"Zürich's café-bar 2025", []string{"zürich", "s", "café", "bar", "2025"}},
		{"日本 経済", []string{"日本", "経済"}},
		{"a\u2029b", []string{"a", "\u2029", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := words(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func BenchmarkTag(b *testing.B) {
	cfg := tagConfig()
	for i := range 40 {
		cfg.Categories = append(cfg.Categories, config.Category{
			Slug:     "c" + strings.Repeat("x", i),
			Keywords: []string{"keyword" + strings.Repeat("y", i), "two words" + strings.Repeat("z", i)},
		})
	}
	tg := newTagger(cfg, nil)
	body := "<p>" + strings.Repeat("Crude prices rose as the natural gas market tightened in Zürich today. ", 30) + "</p>"
	src := cfg.Sources[0]
	b.ReportAllocs()
	for b.Loop() {
		it := story.Item{Title: "Oil prices climb after OPEC meeting", SummaryHTML: body}
		tg.Tag(&it, src)
	}
}

// matchKeywordsWords is the reference matcher: words of the joined text,
// a phrase wherever its words follow one another.
func matchKeywordsWords(t *tagger, title, text string, hit []bool) {
	joined := title + " \u2029 " + text
	ws := words(joined)
	for i, w := range ws {
		for _, p := range t.phrases[w] {
			if len(ws)-i >= len(p.words) && slices.Equal(ws[i:i+len(p.words)], p.words) {
				hit[p.cat] = true
			}
		}
	}
	for _, o := range t.odd {
		if o.re.MatchString(joined) {
			hit[o.cat] = true
		}
	}
}

// keywordTagger has one category per keyword, so that a test sees which
// keywords matched.
func keywordTagger() *tagger {
	var cfg config.Config
	for i, kw := range []string{"oil", "OPEC", "natural gas", "gas", "C++", "A.I.", "Zürich",
		"İstanbul", "straße", "ΣΟΦΙΑ", "new york city", "new york", "a b c", "2025", "x\u2029y",
		"café au lait", "日本", "end", "kelvin", "ok"} {
		cfg.Categories = append(cfg.Categories, config.Category{Slug: strconv.Itoa(i), Keywords: []string{kw}})
	}
	return newTagger(&cfg, nil)
}

func TestMatchKeywords(t *testing.T) {
	tg := keywordTagger()
	texts := []string{
		"Oil and natural gas in Zürich", "NATURAL\u00a0GAS", "natural\u2029gas", "new york",
		"New York City's mayor", "İSTANBUL istanbul", "STRASSE Straße", "σοφια Σοφια", "a b", "a b c",
		"日本 経済", "x\u2029y", "\xffoil\xfe", "end", "café-au-lait", "natural", "gas natural", "\u212aelvin \u212a", "OK Ok oK",
	}
	for _, title := range texts {
		for _, body := range texts {
			got, want := make([]bool, len(tg.slugs)), make([]bool, len(tg.slugs))
			tg.matchKeywords(title, body, got)
			matchKeywordsWords(tg, title, body, want)
			if !slices.Equal(got, want) {
				t.Errorf("matchKeywords(%q, %q) = %v, want %v", title, body, got, want)
			}
		}
	}
}

func FuzzMatchKeywords(f *testing.F) {
	f.Add("Oil prices", "natural gas in New York City")
	f.Add("natural", "gas")
	f.Add("ΣΟΦΙΑ\u2029", "İstanbul\xff日本")
	tg := keywordTagger()
	f.Fuzz(func(t *testing.T, title, body string) {
		got, want := make([]bool, len(tg.slugs)), make([]bool, len(tg.slugs))
		tg.matchKeywords(title, body, got)
		matchKeywordsWords(tg, title, body, want)
		if !slices.Equal(got, want) {
			t.Fatalf("matchKeywords(%q, %q) = %v, want %v", title, body, got, want)
		}
	})
}

// TestTagDatelineChoice files a London-datelined story about an Iranian
// buyer with the real gazetteer: under Europe by default, as agencies code
// the dateline's country, but not under a category with dateline: subject.
func TestTagDatelineChoice(t *testing.T) {
	cfg := &config.Config{Categories: []config.Category{
		{Slug: "europe", Region: "europe"},
		{Slug: "europe-desk", Region: "europe", Dateline: config.DatelineSubject},
		{Slug: "uk", Countries: []string{"GB"}, Dateline: config.DatelineSubject},
		{Slug: "middle-east", Region: "middle-east", Dateline: config.DatelineSubject},
		{Slug: "iran", Countries: []string{"IR"}},
	}}
	tg := newTagger(cfg, RegionPlaces(region.New()))
	it := story.Item{
		Title:       "Trade house sells white sugar to Iran",
		ContentHTML: "<p>LONDON, March 3 - A trade house sold two cargoes of white sugar to Iran, traders said. Iranian buyers are active.</p>",
	}
	tg.Tag(&it, config.Source{})
	if want := []string{"europe", "middle-east", "iran"}; !slices.Equal(it.Categories, want) {
		t.Errorf("Categories = %q, want %q (places %q)", it.Categories, want, it.Places)
	}
	home := story.Item{Title: "Bank of England holds rates", ContentHTML: "<p>LONDON, March 3 - The Bank of England held rates.</p>"}
	tg.Tag(&home, config.Source{})
	if want := []string{"europe", "europe-desk", "uk"}; !slices.Equal(home.Categories, want) {
		t.Errorf("Categories = %q, want %q (places %q)", home.Categories, want, home.Places)
	}
}
