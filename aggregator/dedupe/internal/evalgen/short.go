package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// shortTemplate is a short wire item (35-130 words) that agencies file by
// the dozen: results tables, dividends, market closes, tenders, stakes.
// Word shingles carry little signal there, so these test what else tells a
// second carrier's copy from the same table about another company.
type shortTemplate struct {
	name, title, body string
	// alt, when set, is the body as a carrier re-edits it (other wording,
	// the same figures): some copies use it.
	alt  string
	fill func(r *rand.Rand, peer map[string]string) map[string]string
}

// shortStories is how many stories each short template yields (pairs of
// hard negatives), and shortCopies how many of them get carrier copies.
const (
	shortStories = 8
	shortCopies  = 4
)

// shortItems returns the stories of ts, in agency house style (capitals
// headline, "mln dlrs", "pct", a "TOWN, St., Mon D -" dateline, a "Reuter"
// sign-off), and for some of them one or two copies as other carriers
// file them.
func shortItems(ts []shortTemplate, split string) []Item {
	var out []Item
	for _, t := range ts {
		r := rngFor("short/" + t.name)
		var prev map[string]string
		for i := range shortStories {
			var peer map[string]string
			if i%2 == 1 {
				peer = prev
			}
			slots := t.fill(r, peer)
			prev = slots
			id := fmt.Sprintf("short/%s-%d", t.name, i+1)
			neg := ""
			if i%2 == 1 {
				neg = fmt.Sprintf("short/%s-%d", t.name, i)
			}
			title, body := strings.ToUpper(expand(t.title, slots)), expand(t.body, slots)
			out = append(out, Item{ID: id, Cluster: id, Role: "template", Split: split, Neg: neg, Title: title, Body: body})
			if i >= shortCopies {
				continue
			}
			for c := range 1 + r.IntN(2) {
				b := body
				if t.alt != "" && r.IntN(2) == 0 {
					b = expand(t.alt, slots)
				}
				e := carrierCopy(r, title, b, slots)
				if b != body {
					e.name = "reworded+" + e.name
				}
				out = append(out, Item{ID: fmt.Sprintf("%s/c%d", id, c+1), Cluster: id, Role: "variant", Split: split,
					Edits: e.name, Title: e.title, Body: strings.Join(e.paras, "\n")})
			}
		}
	}
	return out
}

// carrierAgencies are the tags other carriers put after a dateline; none
// is a known agency name.
var carrierAgencies = []string{"Northwind", "GPS", "Meridian News", "Baltic Wire", "PNA", "Cape Press"}

// carrierFooters are the sign-offs of other carriers.
var carrierFooters = []string{
	"© 2026 Meridian News. All rights reserved.",
	"Copyright 2026 Northwind. All rights reserved.",
	"(Compiled by GPS business desk)",
	"-- Baltic Wire",
}

// carrierCopy re-files one short item as another agency would: headline
// case and tense, figures spelled out, its own dateline tag, no "Reuter"
// sign-off or its own footer, sometimes the last line trimmed.
func carrierCopy(r *rand.Rand, title, body string, slots map[string]string) copyEdit {
	var edits []string
	t := titleCase(title)
	if r.IntN(3) == 0 {
		t = strings.Replace(t, " Says ", " Said ", 1)
	}
	edits = append(edits, "case")
	lines := strings.Split(body, "\n")
	if lines[len(lines)-1] == "Reuter" {
		lines = lines[:len(lines)-1]
	}
	spell := strings.NewReplacer(" mln ", " million ", " dlrs", " dollars", " dlr ", " dollar ",
		" pct", " percent", " bln ", " billion ", " cts", " cents")
	if r.IntN(4) != 0 {
		t = strings.TrimSuffix(spell.Replace(t+" "), " ")
		for i := range lines {
			lines[i] = strings.TrimSuffix(spell.Replace(lines[i]+" "), " ")
		}
		edits = append(edits, "spelled")
	}
	ag := carrierAgencies[r.IntN(len(carrierAgencies))]
	head, rest, ok := strings.Cut(lines[0], " - ")
	switch {
	case !ok:
		head, rest = strings.TrimSuffix(lines[0], " -"), ""
		fallthrough
	default:
		switch r.IntN(3) {
		case 0:
			lines[0] = head + " (" + ag + ") - " + rest
		case 1:
			city, _, _ := strings.Cut(head, ",")
			lines[0] = city + " (" + ag + ") — " + rest
		default:
			lines[0] = titleCase(slots["town"]) + ", " + slots["st"] + " (" + ag + ") -- " + rest
		}
		lines[0] = strings.TrimRight(lines[0], " ")
		edits = append(edits, "dateline-tag")
	}
	if len(lines) >= 4 && r.IntN(2) == 0 {
		lines = lines[:len(lines)-1]
		edits = append(edits, "trim")
	}
	if r.IntN(2) == 0 {
		lines = append(lines, carrierFooters[r.IntN(len(carrierFooters))])
		edits = append(edits, "footer")
	}
	return copyEdit{name: strings.Join(edits, "+"), title: t, paras: lines}
}
