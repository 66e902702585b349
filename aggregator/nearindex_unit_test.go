package aggregator

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

func nearItem(id string, src int64, pub time.Time, bands ...uint64) story.Item {
	return story.Item{ID: id, SourceID: src, Title: "t " + id, DedupeSig: []byte(id), PublishedAt: pub, Bands: bands}
}

func candidateIDs(x *nearIndex, it story.Item, src int64) []string {
	var ids []string
	for _, c := range x.candidates(&it, src, it.PublishedAt) {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestNearIndexCandidates(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	x := newNearIndex(24 * time.Hour)
	x.add(nearItem("a", 1, now, 1<<56|10, 2<<56|20), []uint64{1<<56 | 10, 2<<56 | 20})
	x.add(nearItem("b", 2, now.Add(-time.Hour), 1<<56|10), []uint64{1<<56 | 10})
	x.add(nearItem("old", 3, now.Add(-72*time.Hour), 1<<56|10), []uint64{1<<56 | 10})
	x.add(nearItem("same", 9, now, 2<<56|20), []uint64{2<<56 | 20})
	x.add(nearItem("other", 4, now, 3<<56|30), []uint64{3<<56 | 30})

	q := nearItem("q", 9, now, 1<<56|10, 2<<56|20)
	// Newest first, each once, not the asking source's own, not outside
	// the window, not without a shared band.
	if got, want := candidateIDs(x, q, 9), []string{"b", "a"}; !slices.Equal(got, want) {
		t.Errorf("candidates %v, want %v", got, want)
	}

	// Re-indexing a story replaces its entry.
	x.add(nearItem("b", 2, now, 5<<56|50), []uint64{5<<56 | 50})
	if got, want := candidateIDs(x, q, 9), []string{"a"}; !slices.Equal(got, want) {
		t.Errorf("after re-indexing b: %v, want %v", got, want)
	}

	// Compaction keeps what is live and recent, and the chains' order.
	x.compact(now)
	if got, want := candidateIDs(x, q, 9), []string{"a"}; !slices.Equal(got, want) {
		t.Errorf("after compaction: %v, want %v", got, want)
	}
	if got, want := candidateIDs(x, nearItem("q5", 9, now, 5<<56|50), 9), []string{"b"}; !slices.Equal(got, want) {
		t.Errorf("re-indexed b after compaction: %v, want %v", got, want)
	}
	if len(x.entries) != 4 { // a, same, other, b; "old" is outside two windows, b's first entry dead
		t.Errorf("%d entries after compaction, want 4", len(x.entries))
	}
}

func TestNearIndexUndo(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	band := uint64(1<<56 | 10)
	q := nearItem("q", 9, now, band)
	for _, compactBetween := range []bool{false, true} {
		t.Run(fmt.Sprintf("compaction=%v", compactBetween), func(t *testing.T) {
			x := newNearIndex(24 * time.Hour)
			x.add(nearItem("root", 1, now, band), []uint64{band})
			adds := []nearAdd{
				x.add(nearItem("new", 2, now, band), []uint64{band}),
				x.add(nearItem("root", 1, now, 7<<56|70), []uint64{7<<56 | 70}), // rewritten in place
			}
			if compactBetween {
				x.compact(now)
			}
			x.undo(adds)
			got := candidateIDs(x, q, 9)
			if slices.Contains(got, "new") {
				t.Errorf("candidates %v: an undone story is still a candidate", got)
			}
			// Without a compaction the rewritten root comes back; after one
			// it is dropped (a missed merge at worst, never a ghost).
			if want := !compactBetween; slices.Contains(got, "root") != want {
				t.Errorf("candidates %v: root present = %v, want %v", got, !want, want)
			}
			if _, ok := x.byID["new"]; ok {
				t.Error("undone story still indexed by ID")
			}
		})
	}
}
