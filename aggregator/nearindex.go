package aggregator

import (
	"slices"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// maxNearCandidates bounds the stories compared with one new story.
const maxNearCandidates = 200

// nearIndex is the in-memory LSH index through which a new story finds
// the recent stories it may duplicate. It is derived data: the signatures
// live in the store (items.dedupe_sig) and the index is rebuilt from them
// at start (store.RecentRoots), so nothing is lost with the process. Kept
// in memory it spares every story a few dozen index-row inserts and
// lookups inside the store's single write transaction.
type nearIndex struct {
	mu     sync.Mutex
	window time.Duration
	bands  map[uint64][]*nearEntry
	byID   map[string]*nearEntry
	adds   int
}

type nearEntry struct {
	item  store.Item // ID, SourceID, Title, DedupeSig, PublishedAt
	bands []uint64
	dead  bool
}

func newNearIndex(window time.Duration) *nearIndex {
	return &nearIndex{window: window, bands: map[uint64][]*nearEntry{}, byID: map[string]*nearEntry{}}
}

// nearAdd records one add, so that it can be undone when the transaction
// that stored the story does not commit.
type nearAdd struct{ added, replaced *nearEntry }

// add indexes (or re-indexes) a story that is not a duplicate.
func (x *nearIndex) add(it store.Item, bands []uint64) nearAdd {
	x.mu.Lock()
	defer x.mu.Unlock()
	old := x.byID[it.ID]
	if old != nil {
		old.dead = true
	}
	e := &nearEntry{item: store.Item{ID: it.ID, SourceID: it.SourceID, Title: it.Title,
		DedupeSig: it.DedupeSig, PublishedAt: it.PublishedAt}, bands: bands}
	x.byID[it.ID] = e
	for _, b := range bands {
		x.bands[b] = append(x.bands[b], e)
	}
	x.adds++
	if x.adds%4096 == 0 {
		x.compact(time.Now())
	}
	return nearAdd{added: e, replaced: old}
}

// undo reverts adds, newest first: their entries die and the entries they
// replaced come back.
func (x *nearIndex) undo(adds []nearAdd) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for i := len(adds) - 1; i >= 0; i-- {
		a := adds[i]
		a.added.dead = true
		id := a.added.item.ID
		if x.byID[id] == a.added {
			delete(x.byID, id)
		}
		if r := a.replaced; r != nil {
			r.dead = false
			x.byID[id] = r
			for _, b := range r.bands { // a compaction may have dropped it
				if !slices.Contains(x.bands[b], r) {
					x.bands[b] = append(x.bands[b], r)
				}
			}
		}
	}
}

// candidates returns the indexed stories of other sources sharing a band
// with it and published within the window of published.
func (x *nearIndex) candidates(it *store.Item, source int64, published time.Time) []store.Item {
	x.mu.Lock()
	defer x.mu.Unlock()
	seen := map[*nearEntry]bool{}
	var out []store.Item
	for _, b := range it.Bands {
		for _, e := range x.bands[b] {
			if e.dead || seen[e] || e.item.SourceID == source {
				continue
			}
			seen[e] = true
			if x.window > 0 {
				d := e.item.PublishedAt.Sub(published)
				if d > x.window || d < -x.window {
					continue
				}
			}
			out = append(out, e.item)
			if len(out) == maxNearCandidates {
				return out
			}
		}
	}
	return out
}

// compact drops replaced entries and those older than the window, so the
// index holds about one window of stories.
func (x *nearIndex) compact(now time.Time) {
	horizon := now.Add(-2 * x.window)
	for b, es := range x.bands {
		kept := es[:0]
		for _, e := range es {
			if !e.dead && (x.window <= 0 || e.item.PublishedAt.After(horizon)) {
				kept = append(kept, e)
			}
		}
		if len(kept) == 0 {
			delete(x.bands, b)
		} else {
			x.bands[b] = kept
		}
	}
	for id, e := range x.byID {
		if e.dead || (x.window > 0 && !e.item.PublishedAt.After(horizon)) {
			delete(x.byID, id)
		}
	}
}
