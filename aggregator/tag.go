package aggregator

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
)

// PlaceFunc finds where a story happens: ISO 3166-1 alpha-2 country codes,
// region names (as config.Category.Region) and human-readable explanations
// such as "Beirut (LB, dateline)". The region package provides one.
type PlaceFunc func(title, body string) (countries, regions, places []string)

// Tagger files stories under the site's categories. Everything that can be
// prepared from the configuration is prepared in NewTagger: Tag runs once
// per story. A Tagger is safe for concurrent use.
type Tagger struct {
	slugs  []string       // category slugs in config order
	order  map[string]int // slug -> index in slugs
	places PlaceFunc
	// phrases maps the first word of a plain keyword to the keywords
	// starting with it, as word sequences.
	phrases map[string][]phrase
	// odd holds keywords with punctuation ("C++", "U.S."), matched with a
	// regular expression instead of by words.
	odd []oddKeyword
	// regions and countries map to the categories filed by place.
	regions   map[string][]int
	countries map[string][]int
	// maps holds each source's categories_map, keys folded.
	maps map[string]map[string]string
}

// phrase is a keyword as lower-case words, and its category.
type phrase struct {
	words []string
	cat   int
}

// oddKeyword is a keyword matched by a regular expression.
type oddKeyword struct {
	re  *regexp.Regexp
	cat int
}

// NewTagger prepares category rules from cfg. places may be nil, in which
// case no story is filed by place.
func NewTagger(cfg *config.Config, places PlaceFunc) *Tagger {
	t := &Tagger{
		order:     map[string]int{},
		places:    places,
		phrases:   map[string][]phrase{},
		regions:   map[string][]int{},
		countries: map[string][]int{},
		maps:      map[string]map[string]string{},
	}
	if cfg == nil {
		return t
	}
	for i, c := range cfg.Categories {
		t.slugs = append(t.slugs, c.Slug)
		t.order[c.Slug] = i
		for _, kw := range c.Keywords {
			t.addKeyword(kw, i)
		}
		if c.Region != "" {
			r := strings.ToLower(c.Region)
			t.regions[r] = append(t.regions[r], i)
		}
		for _, cc := range c.Countries {
			cc = strings.ToUpper(cc)
			t.countries[cc] = append(t.countries[cc], i)
		}
	}
	for _, s := range cfg.Sources {
		t.maps[s.URL] = foldMap(s.CategoriesMap)
	}
	return t
}

// addKeyword compiles one keyword of category cat.
func (t *Tagger) addKeyword(kw string, cat int) {
	kw = strings.TrimSpace(kw)
	words := words(kw)
	if len(words) == 0 {
		return
	}
	if strings.Join(words, " ") == strings.ToLower(collapseSpace(kw)) {
		t.phrases[words[0]] = append(t.phrases[words[0]], phrase{words: words, cat: cat})
		return
	}
	// Word boundaries in the Unicode sense: not preceded or followed by a
	// letter, mark or digit.
	re := regexp.MustCompile(`(?i)(?:^|[^\pL\pM\pN])` + regexp.QuoteMeta(kw) + `(?:$|[^\pL\pM\pN])`)
	t.odd = append(t.odd, oddKeyword{re: re, cat: cat})
}

// foldMap returns m with trimmed, case-folded keys.
func foldMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return out
}

// Tag sets it.Categories: the source's default category, the categories its
// categories_map gives for the upstream categories, the categories whose
// keywords occur as whole words in the title or text, and, with a
// PlaceFunc, those of the story's regions and countries (it.Places is set
// too). Categories are unique and in config order; slugs the config does
// not know (and categories already on the item) come last.
func (t *Tagger) Tag(it *store.Item, src config.Source) {
	t.TagText(it, src, StoryText(it))
}

// StoryText is the plain text a story is tagged and fingerprinted by: its
// full content, or its summary when it has none. Summary and content are
// not joined, since the summary usually repeats the lead and would count
// every place in it twice.
func StoryText(it *store.Item) string {
	if it.ContentHTML != "" {
		return PlainText(it.ContentHTML)
	}
	return PlainText(it.SummaryHTML)
}

// TagText is Tag with the story's plain text (StoryText) already computed,
// so that the ingest path extracts it once for tagging and dedupe.
func (t *Tagger) TagText(it *store.Item, src config.Source, body string) {
	hit := make([]bool, len(t.slugs))
	var extra []string
	add := func(slug string) {
		if slug == "" {
			return
		}
		if i, ok := t.order[slug]; ok {
			hit[i] = true
			return
		}
		for _, e := range extra {
			if e == slug {
				return
			}
		}
		extra = append(extra, slug)
	}
	for _, c := range it.Categories {
		add(c)
	}
	add(src.Category)
	m, ok := t.maps[src.URL]
	if !ok {
		m = foldMap(src.CategoriesMap)
	}
	for _, uc := range it.UpstreamCategories {
		add(m[strings.ToLower(strings.TrimSpace(uc))])
	}
	t.matchKeywords(it.Title+" \u2029 "+body, hit)
	if t.places != nil {
		countries, regions, places := t.places(it.Title, body)
		for _, r := range regions {
			for _, i := range t.regions[strings.ToLower(r)] {
				hit[i] = true
			}
		}
		for _, c := range countries {
			for _, i := range t.countries[strings.ToUpper(c)] {
				hit[i] = true
			}
		}
		it.Places = places
	}
	cats := make([]string, 0, len(extra)+4)
	for i, h := range hit {
		if h {
			cats = append(cats, t.slugs[i])
		}
	}
	it.Categories = append(cats, extra...)
}

// matchKeywords marks the categories whose keywords occur in text.
func (t *Tagger) matchKeywords(text string, hit []bool) {
	if len(t.phrases) > 0 {
		ws := words(text)
		for i, w := range ws {
			for _, p := range t.phrases[w] {
				if !hit[p.cat] && hasPrefixWords(ws[i:], p.words) {
					hit[p.cat] = true
				}
			}
		}
	}
	for _, o := range t.odd {
		if !hit[o.cat] && o.re.MatchString(text) {
			hit[o.cat] = true
		}
	}
}

// hasPrefixWords reports whether ws starts with the words of p.
func hasPrefixWords(ws, p []string) bool {
	if len(ws) < len(p) {
		return false
	}
	for i := range p {
		if ws[i] != p[i] {
			return false
		}
	}
	return true
}

// words splits s into lower-case words: maximal runs of letters, marks and
// digits. Punctuation and spaces separate words; a paragraph separator
// (U+2029) is kept as a word of its own so that phrases do not match across
// the title/body seam.
func words(s string) []string {
	out := make([]string, 0, len(s)/6+1)
	start := -1
	for i, r := range s {
		in := r < utf8.RuneSelf && ('a' <= r|0x20 && r|0x20 <= 'z' || '0' <= r && r <= '9') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, strings.ToLower(s[start:i]))
			start = -1
		}
		if r == '\u2029' {
			out = append(out, "\u2029")
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}
