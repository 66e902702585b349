package dedupe

import (
	"fmt"
	"testing"
)

// TestThresholdSweep logs recall and false merges across thresholds, with
// and without the facts check; docs/EDITORIAL.md quotes the table. It
// asserts that the default sits inside the range that meets the targets
// and that the facts check is what keeps templated copy apart.
func TestThresholdSweep(t *testing.T) {
	items := loadEval(t)
	ps := pairsOf(items, "")
	meets := map[float64]bool{}
	for _, facts := range []bool{true, false} {
		for _, th := range []float64{0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8} {
			m := &Matcher{threshold: th, skipFacts: !facts}
			res := ingest(items, m, "")
			pr := judgePairs(items, ps, decides(m))
			cross := "-"
			if th == DefaultThreshold { // every pair of the set: slow, done once per setting
				cross = fmt.Sprint(crossMerges(items, m))
			}
			t.Logf("facts=%-5v threshold=%.2f ingest recall=%.4f false-merge=%.4f | %s | any-pair merges %s",
				facts, th, res.recall(), res.falseMergeRate(), pr, cross)
			if facts {
				meets[th] = res.recall() >= 0.95 && res.falseMergeRate() <= 0.01
			} else if th == DefaultThreshold && ratio(pr.falseMerge, pr.hard) < 0.05 {
				t.Errorf("without the facts check only %d/%d hard negatives merge: the set is too easy", pr.falseMerge, pr.hard)
			}
		}
	}
	if !meets[DefaultThreshold] {
		t.Errorf("default threshold %.2f does not meet the targets", DefaultThreshold)
	}
}

// crossMerges counts pairs from different stories that m would merge,
// over every pair of the set (not only the designated hard negatives).
func crossMerges(items []evalItem, m *Matcher) int {
	n := 0
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			if items[i].Cluster != items[j].Cluster && m.Decide(items[i].Title, items[j].Title, items[i].sig, items[j].sig).Duplicate {
				n++
			}
		}
	}
	return n
}
