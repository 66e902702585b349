package region

import (
	"slices"
	"strings"
)

// cscore accumulates a country's score.
type cscore struct {
	code     cc
	score    float64
	dateline float64 // the dateline counts once per country
	beyond   bool    // mentioned outside the dateline too
	body     int     // body mentions so far
	first    int32   // first token, to break ties by order of appearance
}

// place is one line of the Places explanation being built.
type place struct {
	id, rank int // entry id; index of the country in Result.Countries
	canon    string
	zone     zone
	first    int32
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
		if m.drop || m.country == 0 {
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
		if m.zone == zoneBody {
			// Repetition in the body saturates: the story's subject is
			// named again and again, a second country a few times.
			cs.body++
			if cs.body > d.opt.bodyFull {
				w *= d.opt.bodyDecay
			}
		}
		cs.score += w
		cs.beyond = true
	}
	// A country named only in the dateline is often just where the bureau
	// sits ("DUBAI (Reuters) - Iran ...", "GENEVA (Reuters) - talks ..."):
	// for the story's subject it yields to any country the story itself
	// names at least as heavily. Agencies still code the dateline's
	// country as one of the story's places (it is among their place codes
	// in about 97 % of stories, hub datelines included), so it is kept,
	// marked as a dateline-only place that a desk filing by subject can
	// leave out.
	top, topBeyond, topDateline := 0.0, 0.0, 0.0
	for _, cs := range sc.scores {
		top = max(top, cs.score)
		if cs.beyond {
			topBeyond = max(topBeyond, cs.score)
		} else {
			topDateline = max(topDateline, cs.score)
		}
	}
	bureau := topBeyond >= d.opt.minScore && topBeyond >= topDateline
	if bureau {
		top = topBeyond
	}
	kept := sc.scores[:0]
	var datelineOnly []cc
	for _, cs := range sc.scores {
		switch {
		case cs.score >= d.opt.minScore && cs.score >= d.opt.relScore*top && (cs.beyond || !bureau):
			kept = append(kept, cs)
		case cs.dateline > 0:
			kept = append(kept, cs)
			datelineOnly = append(datelineOnly, cs.code)
		}
	}
	if len(kept) == 0 {
		return Result{}
	}
	slices.SortStableFunc(kept, func(a, b cscore) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return int(a.first - b.first)
	})
	r := Result{Countries: make([]string, len(kept))}
	for i, cs := range kept {
		r.Countries[i] = d.g.codes[cs.code]
		if reg := d.g.regions[cs.code]; reg != "" && !slices.Contains(r.Regions, reg) {
			r.Regions = append(r.Regions, reg)
		}
	}
	for _, c := range datelineOnly {
		r.DatelineOnly = append(r.DatelineOnly, d.g.codes[c])
	}
	r.Places = explain(sc, kept, r.Countries)
	return r
}

func (sc *scratch) scoreOf(code cc, tok int32) *cscore {
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
func explain(sc *scratch, kept []cscore, countries []string) []string {
	for i := range sc.ments {
		m := &sc.ments[i]
		if m.drop {
			continue
		}
		rank := -1
		for k := range kept {
			if kept[k].code == m.country {
				rank = k
				break
			}
		}
		if rank < 0 {
			continue
		}
		found := false
		for k := range sc.places {
			if p := &sc.places[k]; p.id == m.e.id && p.rank == rank {
				p.zone = min(p.zone, m.zone)
				found = true
				break
			}
		}
		if !found {
			sc.places = append(sc.places, place{id: m.e.id, canon: m.e.canon, rank: rank, zone: m.zone, first: m.tok})
		}
	}
	slices.SortStableFunc(sc.places, func(a, b place) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if a.zone != b.zone {
			return int(a.zone) - int(b.zone)
		}
		return int(a.first - b.first)
	})
	// One string holds every line: a story names a score of places, and
	// a string each was most of Detect's allocations.
	size := 0
	for _, p := range sc.places {
		size += placeLen(p, countries)
	}
	var b strings.Builder
	b.Grow(size)
	for _, p := range sc.places {
		b.WriteString(p.canon)
		b.WriteString(" (")
		b.WriteString(countries[p.rank])
		b.WriteString(", ")
		b.WriteString(p.zone.String())
		b.WriteString(")")
	}
	all := b.String()
	out := make([]string, len(sc.places))
	for i, p := range sc.places {
		n := placeLen(p, countries)
		out[i], all = all[:n], all[n:]
	}
	return out
}

// placeLen is the length of the Places line of p.
func placeLen(p place, countries []string) int {
	return len(p.canon) + len(" (") + len(countries[p.rank]) + len(", ") + len(p.zone.String()) + len(")")
}
