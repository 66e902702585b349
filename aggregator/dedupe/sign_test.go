package dedupe

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const sampleTitle = "Iran oil exports rise 5% in November"

var sampleBody = strings.Join([]string{
	"TEHRAN (AFP) - Iran's oil exports rose 5 percent to 1.5 million barrels per day in November, the U.S. Energy Information Administration said on Tuesday.",
	"Officials in Tehran said the rise reflected new buyers in Asia, despite sanctions imposed by Washington in 2018.",
	"China remained the largest buyer, taking about 90 percent of shipments, according to tanker tracking data.",
	"© 2026 AFP",
}, "\n")

// longStory returns a story of about n words built from distinct sentences.
func longStory(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n*6; i++ {
		fmt.Fprintf(&b, "Paragraph %d: officials in region %d reported %d incidents near the river crossing at Station%d, "+
			"and the committee said talks would resume within %d days.\n", i, i*7, i*13+2, i, i%9+1)
	}
	return b.String()
}

func TestSignDeterministic(t *testing.T) {
	a, b := Sign(sampleTitle, sampleBody), Sign(sampleTitle, sampleBody)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same input gave different signatures")
	}
	// The sample is a short item with figures: it has a headline band.
	if len(a.Bands) != MainBands+LeadBands+1 {
		t.Fatalf("got %d bands, want %d", len(a.Bands), MainBands+LeadBands+1)
	}
	if long := Sign(sampleTitle, longStory(600)); len(long.Bands) != MainBands+LeadBands {
		t.Fatalf("long story: got %d bands, want %d", len(long.Bands), MainBands+LeadBands)
	}
}

// TestSignGolden pins the fingerprint and first band of a fixed story: a
// change here changes every stored signature and needs a sigVersion bump.
func TestSignGolden(t *testing.T) {
	s := Sign(sampleTitle, sampleBody)
	got := fmt.Sprintf("%016x %016x %016x", s.Fingerprint, s.Bands[0], s.Bands[MainBands])
	const want = "d5e93cb8d5cb4944 40b144f8eafad03a 60afb121c10667dc"
	if got != want {
		t.Errorf("signature of the sample changed: got %q, want %q", got, want)
	}
}

func TestBandKeys(t *testing.T) {
	s := Sign(sampleTitle, sampleBody)
	for i, k := range s.Bands {
		band := mainBandBase + i
		switch {
		case i == MainBands+LeadBands:
			band = headlineBand
		case i >= MainBands:
			band = leadBandBase + i - MainBands
		}
		if got := int(k >> 56); got != band {
			t.Errorf("band %d key %016x carries band number %d", i, k, got)
		}
		if k>>63 != 0 {
			t.Errorf("band %d key %016x does not fit a signed 64-bit integer", i, k)
		}
	}
	if keys := slices.Compact(slices.Sorted(slices.Values(s.Bands))); len(keys) != len(s.Bands) {
		t.Errorf("band keys are not distinct")
	}
}

func TestBandsStableUnderEdits(t *testing.T) {
	a := Sign(sampleTitle, sampleBody)
	edited := strings.NewReplacer("TEHRAN (AFP) - ", "", "5 percent", "5 pct", "1.5 million", "1.5 mln",
		"U.S.", "US", "Iran's", "Iran’s", "© 2026 AFP", "(Reporting by A; Editing by B)").Replace(sampleBody)
	b := Sign("UPDATE 1-"+sampleTitle+" - Reuters", edited)
	if !reflect.DeepEqual(a.Bands, b.Bands) || a.Fingerprint != b.Fingerprint {
		t.Errorf("dateline, house style and footer changed the signature")
	}
}

func TestEmptySignature(t *testing.T) {
	for _, in := range [][2]string{{"", ""}, {"  ", "\n\n"}, {"", "© 2026 AFP"}, {"the", "of a"}} {
		s := Sign(in[0], in[1])
		if !s.Empty() || len(s.Bands) != 0 {
			t.Errorf("Sign(%q, %q) = %d bands, empty %v; want no bands", in[0], in[1], len(s.Bands), s.Empty())
		}
		if NewMatcher(0).Compare(s, s).Duplicate {
			t.Errorf("empty signature matched itself")
		}
	}
}

func TestBytesRoundTrip(t *testing.T) {
	for _, tc := range []struct{ name, title, body string }{
		{"sample", sampleTitle, sampleBody},
		{"title only", "Breaking: explosion heard in Beirut", ""},
		{"empty", "", ""},
		{"600 words", "Long story", longStory(600)},
		{"huge", "Huge", longStory(40000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Sign(tc.title, tc.body)
			p := s.Bytes()
			if len(p) > 600 {
				t.Errorf("encoded signature is %d bytes, want at most 600", len(p))
			}
			d, err := Decode(p)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(s, d) {
				t.Errorf("round trip changed the signature:\n%+v\n%+v", s, d)
			}
		})
	}
}

// withFacts re-encodes the signature p with nums figures and ents names.
func withFacts(p []byte, nums, ents int) []byte {
	s, err := Decode(p)
	if err != nil {
		panic(err)
	}
	s.numbers, s.entities = make([]uint16, nums), make([]uint16, ents)
	return s.Bytes()
}

// TestBytesBound encodes the largest signature Decode accepts.
func TestBytesBound(t *testing.T) {
	s := Signature{size: maxShingles, bodySize: maxShingles, lead: make([]uint16, LeadShingles),
		numbers: make([]uint16, maxNumbers), entities: make([]uint16, maxEntities), headline: 1}
	p := s.Bytes()
	if len(p) != 538 {
		t.Errorf("largest signature is %d bytes, documented as 538", len(p))
	}
	if _, err := Decode(p); err != nil {
		t.Errorf("Decode of the largest signature: %v", err)
	}
}

// TestDecodeOtherVersion checks that a signature written by another
// release (testdata/sample_v1.hex is the sample story signed by version 1,
// whose MinHash values mean something else) is rejected, and that Match
// skips it rather than comparing its values with this version's.
func TestDecodeOtherVersion(t *testing.T) {
	raw, err := os.ReadFile("testdata/sample_v1.hex")
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	v1, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatalf("decode fixture: %v", err)
	}
	cur := Sign(sampleTitle, sampleBody)
	for _, tc := range []struct {
		name string
		p    []byte
	}{
		{"version 1", v1},
		{"current bytes labelled version 1", append([]byte{1}, cur.Bytes()[1:]...)},
		{"current bytes labelled a later version", append([]byte{sigVersion + 1}, cur.Bytes()[1:]...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Decode(tc.p); !errors.Is(err, ErrBadSignature) {
				t.Errorf("Decode = %v, want ErrBadSignature", err)
			}
			cands := []Candidate{{Title: sampleTitle, Sig: tc.p}}
			if i, ok := NewMatcher(0).Match(sampleTitle, cur, cands); ok {
				t.Errorf("Match chose candidate %d of another version", i)
			}
		})
	}
	if i, ok := NewMatcher(0).Match(sampleTitle, cur, []Candidate{{Sig: v1}, {Sig: cur.Bytes()}}); !ok || i != 1 {
		t.Errorf("Match = %d, %v; want the current-version candidate 1", i, ok)
	}
}

func TestDecodeErrors(t *testing.T) {
	good := Sign(sampleTitle, sampleBody).Bytes()
	mutate := func(f func(p []byte) []byte) []byte { return f(slices.Clone(good)) }
	tests := []struct {
		name string
		in   []byte
	}{
		{"nil", nil},
		{"version", mutate(func(p []byte) []byte { p[0] = 9; return p })},
		{"truncated", good[:len(good)-1]},
		{"header only", good[:12]},
		{"trailing", append(slices.Clone(good), 0)},
		{"too many names", withFacts(good, 0, maxEntities+1)},
		{"too many figures", withFacts(good, maxNumbers+1, 0)},
		{"huge count", mutate(func(p []byte) []byte { return append(append(p[:9:9], 0xff, 0xff, 0xff, 0x7f), p[11:]...) })},
		{"body larger than story", mutate(func(p []byte) []byte { p[9], p[10] = 1, 2; return p })},
		{"garbage", []byte("<html>not a signature</html>")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode(tt.in); !errors.Is(err, ErrBadSignature) {
				t.Errorf("Decode = %v, want ErrBadSignature", err)
			}
		})
	}
}
