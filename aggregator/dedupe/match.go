package dedupe

import "time"

// Defaults for the dedupe: block of sources.yaml.
const (
	// DefaultWindow is how far back a new story is compared (dedupe.window).
	DefaultWindow = 72 * time.Hour
	// DefaultThreshold is the similarity at or above which two stories with
	// agreeing facts merge (dedupe.threshold). See docs/EDITORIAL.md for
	// the measurements behind it.
	DefaultThreshold = 0.5
)

// Tolerances of the facts check: the share of the smaller fact set that
// may be missing from the other story (rounded down, so a story with few
// figures must agree on all of them).
const (
	numberTolerance = 0.1
	entityTolerance = 0.2
	// minContainSize is the smallest shingle set whose containment in a
	// larger one is trusted; below it a few common phrases would do.
	minContainSize = 8
	// shortBody is the body size (in shingles) up to which the lead MinHash
	// decides containment: a summary-only item or a lead-only cut.
	shortBody = 2 * LeadShingles
)

// Candidate is an earlier story found through a shared band.
type Candidate struct {
	Title string // headline, used only to break ties
	Sig   []byte // Signature.Bytes of the earlier story
}

// Matcher decides whether a story duplicates an earlier one. It holds no
// mutable state and is safe for concurrent use.
type Matcher struct {
	threshold float64
	skipFacts bool // for measurements: decide on text similarity alone
}

// NewMatcher returns a Matcher merging stories whose similarity reaches
// threshold (0..1]; 0 or an out-of-range value selects DefaultThreshold.
func NewMatcher(threshold float64) *Matcher {
	if threshold <= 0 || threshold > 1 {
		threshold = DefaultThreshold
	}
	return &Matcher{threshold: threshold}
}

// Threshold returns the similarity threshold in use.
func (m *Matcher) Threshold() float64 { return m.threshold }

// Score explains one comparison of two signatures.
type Score struct {
	Jaccard     float64 // estimated Jaccard similarity of all shingles
	Containment float64 // estimated share of the smaller story found in the larger
	Lead        float64 // exact lead containment when one body is short; else 0
	// Similarity is the largest of the three, compared with the threshold.
	Similarity float64
	// NumberMisses and EntityMisses count the figures and names of the
	// story that is closer to being contained that the other one lacks.
	NumberMisses, EntityMisses int
	// Duplicate is the verdict.
	Duplicate bool
	// Reason names what decided the verdict, for logs and tests.
	Reason string
}

// Compare scores two signatures. It is symmetric.
func (m *Matcher) Compare(a, b Signature) Score {
	var sc Score
	if a.Empty() || b.Empty() {
		sc.Reason = "empty"
		return sc
	}
	sc.Jaccard = agreement(a.main[:], b.main[:])
	sc.Containment = sc.Jaccard
	if min(a.size, b.size) >= minContainSize {
		sc.Containment = containment(sc.Jaccard, a.size, b.size)
	}
	if len(a.lead) > 0 && len(b.lead) > 0 && min(a.bodySize, b.bodySize) <= shortBody {
		sc.Lead = 1 - float64(misses(a.lead, b.lead))/float64(min(len(a.lead), len(b.lead)))
	}
	sc.Similarity = max(sc.Jaccard, sc.Containment, sc.Lead)
	if a.Fingerprint == b.Fingerprint && sc.Jaccard == 1 {
		sc.Duplicate, sc.Reason = true, "identical"
		return sc
	}
	if sc.Similarity < m.threshold {
		sc.Reason = "dissimilar"
		return sc
	}
	if m.skipFacts {
		sc.Duplicate, sc.Reason = true, "similar"
		return sc
	}
	sc.NumberMisses, sc.EntityMisses, sc.Reason = factsAgree(a, b)
	sc.Duplicate = sc.Reason == ""
	if sc.Duplicate {
		sc.Reason = "similar"
	}
	return sc
}

// Decide is Compare with the headlines of the two stories: a short item
// that the text leaves apart is still one story when its headline and
// figures are the same (sameHeadline).
func (m *Matcher) Decide(titleA, titleB string, a, b Signature) Score {
	sc := m.Compare(a, b)
	if !sc.Duplicate && sc.Reason == "dissimilar" && !m.skipFacts && sameHeadline(titleA, titleB, a, b) {
		sc.Duplicate, sc.Reason = true, "same headline and figures"
	}
	return sc
}

// factsAgree counts the figures and names missing between a and b and
// returns why they disagree, or "" when they agree within tolerance.
func factsAgree(a, b Signature) (numberMisses, entityMisses int, why string) {
	numberMisses = misses(a.numbers, b.numbers)
	entityMisses = misses(a.entities, b.entities)
	switch {
	case numberMisses > tolerance(a.numbers, b.numbers, numberTolerance):
		why = "figures differ"
	case entityMisses > tolerance(a.entities, b.entities, entityTolerance):
		why = "names differ"
	}
	return numberMisses, entityMisses, why
}

// Match returns the index of the candidate that sig duplicates: the one
// with the highest similarity that passes Compare, or, for short items
// that the text leaves apart, has the same headline and figures
// (sameHeadline); on a tie the higher
// Jaccard similarity (the closer copy), then the same headline, then the
// earlier position. Candidates whose bytes do not decode are skipped: a
// story cannot duplicate a signature nobody can read.
func (m *Matcher) Match(title string, sig Signature, cands []Candidate) (int, bool) {
	best, bestSc, bestTitle := -1, Score{}, false
	var back [LeadShingles + maxNumbers + maxEntities]uint16
	for i, c := range cands {
		cs, err := decode(c.Sig, back[:])
		if err != nil {
			continue
		}
		sc := m.Decide(title, c.Title, sig, cs)
		if !sc.Duplicate {
			continue
		}
		same := c.Title == title
		if best < 0 || better(sc, same, bestSc, bestTitle) {
			best, bestSc, bestTitle = i, sc, same
		}
	}
	return best, best >= 0
}

// better orders two passing comparisons for Match.
func better(a Score, aTitle bool, b Score, bTitle bool) bool {
	if a.Similarity != b.Similarity {
		return a.Similarity > b.Similarity
	}
	if a.Jaccard != b.Jaccard {
		return a.Jaccard > b.Jaccard
	}
	return aTitle && !bTitle
}

// agreement is the share of equal MinHash values, which estimates the
// Jaccard similarity of the two shingle sets.
func agreement(a, b []uint16) float64 {
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// containment turns a Jaccard estimate j of sets of sizes na and nb into
// |A∩B| / min(|A|,|B|), using |A∩B| = j(|A|+|B|)/(1+j).
func containment(j float64, na, nb int) float64 {
	c := j * float64(na+nb) / ((1 + j) * float64(min(na, nb)))
	return min(c, 1)
}

// misses counts the facts of one story that the other lacks, taking the
// direction in which fewer are missing: a shortened copy lacks some of the
// original's figures, but the original lacks none of the copy's.
func misses(a, b []uint16) int {
	return min(missing(a, b), missing(b, a))
}

func missing(a, b []uint16) int {
	n := 0
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			n++
		}
	}
	return n
}

// tolerance is how many facts may be missing: share of the smaller set,
// rounded down.
func tolerance(a, b []uint16, share float64) int {
	return int(share * float64(min(len(a), len(b))))
}
