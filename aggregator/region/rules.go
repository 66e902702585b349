package region

import "slices"

// applyRules decides, for every mention, whether it counts and for which
// country. Order matters: local patterns first ("X County", "City, State",
// person names), then story-level ones (the bird, surnames used alone),
// then ambiguous names are resolved from the evidence that is left.
func (g *gazetteer) applyRules(sc *scratch) {
	for i := range sc.ments {
		m := &sc.ments[i]
		switch m.e.kind {
		case kindStop:
			m.drop = true
		case kindCue:
			m.drop = true
			if len(m.e.cands) > 0 {
				sc.addEv(m.e.cands[0], 1)
			}
		}
		if m.zone == zoneSkip {
			m.drop = true
		}
	}
	for i := range sc.ments {
		if m := &sc.ments[i]; !m.drop {
			g.suffix(sc, m)
			g.cityState(sc, i)
		}
	}
	for i := range sc.ments {
		m := &sc.ments[i]
		if code := sc.relocated(m.e.id); code != 0 && !m.drop && m.forced == 0 {
			m.forced = code // "a chemical plant in Lebanon" after "LEBANON, Pa."
		}
	}
	for i := range sc.ments {
		if m := &sc.ments[i]; !m.drop && m.e.person && m.forced == 0 {
			g.personName(sc, m)
		}
	}
	for i := range sc.ments {
		m := &sc.ments[i]
		if !m.drop && m.zone != zoneDateline && sc.isPerson(m.e.id) {
			m.drop = true
		}
	}
	g.birdRule(sc)
	g.foreignMarket(sc)
	for i := range sc.ments {
		m := &sc.ments[i]
		switch {
		case m.drop:
		case m.forced != 0:
			m.country = m.forced
		case len(m.e.cands) == 1:
			m.country = m.e.cands[0]
		}
		if m.country != 0 {
			sc.addEv(m.country, m.e.weight*zoneWeight(m.zone))
		}
	}
	for i := range sc.ments {
		if m := &sc.ments[i]; !m.drop && m.country == 0 && len(m.e.cands) > 1 {
			m.country = sc.resolve(m.e.cands)
		}
	}
}

// zoneWeight is the evidence weight of a zone when resolving ambiguity;
// scoring uses the Detector's tunable weights.
func zoneWeight(z zone) float64 {
	switch z {
	case zoneTitle, zoneDateline:
		return 3
	case zoneLead:
		return 2
	}
	return 1
}

// resolve picks the candidate with the most evidence elsewhere in the
// story; the gazetteer's first candidate wins ties (Georgia the country,
// the Democratic Republic of Congo, Tripoli in Libya).
func (sc *scratch) resolve(cands []cc) cc {
	best, bestEv := cands[0], sc.evOf(cands[0])
	for _, c := range cands[1:] {
		if ev := sc.evOf(c); ev > bestEv {
			best, bestEv = c, ev
		}
	}
	return best
}

// suffix drops "Lebanon County", "Jordan Township" (US local government)
// and descriptive compounds that say nothing about what the story is about:
// "the Oslo-based group", "a Liberian-flagged tanker", "Chinese-made drones".
func (g *gazetteer) suffix(sc *scratch, m *mention) {
	next := int(m.tok + m.n)
	if next >= len(sc.toks) || sc.tokMent[next] >= 0 {
		return
	}
	if sc.toks[next].sep == sepJoin {
		switch string(sc.key(next)) {
		case "based", "listed", "born", "headquartered", "registered", "flagged", "made", "educated", "run", "owned", "operated":
			m.drop = true
		}
		return
	}
	if sc.toks[next].sep != sepSpace {
		return
	}
	if m.zone != zoneDateline && currencyWords[string(sc.key(next))] {
		m.drop = true // "the U.S. dollar", "40 mln Canadian dlrs": a currency, not a place
		return
	}
	switch string(sc.key(next)) {
	case "county", "township", "parish":
		if sc.toks[next].flags&fUpper != 0 && !slices.Contains(m.e.cands, g.us) {
			m.drop = true
			sc.reloc = append(sc.reloc, reloc{m.e.id, g.us})
		}
	}
}

// cityState handles "Place, State" and "City, Country": the part after the
// comma says which place is meant ("Paris, Texas", "Lebanon, Pa.",
// "Athens, Georgia", "Tbilisi, Georgia").
func (g *gazetteer) cityState(sc *scratch, i int) {
	m := &sc.ments[i]
	next := int(m.tok + m.n)
	if next >= len(sc.toks) || sc.toks[next].sep != sepComma {
		return
	}
	if j := sc.tokMent[next]; j >= 0 {
		m2 := &sc.ments[j]
		switch {
		case m2.e.abbr && slices.Contains(m.e.cands, m2.e.cands[0]):
			m.forced = m2.e.cands[0] // "PORTLAND, Ore.", "LONDON, Ont."
		case m2.e.abbr:
			m.drop = true // "CAMBRIDGE, Mass.": the town is in the state's country
			sc.reloc = append(sc.reloc, reloc{m.e.id, m2.e.cands[0]})
		case m2.e.state && slices.Contains(m.e.cands, g.us):
			m.forced, m2.forced = g.us, g.us
		case m2.e.state && len(m2.e.cands) > 1: // "Athens, Georgia" vs "Tbilisi, Georgia"
			if m.e.kind != kindPlace {
				return // a list of countries: "Israel, Georgia and Ukraine"
			}
			if c := m.e.cands[0]; len(m.e.cands) == 1 && slices.Contains(m2.e.cands, c) {
				m2.forced = c
				return
			}
			m.drop, m2.forced = true, g.us
			sc.reloc = append(sc.reloc, reloc{m.e.id, g.us})
		case m2.e.state:
			m.drop = true
			sc.reloc = append(sc.reloc, reloc{m.e.id, g.us})
		case m.e.kind == kindPlace && m2.e.kind == kindName && len(m2.e.cands) == 1 &&
			!slices.Contains(m.e.cands, m2.e.cands[0]):
			m.drop = true // "Armenia, Colombia"-style: the place is in the named country
			sc.reloc = append(sc.reloc, reloc{m.e.id, m2.e.cands[0]})
		}
		return
	}
	t := sc.toks[next]
	if g.abbrevs[string(sc.key(next))] && (t.flags&(fDot|fDotted) != 0 ||
		t.flags&fAllCaps != 0 && t.ke-t.ks == 2) && t.flags&fUpper != 0 {
		if slices.Contains(m.e.cands, g.us) {
			m.forced = g.us
		} else {
			m.drop = true
			sc.reloc = append(sc.reloc, reloc{m.e.id, g.us})
		}
	}
}

// personName drops a place name used as a person's name: after a first
// name, an initial or another capitalised word inside a sentence it is a
// surname ("Michael Jordan", "Michael B. Jordan", "said Vernon Jordan"),
// and every other bare use in the story is that person ("Jordan said");
// before a capitalised word that is not an institution it is a first name
// ("Chad Daybell", "Israel Katz", "Jordan Bardella").
func (g *gazetteer) personName(sc *scratch, m *mention) {
	if m.n != 1 || m.zone == zoneDateline {
		return
	}
	i := int(m.tok)
	t := sc.toks[i]
	if t.flags&fNoCase != 0 {
		return
	}
	if i > 0 && t.sep == sepSpace && t.flags&fSentStart == 0 {
		p, key := sc.toks[i-1], sc.key(i-1)
		if p.flags&fUpper != 0 && p.flags&fAllCaps == 0 && sc.tokMent[i-1] < 0 &&
			(g.given[string(key)] || p.flags&fSentStart == 0 && !g.heads[string(key)]) {
			m.drop = true
			sc.person = append(sc.person, m.e.id)
			return
		}
	}
	if i > 0 && t.sep == sepAbbrev && sc.toks[i-1].ke-sc.toks[i-1].ks == 1 && i > 1 &&
		g.given[string(sc.key(i-2))] {
		m.drop = true // "Michael B. Jordan"
		sc.person = append(sc.person, m.e.id)
		return
	}
	if j := i + 1; j < len(sc.toks) && t.flags&fPoss == 0 {
		q := sc.toks[j]
		if q.sep == sepSpace && q.flags&fUpper != 0 && q.flags&(fAllCaps|fSentStart) == 0 &&
			sc.tokMent[j] < 0 && !g.followers[string(sc.key(j))] {
			m.drop = true
		}
	}
}

// reloc records that a name was shown by a local rule to be a place in
// another country; the story's other bare uses of the name follow.
type reloc struct {
	id   int
	code cc
}

func (sc *scratch) relocated(id int) cc {
	for _, r := range sc.reloc {
		if r.id == id {
			return r.code
		}
	}
	return 0
}

func (sc *scratch) isPerson(id int) bool {
	for _, p := range sc.person {
		if p == id {
			return true
		}
	}
	return false
}

// birdRule: in a story about Thanksgiving dinner, "Turkey" at the start of a
// sentence or in a headline is the bird. With at least two food cues and
// fewer than half as many other signs of the country (Turkish, Ankara, ...),
// every "Turkey" is dropped.
func (g *gazetteer) birdRule(sc *scratch) {
	bird := sc.evOf(g.bird)
	if bird < 2 {
		return
	}
	other := 0.0
	for i := range sc.ments {
		m := &sc.ments[i]
		if !m.drop && !m.e.bird && len(m.e.cands) == 1 && m.e.cands[0] == g.tr {
			other++
		}
	}
	if bird <= 2*other {
		return
	}
	for i := range sc.ments {
		if m := &sc.ments[i]; m.e.bird {
			m.drop = true
		}
	}
}

func (sc *scratch) addEv(code cc, w float64) {
	for i := range sc.ev {
		if sc.ev[i].code == code {
			sc.ev[i].score += w
			return
		}
	}
	sc.ev = append(sc.ev, cscore{code: code, score: w})
}

func (sc *scratch) evOf(code cc) float64 {
	for _, e := range sc.ev {
		if e.code == code {
			return e.score
		}
	}
	return 0
}

// currencyWords follow a country's name or demonym when it names a
// currency ("the U.S. dollar", "12 mln Canadian dlrs", "Swiss francs").
var currencyWords = map[string]bool{
	"dollar": true, "dollars": true, "dlr": true, "dlrs": true, "cents": true, "currency": true,
	"franc": true, "francs": true, "mark": true, "marks": true, "yen": true, "pound": true,
	"pounds": true, "sterling": true, "peso": true, "pesos": true, "lira": true, "rupee": true,
	"rupees": true, "ringgit": true, "rand": true, "crown": true, "crowns": true, "guilders": true,
	"dinar": true, "dinars": true, "riyal": true, "riyals": true, "yuan": true, "won": true,
}

// marketWords follow "U.S." in market copy written abroad: "worries about
// the U.S. trade deficit", "U.S. interest rates".
var marketWords = map[string]bool{
	"trade": true, "deficit": true, "interest": true, "rates": true, "economy": true,
	"economic": true, "data": true, "figures": true, "budget": true, "bond": true, "bonds": true,
	"stocks": true, "shares": true, "market": true, "markets": true, "treasury": true,
	"prime": true, "money": true, "inflation": true, "growth": true, "monetary": true,
	"yields": true, "futures": true, "recovery": true,
}

// foreignMarket drops "U.S." used as a market modifier ("the U.S. trade
// deficit", "U.S. interest rates") in the text of a story datelined in
// another country: a Tokyo or London market report is not about the
// United States. Headlines are left alone: "U.S. trade barbs" is a verb.
func (g *gazetteer) foreignMarket(sc *scratch) {
	abroad := false
	for i := range sc.ments {
		m := &sc.ments[i]
		if m.zone != zoneDateline || m.drop {
			continue
		}
		c := m.forced
		if c == 0 && len(m.e.cands) == 1 {
			c = m.e.cands[0]
		}
		if c == g.us {
			return
		}
		abroad = abroad || c != 0
	}
	if !abroad {
		return
	}
	for i := range sc.ments {
		m := &sc.ments[i]
		next := int(m.tok + m.n)
		if m.drop || m.zone < zoneLead || next >= len(sc.toks) || sc.toks[next].sep != sepSpace ||
			len(m.e.cands) != 1 || m.e.cands[0] != g.us {
			continue
		}
		if marketWords[string(sc.key(next))] {
			m.drop = true
		}
	}
}
