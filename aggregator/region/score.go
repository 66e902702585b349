package region

import (
	"sort"
	"strings"
)

// cscore accumulates a country's score.
type cscore struct {
	code     string
	score    float64
	dateline float64 // the dateline counts once per country
	beyond   bool    // mentioned outside the dateline too
	first    int32   // first token, to break ties by order of appearance
}

// place is one line of the Places explanation being built.
type place struct {
	canon, code string
	zone        zone
	first       int32
}

func (d *Detector) zoneMult(z zone) float64 {
	switch z {
	case zoneTitle:
		return d.opt.titleWeight
	case zoneDateline:
		return d.opt.datelineWeight
	case zoneLead:
		return d.opt.leadWeight
	case zoneBody:
		return d.opt.bodyWeight
	}
	return 0
}

// score sums mention weights per country, keeps the countries that reach
// both the absolute floor and the fraction of the top score, and explains
// the choice.
func (d *Detector) score(sc *scratch) Result {
	for i := range sc.ments {
		m := &sc.ments[i]
		if m.drop || m.country == "" {
			continue
		}
		w := m.e.weight * d.zoneMult(m.zone)
		cs := sc.scoreOf(m.country, m.tok)
		if m.zone == zoneDateline {
			if w > cs.dateline {
				cs.score += w - cs.dateline
				cs.dateline = w
			}
			continue
		}
		cs.score += w
		cs.beyond = true
	}
	// A country named only in the dateline is where the bureau sits
	// ("DUBAI (Reuters) - Iran ...", "GENEVA (Reuters) - talks ..."): it
	// counts only when no country named in the story itself qualifies.
	top, topBeyond := 0.0, 0.0
	for _, cs := range sc.scores {
		top = max(top, cs.score)
		if cs.beyond {
			topBeyond = max(topBeyond, cs.score)
		}
	}
	onlyBeyond := topBeyond >= d.opt.minScore
	if onlyBeyond {
		top = topBeyond
	}
	kept := sc.scores[:0]
	for _, cs := range sc.scores {
		if cs.score >= d.opt.minScore && cs.score >= d.opt.relScore*top && (cs.beyond || !onlyBeyond) {
			kept = append(kept, cs)
		}
	}
	if len(kept) == 0 {
		return Result{}
	}
	sort.SliceStable(kept, func(a, b int) bool {
		if kept[a].score != kept[b].score {
			return kept[a].score > kept[b].score
		}
		return kept[a].first < kept[b].first
	})
	var r Result
	for _, cs := range kept {
		r.Countries = append(r.Countries, cs.code)
		if reg := RegionOf(cs.code); reg != "" && !contains(r.Regions, reg) {
			r.Regions = append(r.Regions, reg)
		}
	}
	r.Places = explain(sc, r.Countries)
	return r
}

func (sc *scratch) scoreOf(code string, tok int32) *cscore {
	for i := range sc.scores {
		if sc.scores[i].code == code {
			return &sc.scores[i]
		}
	}
	sc.scores = append(sc.scores, cscore{code: code, first: tok})
	return &sc.scores[len(sc.scores)-1]
}

// explain lists each name of a kept country once, at its heaviest zone:
// "Beirut (LB, dateline)", "Lebanon (LB, title)".
func explain(sc *scratch, countries []string) []string {
	for i := range sc.ments {
		m := &sc.ments[i]
		if m.drop || !contains(countries, m.country) {
			continue
		}
		found := false
		for k := range sc.places {
			p := &sc.places[k]
			if p.canon == m.e.canon && p.code == m.country {
				p.zone = min(p.zone, m.zone)
				found = true
				break
			}
		}
		if !found {
			sc.places = append(sc.places, place{canon: m.e.canon, code: m.country, zone: m.zone, first: m.tok})
		}
	}
	rank := func(code string) int {
		for i, c := range countries {
			if c == code {
				return i
			}
		}
		return len(countries)
	}
	sort.SliceStable(sc.places, func(a, b int) bool {
		pa, pb := sc.places[a], sc.places[b]
		if ra, rb := rank(pa.code), rank(pb.code); ra != rb {
			return ra < rb
		}
		if pa.zone != pb.zone {
			return pa.zone < pb.zone
		}
		return pa.first < pb.first
	})
	out := make([]string, len(sc.places))
	var b strings.Builder
	for i, p := range sc.places {
		b.Reset()
		b.WriteString(p.canon)
		b.WriteString(" (")
		b.WriteString(p.code)
		b.WriteString(", ")
		b.WriteString(p.zone.String())
		b.WriteString(")")
		out[i] = b.String()
	}
	return out
}
