package dedupe

import (
	"strings"
	"testing"
)

// TestEvaluationFlattened replays the set with each body flattened to one
// line, as text extracted from HTML without paragraph breaks arrives: the
// footer and dateline rules must not depend on newlines.
func TestEvaluationFlattened(t *testing.T) {
	items := loadEval(t)
	for i := range items {
		items[i].sig = Sign(items[i].Title, strings.ReplaceAll(items[i].Body, "\n", " "))
	}
	res := ingest(items, NewMatcher(0), "")
	t.Logf("ingest: %s", res)
	for _, f := range res.failures {
		t.Logf("  %s", f)
	}
	if res.recall() < 0.95 || res.falseMergeRate() > 0.01 {
		t.Errorf("flattened bodies: recall %.4f, false-merge rate %.4f", res.recall(), res.falseMergeRate())
	}
}
