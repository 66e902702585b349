package dedupe

import (
	"strings"
	"testing"
)

// BenchmarkSign signs a 600-word story.
func BenchmarkSign(b *testing.B) {
	body := longStory(600)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Sign("Long story", body)
	}
}

// BenchmarkSignEval signs every story of the evaluation set (wire copy
// with headlines, datelines and footers, 30 to 700 words); ns/op is per
// story.
func BenchmarkSignEval(b *testing.B) {
	items := loadEval(b)
	n := 0
	for _, it := range items {
		n += len(it.Title) + len(it.Body)
	}
	b.SetBytes(int64(n / len(items)))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		it := items[i%len(items)]
		Sign(it.Title, it.Body)
	}
}

// BenchmarkMatch decides one story against 20 candidates read from
// their stored bytes, about what a band lookup returns.
func BenchmarkMatch(b *testing.B) {
	items := loadEval(b)
	cands := make([]Candidate, 20)
	for i := range cands {
		cands[i] = Candidate{Title: items[i].Title, Sig: items[i].sig.Bytes()}
	}
	m := NewMatcher(0)
	sig := items[len(items)-1].sig
	for b.Loop() {
		m.Match("title", sig, cands)
	}
}

// BenchmarkEvaluation replays the labelled set and reports its figures:
//
//	go test -run '^$' -bench Evaluation -benchtime 1x ./aggregator/dedupe/
func BenchmarkEvaluation(b *testing.B) {
	items := loadEval(b)
	m := NewMatcher(0)
	var res ingestResult
	for b.Loop() {
		res = ingest(items, m, "")
	}
	b.ReportMetric(res.recall(), "recall")
	b.ReportMetric(res.precision(), "precision")
	b.ReportMetric(res.f1(), "F1")
	b.ReportMetric(res.falseMergeRate(), "false-merge")
	b.ReportMetric(float64(res.items), "stories")
	b.Logf("%s", res)
	if strings.Contains(b.Name(), "/") {
		return
	}
}
