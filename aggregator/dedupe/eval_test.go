package dedupe

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

// evalItem is one line of testdata/eval.jsonl (see internal/evalgen).
type evalItem struct {
	ID, Cluster, Role, Split, Edits, Neg, Title, Body string
	sig                                               Signature
}

func loadEval(tb testing.TB) []evalItem {
	tb.Helper()
	f, err := os.Open("testdata/eval.jsonl")
	if err != nil {
		tb.Fatalf("open eval set: %v", err)
	}
	defer f.Close()
	var items []evalItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var it evalItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			tb.Fatalf("decode %q: %v", sc.Text(), err)
		}
		it.sig = Sign(it.Title, it.Body)
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read eval set: %v", err)
	}
	return items
}

// ingestResult counts the outcomes of replaying the set in arrival order.
type ingestResult struct {
	positives, negatives int // items with / without an earlier copy
	merged, missed       int // positives merged into their story / not merged
	wrong, falseMerge    int // positives merged elsewhere / negatives merged
	candidates           int // candidates returned by the band index
	foreign              int // of which from another story
	failures             []string
	items                int
}

func (r ingestResult) recall() float64 { return ratio(r.merged, r.positives) }
func (r ingestResult) precision() float64 {
	return ratio(r.merged, r.merged+r.wrong+r.falseMerge)
}
func (r ingestResult) f1() float64 {
	p, rc := r.precision(), r.recall()
	return ratio2(2*p*rc, p+rc)
}

// falseMergeRate is the share of distinct stories (those with no earlier
// copy) that were merged into something, counting also copies merged into
// the wrong story, so it never flatters: (falseMerge+wrong)/negatives.
func (r ingestResult) falseMergeRate() float64 {
	return ratio(r.falseMerge+r.wrong, r.negatives)
}

func ratio(a, b int) float64 { return ratio2(float64(a), float64(b)) }
func ratio2(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func (r ingestResult) String() string {
	return fmt.Sprintf("items=%d positives=%d negatives=%d recall=%.4f precision=%.4f F1=%.4f "+
		"false-merge=%.4f (%d wrong-story, %d distinct merged) candidates/story=%.2f (other stories %.2f)",
		r.items, r.positives, r.negatives, r.recall(), r.precision(), r.f1(), r.falseMergeRate(),
		r.wrong, r.falseMerge, ratio(r.candidates, r.items), ratio(r.foreign, r.items))
}

// ingest replays items in order through a band index, as the store does
// within the window, keeping only those of split ("" for all).
func ingest(items []evalItem, m *Matcher, split string) ingestResult {
	var res ingestResult
	index := map[uint64][]int{}
	seen := map[string]bool{}
	var kept []evalItem
	for _, it := range items {
		if split != "" && it.Split != split {
			continue
		}
		res.items++
		var cands []Candidate
		var owners []int
		got := map[int]bool{}
		for _, b := range it.sig.Bands {
			for _, j := range index[b] {
				if !got[j] {
					got[j] = true
					cands = append(cands, Candidate{Title: kept[j].Title, Sig: kept[j].sig.Bytes()})
					owners = append(owners, j)
				}
			}
		}
		res.candidates += len(cands)
		for _, j := range owners {
			if kept[j].Cluster != it.Cluster {
				res.foreign++
			}
		}
		i, ok := m.Match(it.Title, it.sig, cands)
		switch {
		case seen[it.Cluster] && ok && kept[owners[i]].Cluster == it.Cluster:
			res.positives++
			res.merged++
		case seen[it.Cluster] && ok:
			res.positives++
			res.wrong++
			res.failures = append(res.failures, fmt.Sprintf("WRONG %s -> %s", it.ID, kept[owners[i]].ID))
		case seen[it.Cluster]:
			res.positives++
			res.missed++
			res.failures = append(res.failures, fmt.Sprintf("MISSED %s [%s] best=%s", it.ID, it.Edits, bestOf(m, it, kept)))
		case ok:
			res.negatives++
			res.falseMerge++
			res.failures = append(res.failures, fmt.Sprintf("FALSE %s -> %s %+v", it.ID, kept[owners[i]].ID,
				m.Decide(it.Title, kept[owners[i]].Title, it.sig, kept[owners[i]].sig)))
		default:
			res.negatives++
		}
		seen[it.Cluster] = true
		for _, b := range it.sig.Bands {
			index[b] = append(index[b], len(kept))
		}
		kept = append(kept, it)
	}
	return res
}

// bestOf explains a miss: the closest earlier copy of the same story.
func bestOf(m *Matcher, it evalItem, kept []evalItem) string {
	best, bestSc := "", Score{}
	for _, k := range kept {
		if k.Cluster != it.Cluster {
			continue
		}
		if sc := m.Decide(it.Title, k.Title, it.sig, k.sig); best == "" || sc.Similarity > bestSc.Similarity {
			best, bestSc = k.ID, sc
		}
	}
	return fmt.Sprintf("%s %+v", best, bestSc)
}
