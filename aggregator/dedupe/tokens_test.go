package dedupe

import (
	"slices"
	"strings"
	"testing"
)

// TestHouseStyleFolds checks that house-style variants normalize to the
// same words.
func TestHouseStyleFolds(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{"percent", "rose 5 pct", "rose 5 percent"},
		{"percent sign", "rose 5%", "rose 5 per cent"},
		{"million dollars", "a 1.5 mln dlrs loan", "a $1.5 million loan"},
		{"glued unit", "a $2bn deal", "a 2 bln dlrs deal"},
		{"billion", "2 billion", "2 bln"},
		{"us dotted", "U.S. officials", "US officials"},
		{"us spelled", "the United States said", "the U.S. said"},
		{"us dollar sign", "US$5 million", "$5 mln"},
		{"year", "a 10-yr high", "a 10-year high"},
		{"curly apostrophe", "Iran’s oil", "Iran's oil"},
		{"possessive", "Iran's oil", "Iran oil"},
		{"quotes and dashes", "“We won” — he said", "\"We won\" - he said"},
		{"thousands separator", "1,500 people", "1500 people"},
		{"ordinal", "the 25th minute", "the 25 minute"},
		{"quarter", "Q3 revenue", "third-quarter revenue"},
		{"month", "on Nov. 25", "on November 25"},
		{"british spelling", "defence programme", "defense program"},
		{"corporate form", "Apple Inc said", "Apple said"},
		{"stop words", "said on Tuesday that the", "says Tuesday"},
		{"case", "OIL PRICES", "oil prices"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := analyzeText(tt.a).words, analyzeText(tt.b).words
			if !slices.Equal(a, b) {
				t.Errorf("%q -> %x\n%q -> %x", tt.a, a, tt.b, b)
			}
		})
	}
}

func TestFacts(t *testing.T) {
	tests := []struct {
		name, in          string
		numbers, entities string
	}{
		{"figures in order, deduplicated", "Revenue rose 24 percent to $18.4 billion, or 24 percent.", "24 18.4", ""},
		{"thousands and time", "About 1,500 people at 10:30 GMT.", "1500 10:30", "gmt"},
		{"names not at sentence start", "Officials in Tehran met Hans Kluge. Iran agreed.", "", "tehran hans kluge"},
		{"title abbreviation is not a sentence end", "He met Mr. Smith on Monday.", "", "smith"},
		{"folded names", "He visited the United States and U.K. officials.", "", "us uk"},
		{"credits are not names", "He told AFP and Reuters.", "", ""},
		{"glued unit", "A $5m deal and 2bn euros.", "5 2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analyzeText(tt.in)
			if want := factHashes(tt.numbers); !slices.Equal(got.numbers.hashes, want) {
				t.Errorf("numbers = %v, want %v (%q)", got.numbers.hashes, want, tt.numbers)
			}
			if want := factHashes(tt.entities); !slices.Equal(got.entities.hashes, want) {
				t.Errorf("entities = %v, want %v (%q)", got.entities.hashes, want, tt.entities)
			}
		})
	}
}

// analyzeText analyzes s with fresh buffers.
func analyzeText(s string) analyzer {
	a := analyzer{numbers: facts{limit: maxNumbers}, entities: facts{limit: maxEntities}}
	return a.analyze(s, true)
}

// factHashes returns the fact hashes of the space-separated facts.
func factHashes(list string) []uint16 {
	fs := facts{limit: maxEntities}
	for _, f := range strings.Fields(list) {
		fs = fs.add(fnv64(f))
	}
	return fs.hashes
}
