package aggregator

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/story"
)

// PlaceFunc finds where a story happens. The region package provides one
// (RegionPlaces).
type PlaceFunc func(title, body string) Places

// Places is where a story happens.
type Places struct {
	// Countries (ISO 3166-1 alpha-2) and Regions (as config.Category.Region)
	// are the story's places as agencies code them: the dateline's country
	// is one of them.
	Countries, Regions []string
	// SubjectCountries and SubjectRegions leave out a country named only
	// in the dateline (a bureau or hub), for categories with dateline:
	// subject. Nil means the same as Countries and Regions.
	SubjectCountries, SubjectRegions []string
	// Explain is for editors: "Beirut (LB, dateline)", "Lebanon (LB, title)".
	Explain []string
}

// tagger files stories under the site's categories. Everything that can be
// prepared from the configuration is prepared in newTagger: Tag runs once
// per story. A tagger is safe for concurrent use.
type tagger struct {
	slugs  []string       // category slugs in config order
	order  map[string]int // slug -> index in slugs
	places PlaceFunc
	// phrases maps the first word of a plain keyword to the keywords
	// starting with it, as word sequences.
	phrases map[string][]phrase
	// firsts has bit n of firsts[c] set when a first word of phrases
	// starts with byte c and is n bytes long (n capped at 63): most
	// words of a text are rejected without a map lookup.
	firsts [256]uint64
	// odd holds keywords with punctuation ("C++", "U.S."), matched with a
	// regular expression instead of by words.
	odd []oddKeyword
	// regions and countries map to the categories filed by place.
	regions   map[string][]int
	countries map[string][]int
	// subject marks the categories with dateline: subject.
	subject []bool
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

// newTagger prepares category rules from cfg. places may be nil, in which
// case no story is filed by place.
func newTagger(cfg *config.Config, places PlaceFunc) *tagger {
	t := &tagger{
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
		t.subject = append(t.subject, c.Dateline == config.DatelineSubject)
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
func (t *tagger) addKeyword(kw string, cat int) {
	kw = strings.TrimSpace(kw)
	words := words(kw)
	if len(words) == 0 {
		return
	}
	if strings.Join(words, " ") == strings.ToLower(htmlkit.CollapseSpace(kw)) {
		t.phrases[words[0]] = append(t.phrases[words[0]], phrase{words: words, cat: cat})
		t.firsts[words[0][0]] |= 1 << min(len(words[0]), 63)
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
func (t *tagger) Tag(it *story.Item, src config.Source) {
	t.tagText(it, src, storyText(it))
}

// storyText is the plain text a story is tagged and fingerprinted by: its
// full content, or its summary when it has none. Summary and content are
// not joined, since the summary usually repeats the lead and would count
// every place in it twice.
func storyText(it *story.Item) string {
	if it.ContentHTML != "" {
		return htmlkit.PlainText(it.ContentHTML)
	}
	return htmlkit.PlainText(it.SummaryHTML)
}

// tagText is Tag with the story's plain text (storyText) already computed,
// so that the ingest path extracts it once for tagging and dedupe.
func (t *tagger) tagText(it *story.Item, src config.Source, body string) {
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
	t.matchKeywords(it.Title, body, hit)
	if t.places != nil {
		p := t.places(it.Title, body)
		t.matchPlaces(p.Countries, p.Regions, false, hit)
		if p.SubjectCountries != nil || p.SubjectRegions != nil {
			t.matchPlaces(p.SubjectCountries, p.SubjectRegions, true, hit)
		} else {
			t.matchPlaces(p.Countries, p.Regions, true, hit)
		}
		it.Places = p.Explain
	}
	cats := make([]string, 0, len(extra)+4)
	for i, h := range hit {
		if h {
			cats = append(cats, t.slugs[i])
		}
	}
	it.Categories = append(cats, extra...)
}

// matchPlaces marks the categories filed by these countries and regions:
// those with dateline: subject when subject is set, the others otherwise.
func (t *tagger) matchPlaces(countries, regions []string, subject bool, hit []bool) {
	for _, r := range regions {
		for _, i := range t.regions[strings.ToLower(r)] {
			if t.subject[i] == subject {
				hit[i] = true
			}
		}
	}
	for _, c := range countries {
		for _, i := range t.countries[strings.ToUpper(c)] {
			if t.subject[i] == subject {
				hit[i] = true
			}
		}
	}
}

// matchKeywords marks the categories whose keywords occur in the title
// or the text. A paragraph separator stands between the two: no keyword
// matches across it.
func (t *tagger) matchKeywords(title, text string, hit []bool) {
	if len(t.phrases) > 0 {
		// No phrase holds U+2029 (its keyword would be an odd one), so
		// none spans the seam.
		t.matchPhrases(title, hit)
		t.matchPhrases(text, hit)
	}
	if len(t.odd) == 0 {
		return
	}
	joined := title + " \u2029 " + text
	for _, o := range t.odd {
		if !hit[o.cat] && o.re.MatchString(joined) {
			hit[o.cat] = true
		}
	}
}

// matchPhrases marks the categories of the plain keywords in s. Words are
// lower-cased into a stack buffer only when their first byte and length
// may start a phrase.
func (t *tagger) matchPhrases(s string, hit []bool) {
	var arr [64]byte
	buf := arr[:0]
	for i := 0; ; {
		w, next, ascii := nextWord(s, i)
		if w == "" {
			return
		}
		i = next
		// Lower-casing keeps an ASCII first byte ASCII, and the length
		// of an ASCII word; a non-ASCII rune may lower to ASCII ("K").
		if c := w[0]; c < utf8.RuneSelf {
			n := len(w)
			if !ascii {
				n = 0 // unknown: any length
			}
			if t.firsts[c|0x20]&(1<<min(n, 63)) == 0 && (ascii || t.firsts[c|0x20] == 0) {
				continue
			}
		}
		buf = lowerWord(buf[:0], w)
		for _, p := range t.phrases[string(buf)] {
			if !hit[p.cat] && followedBy(s, next, p.words[1:]) {
				hit[p.cat] = true
			}
		}
	}
}

// lowerWord appends the lower case of w, as strings.ToLower writes it, to
// dst.
func lowerWord(dst []byte, w string) []byte {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[i:])
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
		i += n
	}
	return dst
}

// followedBy reports whether the lower-cased words of s from offset i on
// start with ws.
func followedBy(s string, i int, ws []string) bool {
	var arr [64]byte
	for _, want := range ws {
		var w string
		w, i, _ = nextWord(s, i)
		if w == "" || string(lowerWord(arr[:0], w)) != want {
			return false
		}
	}
	return true
}

// nextWord returns the first word of s at or after offset i, as words
// splits s (without lower-casing it), the offset after it, and whether it
// is all ASCII; w is "" when there is none.
func nextWord(s string, i int) (w string, next int, ascii bool) {
	start := -1
	ascii = true
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' {
				if start < 0 {
					start = i
				}
			} else if start >= 0 {
				return s[start:i], i, ascii
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			ascii = false
		case start >= 0:
			return s[start:i], i, ascii
		case r == '\u2029':
			return s[i : i+n], i + n, false
		}
		i += n
	}
	if start >= 0 {
		return s[start:], len(s), ascii
	}
	return "", len(s), ascii
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
