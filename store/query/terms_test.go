package query

import (
	"slices"
	"strings"
	"testing"
)

func termsOf(s string) []string {
	var out []string
	Terms(s, func(t string) {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	})
	slices.Sort(out)
	return out
}

func TestTermsReadings(t *testing.T) {
	tests := []struct {
		in   string
		want []string // every one must be among Terms' words
	}{
		{"<p>Oil prices ROSE</p>", []string{"p", "oil", "prices", "rose"}},
		{"don't U.S. 3.5", []string{"don", "t", "u", "s", "3", "5"}},
		{"Ministère Łódź", []string{"ministere", "łodz"}},
		{"Σίσυφος ΣΊΣΥΦΟΣ", []string{"σίσυφοσ"}},      // final sigma folded, Greek accent kept
		{"cafe\u0301 x\u0301", []string{"cafe", "x"}}, // a combining acute dropped
		{"مُحَمَّد", []string{"م", "ح", "د"}},         // harakat separate words, as in FTS5
		{"İstanbul ǅemal x² ½", []string{"istanbul", "ǆemal", "x²", "½"}},
	}
	for _, tt := range tests {
		got := termsOf(tt.in)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Terms(%q) = %q, missing %q", tt.in, got, w)
			}
		}
	}
}

func TestFTS5ExpandedPrefix(t *testing.T) {
	words := map[string][]string{"opec": {"opec", "opecs"}, "oil": {"oil", "oilfield"}, "zz": {}}
	expand := func(p string) ([]string, bool) {
		ws, ok := words[p]
		return ws, ok
	}
	tests := []struct{ q, want string }{
		{"OPEC*", `("opec" OR "opecs")`},
		{`crude oil* NOT gas`, `("crude" AND (("oil" OR "oilfield") NOT "gas"))`},
		{"zz*", `"zz" *`},                // no word has it: FTS5's own prefix, which costs nothing then
		{"ga*", `"ga" *`},                // the vocabulary cannot say: FTS5's own prefix
		{"oil gas", `("oil" AND "gas")`}, // no prefix, nothing asked
	}
	for _, tt := range tests {
		q, err := Parse(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.FTS5Expanded(expand); got != tt.want {
			t.Errorf("FTS5Expanded(%q) = %s, want %s", tt.q, got, tt.want)
		}
	}
	// A prefix FTS5 reads as several words is left to FTS5.
	q, _ := Parse("مُحَ*")
	if got := q.FTS5Expanded(func(string) ([]string, bool) { t.Error("expand called"); return nil, false }); !strings.HasSuffix(got, " *") {
		t.Errorf("FTS5Expanded(مُحَ*) = %s, want FTS5's own prefix", got)
	}
}
