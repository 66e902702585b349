package main

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// template is a story that agencies file many times a day with other
// figures and names: copies of it are hard negatives for one another.
type template struct {
	name, title, body string
	// fill draws the slots of one story; peer, when not nil, is the fill of
	// the story it is paired with, so that pairs can share a name (same
	// company, other quarter) or a figure (same score, other teams).
	fill func(r *rand.Rand, peer map[string]string) map[string]string
}

// pairsPerTemplate is how many hard-negative pairs each template yields;
// the first two pairs also get a republished copy of their first story.
const pairsPerTemplate = 7

// templateItems returns the templated hard negatives of ts and the
// republished copies of some of them (which must still merge).
func templateItems(ts []template, split string) []Item {
	var out []Item
	for _, t := range ts {
		r := rngFor("template/" + t.name)
		for p := range pairsPerTemplate {
			a := t.fill(r, nil)
			b := t.fill(r, a)
			ida, idb := fmt.Sprintf("%s-%d/a", t.name, p+1), fmt.Sprintf("%s-%d/b", t.name, p+1)
			ta, ba := expand(t.title, a), expand(t.body, a)
			out = append(out,
				Item{ID: ida, Cluster: ida, Role: "template", Split: split, Title: ta, Body: ba},
				Item{ID: idb, Cluster: idb, Role: "template", Split: split, Neg: ida,
					Title: expand(t.title, b), Body: expand(t.body, b)})
			if p < 2 {
				s := story{ID: ida, City: a["city"], Country: a["country"], Title: ta, Paras: strings.Split(ba, "\n")}
				ps := withFooter(r, withDateline(r, s, houseStyle(r, s.Paras)))
				out = append(out, Item{ID: ida + "/v1", Cluster: ida, Role: "variant", Split: split,
					Edits: "house+dateline+footer+retitle", Title: houseTitle(r, ta), Body: strings.Join(ps, "\n")})
			}
		}
	}
	return out
}

// expand replaces {key} with its slot value.
func expand(text string, slots map[string]string) string {
	var kv []string
	for k, v := range slots {
		kv = append(kv, "{"+k+"}", v)
	}
	return strings.NewReplacer(kv...).Replace(text)
}

// num draws a decimal in [lo, hi) with dec decimals.
func num(r *rand.Rand, lo, hi float64, dec int) string {
	return strconv.FormatFloat(lo+r.Float64()*(hi-lo), 'f', dec, 64)
}

// whole draws an integer in [lo, hi] written with thousands separators.
func whole(r *rand.Rand, lo, hi int) string {
	s := strconv.Itoa(lo + r.IntN(hi-lo+1))
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// pick draws one of xs, different from avoid.
func pick(r *rand.Rand, xs []string, avoid string) string {
	for {
		if x := xs[r.IntN(len(xs))]; x != avoid {
			return x
		}
	}
}

// other returns peer[key] when peer is nil-safe and set, else "".
func other(peer map[string]string, key string) string {
	if peer == nil {
		return ""
	}
	return peer[key]
}

// choose lists two or more values and draws one, or keeps peer's value
// with probability keep, to make the pair harder.
func keepOr(r *rand.Rand, peer map[string]string, key string, keep float64, draw func() string) string {
	if v := other(peer, key); v != "" && r.Float64() < keep {
		return v
	}
	return draw()
}
