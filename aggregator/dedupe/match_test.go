package dedupe

import (
	"strings"
	"testing"
)

const earningsA = "Norvale Systems reported third-quarter revenue above Wall Street estimates on Tuesday, and its shares rose 6 percent in extended trading.\n" +
	"Revenue rose 24 percent to $18.4 billion from a year earlier, compared with an average analyst estimate of $17.9 billion.\n" +
	"Net income was $4.1 billion, or $2.35 per share, chief executive Marta Lindqvist said on a call with analysts."

func TestCompare(t *testing.T) {
	m := NewMatcher(0)
	tests := []struct {
		name   string
		a, b   [2]string // title, body
		dup    bool
		reason string
	}{
		{"identical", [2]string{sampleTitle, sampleBody}, [2]string{sampleTitle, sampleBody}, true, "identical"},
		{"retitled with house style", [2]string{sampleTitle, sampleBody},
			[2]string{"Iranian crude shipments up in Nov", strings.NewReplacer("percent", "pct", "million", "mln").Replace(sampleBody)},
			true, ""},
		{"trimmed last paragraph", [2]string{sampleTitle, sampleBody},
			[2]string{sampleTitle, strings.Join(strings.Split(sampleBody, "\n")[:2], "\n")}, true, ""},
		{"lead only", [2]string{sampleTitle, sampleBody},
			[2]string{"Iran's oil exports up", strings.Split(sampleBody, "\n")[0]}, true, ""},
		{"same template, other company and figures", [2]string{"Norvale beats", earningsA},
			[2]string{"Pinecrest beats", strings.NewReplacer("Norvale Systems", "Pinecrest Software", "24", "11", "18.4", "7.2",
				"17.9", "7.5", "4.1", "1.2", "2.35", "0.87", "6 percent", "3 percent", "Marta Lindqvist", "David Okafor").Replace(earningsA)},
			false, "figures differ"},
		{"same company, other quarter", [2]string{"Norvale beats", earningsA},
			[2]string{"Norvale beats", strings.NewReplacer("third", "second", "24", "19", "18.4", "16.9", "17.9", "16.1",
				"4.1", "3.6", "2.35", "2.07").Replace(earningsA)}, false, "figures differ"},
		{"same figures, other names", [2]string{"Norvale beats", earningsA},
			[2]string{"Norvale beats", strings.NewReplacer("Norvale Systems", "Pinecrest Software", "Wall Street", "London",
				"Marta Lindqvist", "David Okafor").Replace(earningsA)}, false, "names differ"},
		{"unrelated", [2]string{sampleTitle, sampleBody}, [2]string{"Norvale beats", earningsA}, false, "dissimilar"},
		{"empty", [2]string{"", ""}, [2]string{sampleTitle, sampleBody}, false, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := Sign(tt.a[0], tt.a[1]), Sign(tt.b[0], tt.b[1])
			sc, rev := m.Compare(a, b), m.Compare(b, a)
			if sc != rev {
				t.Errorf("Compare is not symmetric:\n%+v\n%+v", sc, rev)
			}
			if sc.Duplicate != tt.dup || (tt.reason != "" && sc.Reason != tt.reason) {
				t.Errorf("Compare = %+v, want duplicate %v (%s)", sc, tt.dup, tt.reason)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	m := NewMatcher(0)
	full := Sign(sampleTitle, sampleBody)
	trimmed := Sign(sampleTitle, strings.Join(strings.Split(sampleBody, "\n")[:2], "\n"))
	other := Sign("Norvale beats", earningsA)
	tests := []struct {
		name   string
		cands  []Candidate
		want   int
		wantOK bool
	}{
		{"none", nil, -1, false},
		{"no duplicate", []Candidate{{Title: "x", Sig: other.Bytes()}}, -1, false},
		{"garbage skipped", []Candidate{{Sig: []byte("junk")}, {Title: "t", Sig: trimmed.Bytes()}}, 1, true},
		{"most similar wins", []Candidate{{Sig: other.Bytes()}, {Sig: trimmed.Bytes()}, {Sig: full.Bytes()}}, 2, true},
		{"tie prefers same title", []Candidate{{Title: "other", Sig: full.Bytes()}, {Title: sampleTitle, Sig: full.Bytes()}}, 1, true},
		{"tie prefers earlier", []Candidate{{Title: "a", Sig: full.Bytes()}, {Title: "b", Sig: full.Bytes()}}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := m.Match(sampleTitle, full, tt.cands)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Match = %d, %v; want %d, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestNewMatcherThreshold(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{{0, DefaultThreshold}, {-1, DefaultThreshold}, {1.5, DefaultThreshold}, {0.7, 0.7}, {1, 1}} {
		if got := NewMatcher(tc.in).Threshold(); got != tc.want {
			t.Errorf("NewMatcher(%v).Threshold() = %v, want %v", tc.in, got, tc.want)
		}
	}
}
