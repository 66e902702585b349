package region

import (
	"slices"
	"strings"
	"sync"
)

// kind is what a gazetteer phrase names.
type kind uint8

const (
	kindUnset   kind = iota // declared in ambiguousData, not yet seen in a country line
	kindName                // country name: "Lebanon"
	kindDemonym             // "Lebanese"
	kindPlace               // capital, city, province: "Beirut"
	kindOrg                 // organisation or metonym: "Hezbollah", "Kremlin"
	kindStop                // not a place: "Indian Ocean"
	kindCue                 // evidence for ambiguous names only: "governor"
)

// cc is a country (or cue pseudo-country) interned as a small integer:
// the matcher compares these per mention, never strings. 0 means none.
type cc int16

// entry is one gazetteer phrase (with its spelling variants merged).
type entry struct {
	id     int
	canon  string // display form: the first spelling, without flags
	cands  []cc   // countries; several for an ambiguous name; none for stops
	kind   kind
	weight float64
	person bool // also a person's name: "Jordan", "Chad", "Israel"
	bird   bool // "Turkey": the bird in a Thanksgiving story
	state  bool // a US state: re-files "City, State"
	abbr   bool // a dateline's state or province abbreviation ("Calif.", "Ont.")
}

type caseReq uint8

const (
	reqAny     caseReq = iota // written in lower case: any case matches
	reqUpper                  // Capitalised: needs a capital
	reqAllCaps                // ACRONYM: needs capitals
)

type variant struct {
	req []caseReq
	e   *entry
}

// node is a trie node keyed by word keys.
type node struct {
	next map[string]*node
	vars []variant
}

// gazetteer is the compiled matcher plus the word lists the rules use.
type gazetteer struct {
	root      map[string]*node
	entries   []*entry
	given     map[string]bool // first names
	heads     map[string]bool // words that may precede a place name
	followers map[string]bool // words that may follow a place name
	abbrevs   map[string]bool // US state abbreviations
	// stateAbbrevs are the AP abbreviations of US states and Canadian
	// provinces, read in datelines only (see stateAbbrev).
	stateAbbrevs map[string]*entry
	codes        []string      // cc -> "LB"; codes[0] is ""
	regions      []string      // cc -> region slug
	ids          map[string]cc // "LB" -> cc
	us, tr       cc            // countries the rules name
	bird         cc            // pseudo-country of the Thanksgiving cues
	lowerLen     [26]uint32    // bit n of [c-'a']: some phrase starts with a lower-case n-letter key starting with c
	sc           scratch       // build-time tokenizer memory
}

type section struct{ region, data string }

func sections() []section {
	return []section{
		{MiddleEast, middleEastData}, {Africa, africaData}, {Europe, europeData},
		{AsiaPacific, asiaPacificData}, {Americas, americasData}, {Americas, usData},
		{Americas, northAmericaTowns},
	}
}

// regionTable maps country codes to regions; it is derived once from the
// gazetteer text so that RegionOf needs no Detector.
var regionTable = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 256)
	for _, s := range sections() {
		for _, line := range strings.Split(s.data, "\n") {
			if code, _, ok := strings.Cut(line, "|"); ok {
				m[strings.TrimSpace(code)] = s.region
			}
		}
	}
	return m
})

func buildGazetteer() *gazetteer {
	g := &gazetteer{
		root:      make(map[string]*node, 4096),
		given:     wordSet(givenNames),
		heads:     wordSet(personHeads),
		followers: wordSet(placeFollowers),
		abbrevs:   wordSet(usStateAbbrevs),
		codes:     []string{""},
		regions:   []string{""},
		ids:       map[string]cc{"": 0},
	}
	g.us, g.tr, g.bird = g.code("US"), g.code("TR"), g.code("bird")
	for _, line := range lines(ambiguousData) {
		phrase, codes, _ := strings.Cut(line, "=")
		for _, c := range strings.Fields(codes) {
			g.add(strings.TrimSpace(phrase), c, kindUnset)
		}
	}
	kinds := [...]kind{kindName, kindDemonym, kindPlace, kindOrg}
	for _, s := range sections() {
		for _, line := range lines(s.data) {
			fields := strings.Split(line, "|")
			code := strings.TrimSpace(fields[0])
			for f, text := range fields[1:] {
				for _, p := range phrases(text) {
					g.add(p, code, kinds[f])
					if kinds[f] == kindDemonym {
						g.addPlural(p, code)
					}
				}
			}
		}
	}
	for _, p := range phrases(usStates) {
		g.add(p, "US", kindPlace).state = true
	}
	for _, p := range phrases(stopData) {
		g.add(p, "", kindStop)
	}
	code := ""
	for _, line := range lines(cueData) {
		if head, text, ok := strings.Cut(line, ":"); ok && !strings.ContainsAny(head, " ,") {
			code, line = head, text
		}
		for _, p := range phrases(line) {
			g.add(p, code, kindCue)
		}
	}
	g.addStateAbbrevs()
	g.sc = scratch{}
	return g
}

// addStateAbbrevs builds the dateline abbreviations of stateAbbrevData.
// They stay out of the trie: "Mass." and "Miss." are words elsewhere.
func (g *gazetteer) addStateAbbrevs() {
	g.stateAbbrevs = map[string]*entry{}
	code := ""
	for _, line := range lines(stateAbbrevData) {
		if head, text, ok := strings.Cut(line, ":"); ok {
			code, line = head, text
		}
		for _, p := range phrases(line) {
			key := strings.ToLower(strings.NewReplacer(".", "", " ", "").Replace(p))
			e := &entry{id: len(g.entries), canon: p, cands: []cc{g.code(code)}, kind: kindPlace, weight: 1, state: code == "US", abbr: true}
			g.entries = append(g.entries, e)
			g.stateAbbrevs[key] = e
		}
	}
}

// addPlural adds "Syrians" for "Syrian", "Iraqis" for "Iraqi".
func (g *gazetteer) addPlural(p, code string) {
	p = strings.TrimRight(p, "~^!")
	switch p[len(p)-1] {
	case 'n', 'i', 'o':
		g.add(p+"s", code, kindDemonym)
	}
}

// add inserts one phrase. A phrase already present with the same case
// pattern is merged: a new country makes it ambiguous, a real kind replaces
// a cue or a placeholder.
func (g *gazetteer) add(phrase, code string, k kind) *entry {
	person := strings.ContainsRune(phrase, '~')
	bird := strings.ContainsRune(phrase, '!')
	weight := 1.0
	if strings.ContainsRune(phrase, '^') {
		weight = 0.5
	}
	canon := strings.TrimRight(phrase, "~^!")
	g.sc.reset()
	g.sc.tokenize(canon, zoneMap{base: zoneBody})
	n := &node{next: g.root}
	req := make([]caseReq, len(g.sc.toks))
	for i, t := range g.sc.toks {
		key := string(g.sc.keys[t.ks:t.ke])
		child := n.next[key]
		if child == nil {
			if n.next == nil {
				n.next = make(map[string]*node, 2)
			}
			child = &node{}
			n.next[key] = child
		}
		n = child
		switch {
		case t.flags&fAllCaps != 0:
			req[i] = reqAllCaps
		case t.flags&fUpper != 0:
			req[i] = reqUpper
		}
	}
	var e *entry
	for _, v := range n.vars {
		if equalReq(v.req, req) {
			e = v.e
		}
	}
	if e == nil {
		e = &entry{id: len(g.entries), canon: canon, kind: k, weight: weight}
		g.entries = append(g.entries, e)
		n.vars = append(n.vars, variant{req: req, e: e})
	}
	switch {
	case e.kind == kindCue && k != kindCue: // a cue word that is also a place
		e.kind, e.weight, e.cands = k, weight, nil
	case k == kindCue && e.kind != kindCue: // a real place is evidence already
		return e
	case e.kind == kindUnset:
		e.kind, e.weight = k, weight
	}
	if c := g.code(code); c != 0 && !slices.Contains(e.cands, c) {
		e.cands = append(e.cands, c)
	}
	if req[0] == reqAny {
		if k := g.sc.key(0); len(k) < 32 && 'a' <= k[0] && k[0] <= 'z' {
			g.lowerLen[k[0]-'a'] |= 1 << len(k)
		}
	}
	e.person = e.person || person
	e.bird = e.bird || bird
	return e
}

// code interns a country code.
func (g *gazetteer) code(s string) cc {
	if c, ok := g.ids[s]; ok {
		return c
	}
	c := cc(len(g.codes))
	g.codes = append(g.codes, s)
	g.regions = append(g.regions, regionTable()[s])
	g.ids[s] = c
	return c
}

func equalReq(a, b []caseReq) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// lines returns the non-blank lines of a data block.
func lines(data string) []string {
	var out []string
	for _, l := range strings.Split(data, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// phrases splits a comma-separated list spread over lines.
func phrases(text string) []string {
	var out []string
	for _, p := range strings.Split(text, ",") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func wordSet(text string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(text) {
		m[w] = true
	}
	return m
}
