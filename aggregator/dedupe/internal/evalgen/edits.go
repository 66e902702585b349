package main

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
)

// rngFor returns a generator seeded from a name, so output depends only on
// the input text.
func rngFor(name string) *rand.Rand {
	h := uint64(14695981039346656037) // FNV-1a
	for i := 0; i < len(name); i++ {
		h = (h ^ uint64(name[i])) * 1099511628211
	}
	return rand.New(rand.NewPCG(h, 0x5eed))
}

// copyEdit is one republished copy: the edits applied and their result.
type copyEdit struct {
	name  string
	title string
	paras []string
}

// recipes are the republishing edits; each story gets three of them.
var recipes = []func(r *rand.Rand, s story) copyEdit{
	func(r *rand.Rand, s story) copyEdit { // another agency's feed
		return copyEdit{"retitle+dateline+footer", alt(s), withFooter(r, withDateline(r, s, s.Paras))}
	},
	func(r *rand.Rand, s story) copyEdit { // trimmed for space
		return copyEdit{"trim+slug+footer", "UPDATE 1-" + s.Title, withFooter(r, trim(s.Paras))}
	},
	func(r *rand.Rand, s story) copyEdit { // house style
		return copyEdit{"house+dateline", houseTitle(r, s.Title), withDateline(r, s, houseStyle(r, s.Paras))}
	},
	func(_ *rand.Rand, s story) copyEdit { // summary-only feed
		return copyEdit{"lead-only+retitle", alt(s), s.Paras[:1]}
	},
	func(r *rand.Rand, s story) copyEdit { // desk moved a paragraph and added a line
		return copyEdit{"reorder+added", s.Title, withAdded(r, reorder(s.Paras))}
	},
	func(r *rand.Rand, s story) copyEdit { // added background, new headline
		return copyEdit{"added+retitle+dateline", alt(s), withDateline(r, s, withAdded(r, s.Paras))}
	},
	func(r *rand.Rand, s story) copyEdit { // everything at once
		ps := withFooter(r, withDateline(r, s, houseStyle(r, trim(s.Paras))))
		return copyEdit{"trim+house+dateline+footer+retitle", houseTitle(r, alt(s)), ps}
	},
	func(r *rand.Rand, s story) copyEdit { // brief: first two paragraphs
		return copyEdit{"brief+dateline", s.Title, withDateline(r, s, s.Paras[:min(2, len(s.Paras))])}
	},
}

// variants returns three generated republished copies of s.
func variants(s story, split string) []Item {
	r := rngFor(s.ID)
	picks := r.Perm(len(recipes))[:3]
	slices.Sort(picks)
	var out []Item
	for i, p := range picks {
		e := recipes[p](r, s)
		out = append(out, Item{ID: fmt.Sprintf("%s/v%d", s.ID, i+1), Cluster: s.ID, Role: "variant",
			Split: split, Edits: e.name, Title: e.title, Body: strings.Join(e.paras, "\n")})
	}
	return out
}

func alt(s story) string {
	if s.Alt != "" {
		return s.Alt
	}
	return s.Title
}

func trim(ps []string) []string {
	if len(ps) <= 2 {
		return ps
	}
	return ps[:len(ps)-1]
}

func reorder(ps []string) []string {
	out := slices.Clone(ps)
	if len(out) >= 4 {
		out[1], out[2] = out[2], out[1]
	}
	return out
}

var datelines = []func(city, country string) string{
	func(c, _ string) string { return c + " (AFP) - " },
	func(c, _ string) string { return c + ", Nov 25 (Reuters) - " },
	func(c, _ string) string { return c + " (AP) — " },
	func(c, k string) string { return c + ", " + k + " (AP) — " },
	func(c, _ string) string { return c + " — " },
	func(c, _ string) string { return titleCase(c) + " (dpa) – " },
}

func withDateline(r *rand.Rand, s story, ps []string) []string {
	out := slices.Clone(ps)
	out[0] = datelines[r.IntN(len(datelines))](s.City, s.Country) + out[0]
	return out
}

func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

var footers = []string{
	"© 2026 AFP",
	"(Reporting by Laila Bassam and Maya Gebeily; Editing by Mark Heinrich)",
	"Copyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.",
	"This story has not been edited by Wire Desk staff and is auto-generated from a syndicated feed.",
	"Reporting by Sam Holmes in London; additional reporting by Ana Ruiz; writing by Toby Chopra",
	"The Associated Press contributed to this report.",
	"dk/jm",
}

func withFooter(r *rand.Rand, ps []string) []string {
	out := slices.Clone(ps)
	f := footers[r.IntN(len(footers))]
	if r.IntN(3) == 0 { // run into the last paragraph, as flattened HTML does
		out[len(out)-1] += " " + f
		return out
	}
	return append(out, f)
}

var addedLines = []string{
	"The ministry did not immediately respond to a request for comment.",
	"Further details were not immediately available.",
	"Officials said an investigation was under way.",
	"Analysts said the situation remained fluid and could change quickly.",
	"More information is expected to be released in the coming days.",
}

func withAdded(r *rand.Rand, ps []string) []string {
	out := slices.Clone(ps)
	line := addedLines[r.IntN(len(addedLines))]
	if r.IntN(2) == 0 {
		return append(out, line)
	}
	out[len(out)-1] += " " + line
	return out
}

// styleRule is one house-style rewrite.
type styleRule struct {
	re   *regexp.Regexp
	repl string
}

func rules(pairs ...string) []styleRule {
	var out []styleRule
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, styleRule{regexp.MustCompile(pairs[i]), pairs[i+1]})
	}
	return out
}

// houseStyles are wire-desk abbreviations and British/AP variants.
var houseStyles = [][]styleRule{
	rules(`\$([\d.,]+) (million|billion)`, "$1 ${2}DLRS", `millionDLRS`, "mln dlrs", `billionDLRS`, "bln dlrs",
		`\$([\d.,]+)`, "$1 dlrs", ` percent`, " pct", `(\d)%`, "$1 pct", ` million`, " mln",
		` billion`, " bln", `United States`, "U.S.", `\bUS\b`, "U.S.", `kilometres`, "km"),
	rules(` percent`, " per cent", `defense`, "defence", `\bUS\b`, "U.S.", `"([^"]*)"`, "“$1”",
		`'`, "’", ` - `, " — ", `\$([\d.]+) billion`, "$$${1}bn", `\$([\d.]+) million`, "$$${1}m"),
}

func houseStyle(r *rand.Rand, ps []string) []string {
	style := houseStyles[r.IntN(len(houseStyles))]
	out := make([]string, len(ps))
	for i, p := range ps {
		for _, ru := range style {
			p = ru.re.ReplaceAllString(p, ru.repl)
		}
		out[i] = p
	}
	return out
}

func houseTitle(r *rand.Rand, t string) string {
	t = strings.NewReplacer(" percent", " pct", "%", " pct", "'", "’").Replace(t)
	if r.IntN(2) == 0 {
		return strings.ToUpper(t[:1]) + t[1:] + " - source"
	}
	return t
}

// shuffle orders items as they might arrive: deterministic, mixed.
func shuffle(items []Item) []Item {
	r := rngFor("order")
	r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	return items
}
