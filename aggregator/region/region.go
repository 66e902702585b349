// Package region files wire stories under countries (ISO 3166-1 alpha-2)
// and five editorial regions using a built-in gazetteer.
//
// A Detector tokenizes the title and the body once, looks every word up in
// a trie of place names, demonyms, capitals, cities and a few metonyms
// ("Kremlin", "Hezbollah"), resolves ambiguous names from the rest of the
// story (Georgia, Jordan, Congo, Turkey, Washington, ...), scores each
// country by where it is mentioned (title and dateline weigh most) and keeps
// the countries whose score is close enough to the story's top country.
// See docs/EDITORIAL.md, "Region tagging", for the method and its figures.
package region

import (
	"slices"
	"sync"
)

// The five editorial regions. Every country in the gazetteer maps to
// exactly one of them.
const (
	MiddleEast  = "middle-east"
	Africa      = "africa"
	AsiaPacific = "asia-pacific"
	Europe      = "europe"
	Americas    = "americas"
)

// Regions lists the region slugs in a stable display order.
func Regions() []string {
	return []string{MiddleEast, Africa, AsiaPacific, Europe, Americas}
}

// Result is what Detect found in one story.
type Result struct {
	// Countries are ISO 3166-1 alpha-2 codes (plus XK for Kosovo), by
	// descending weight.
	Countries []string
	// Regions are the regions of Countries, in the same order, without
	// repeats.
	Regions []string
	// Places explains the filing for editors, e.g. "Beirut (LB, dateline)"
	// or "Lebanon (LB, title)": one entry per distinct name of a kept
	// country, at the heaviest position where it occurred.
	Places []string
	// DatelineOnly are the countries of Countries kept only because the
	// dateline names them (a bureau or hub dateline: "DUBAI (Reuters) -
	// Iran ..."). Agencies code the dateline's country as one of the
	// story's places; a desk that files by subject leaves these out
	// (Subject).
	DatelineOnly []string
}

// Subject returns the countries and regions the story itself is about:
// Countries and Regions without the dateline-only countries.
func (r Result) Subject() (countries, regions []string) {
	if len(r.DatelineOnly) == 0 {
		return r.Countries, r.Regions
	}
	for _, c := range r.Countries {
		if slices.Contains(r.DatelineOnly, c) {
			continue
		}
		countries = append(countries, c)
		if reg := RegionOf(c); reg != "" && !slices.Contains(regions, reg) {
			regions = append(regions, reg)
		}
	}
	return countries, regions
}

// Detector holds the compiled gazetteer. It is immutable after New and safe
// for concurrent use by many goroutines.
type Detector struct {
	g    *gazetteer
	pool sync.Pool // *scratch, reused between calls to avoid per-story allocations
	opt  options
}

// options are the scoring knobs; defaults() holds the tuned values.
type options struct {
	titleWeight, datelineWeight, leadWeight, bodyWeight float64
	minScore                                            float64 // absolute floor for a kept country
	relScore                                            float64 // fraction of the top country's score
	bodyFull                                            int     // body mentions per country at full weight
	bodyDecay                                           float64 // weight factor for further body mentions
}

func defaults() options {
	return options{
		titleWeight:    3,
		datelineWeight: 3,
		leadWeight:     2,
		bodyWeight:     1,
		minScore:       2,
		relScore:       0.35,
		bodyFull:       3,
		bodyDecay:      0.5,
	}
}

// Inputs beyond these sizes are ignored: a wire story is a few thousand
// bytes, and a pathological upstream item must not cost more than a long
// story or pin a large buffer in the pool.
const (
	maxBody  = 64 << 10
	maxTitle = 1 << 10
)

// New builds the gazetteer and its matcher. It is meant to be called once
// per process; building takes a few milliseconds.
func New() *Detector {
	d := &Detector{g: buildGazetteer(), opt: defaults()}
	d.pool.New = func() any { return new(scratch) }
	return d
}

// Detect files one story. title is the headline; body is plain text whose
// first line may carry a dateline ("BEIRUT, Nov 25 (Reuters) - ...",
// "TEHRAN (AFP) —", "GAZA CITY, Gaza Strip (AP) —").
func (d *Detector) Detect(title, body string) Result {
	if len(body) > maxBody {
		body = body[:maxBody] // place names that matter come early; keeps the cost bounded
	}
	if len(title) > maxTitle {
		title = title[:maxTitle]
	}
	sc, ok := d.pool.Get().(*scratch)
	if !ok {
		sc = new(scratch)
	}
	defer d.pool.Put(sc)
	sc.reset()
	if n := len(title) + len(body); cap(sc.keys) < n {
		sc.keys = make([]byte, 0, n)
		sc.toks = make([]token, 0, n/5+8)
	}
	sc.tokenizeTitle(title)
	sc.tokenizeBody(body)
	d.g.match(sc)
	d.g.applyRules(sc)
	return d.score(sc)
}

// RegionOf returns the region slug of an ISO 3166-1 alpha-2 country code
// (case-insensitive), or "" when the code is unknown.
func RegionOf(country string) string {
	return regionTable()[upperASCII(country)]
}

func upperASCII(s string) string {
	if len(s) != 2 {
		return s
	}
	b := []byte{s[0], s[1]}
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
