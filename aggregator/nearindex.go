package aggregator

import (
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/story"
)

// maxNearCandidates bounds the stories compared with one new story.
const maxNearCandidates = 200

// nearIndex is the in-memory LSH index through which a new story finds
// the recent stories it may duplicate. It is derived data: the signatures
// live in the store (items.dedupe_sig) and the index is rebuilt from them
// at start (store.RecentRoots), so nothing is lost with the process. Kept
// in memory it spares every story a few dozen index-row inserts and
// lookups inside the store's single write transaction.
//
// It holds about two windows of stories, each with two dozen band keys,
// so its layout is compact and free of pointers where it can be: a band
// key maps to the newest posting of a chain of int32 postings, and a band
// key is kept to 32 bits (a collision only adds a candidate, which Match
// then rejects). About 1 KB a story, most of it the signature.
type nearIndex struct {
	mu      sync.Mutex
	window  time.Duration
	entries []nearEntry
	posts   []nearPost
	heads   map[uint32]int32 // band key -> newest posting
	byID    map[string]int32 // story ID -> live entry
	sinceGC int              // adds since the last compaction
	gen     int              // compactions so far: entry numbers change with each
}

// nearEntry is the part of a story that Match reads.
type nearEntry struct {
	id, title string
	sig       []byte
	source    int64
	published int64 // Unix nanoseconds
	dead      bool
}

func (e *nearEntry) item() story.Item {
	return story.Item{ID: e.id, SourceID: e.source, Title: e.title, DedupeSig: e.sig, PublishedAt: time.Unix(0, e.published).UTC()}
}

// nearPost is one (band, entry) pair; next is the band's older posting,
// or -1.
type nearPost struct{ entry, next int32 }

// nearAdd records one add, so that it can be undone when the transaction
// that stored the story does not commit; replaced is -1 when the story
// was not indexed before.
type nearAdd struct {
	id              string
	gen             int
	added, replaced int32
}

func newNearIndex(window time.Duration) *nearIndex {
	return &nearIndex{window: window, heads: map[uint32]int32{}, byID: map[string]int32{}}
}

// add indexes (or re-indexes) a story that is not a duplicate.
func (x *nearIndex) add(it story.Item, bands []uint64) nearAdd {
	x.mu.Lock()
	defer x.mu.Unlock()
	a := nearAdd{id: it.ID, gen: x.gen, added: int32(len(x.entries)), replaced: -1}
	if old, ok := x.byID[it.ID]; ok {
		x.entries[old].dead = true
		a.replaced = old
	}
	x.entries = append(x.entries, nearEntry{id: it.ID, title: it.Title, sig: it.DedupeSig,
		source: it.SourceID, published: it.PublishedAt.UnixNano()})
	x.byID[it.ID] = a.added
	x.link(a.added, bands)
	x.sinceGC++
	if x.sinceGC >= max(4096, len(x.byID)/2) {
		x.compact(clock.Now())
	}
	return a
}

func (x *nearIndex) link(e int32, bands []uint64) {
	for _, b := range bands {
		k := bandKey(b)
		next, ok := x.heads[k]
		if !ok {
			next = -1
		}
		x.heads[k] = int32(len(x.posts))
		x.posts = append(x.posts, nearPost{entry: e, next: next})
	}
}

// bandKey folds a band key to 32 bits, keeping its band number (top byte).
func bandKey(b uint64) uint32 { return uint32(b>>32) ^ uint32(b) }

// undo reverts adds, newest first: their entries die and the entries they
// replaced come back. After a compaction the replaced entries are gone:
// then the story is dropped from the index, which can cost a merge, never
// a wrong one.
func (x *nearIndex) undo(adds []nearAdd) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for i := len(adds) - 1; i >= 0; i-- {
		a := adds[i]
		if a.gen != x.gen {
			if e, ok := x.byID[a.id]; ok {
				x.entries[e].dead = true
				delete(x.byID, a.id)
			}
			continue
		}
		x.entries[a.added].dead = true
		delete(x.byID, a.id)
		if a.replaced >= 0 {
			x.entries[a.replaced].dead = false
			x.byID[a.id] = a.replaced
		}
	}
}

// candidates returns the indexed stories of other sources sharing a band
// with it and published within the window of published, newest first.
func (x *nearIndex) candidates(it *story.Item, source int64, published time.Time) []story.Item {
	x.mu.Lock()
	defer x.mu.Unlock()
	var seen map[int32]bool
	var out []story.Item
	lo, hi := published.Add(-x.window).UnixNano(), published.Add(x.window).UnixNano()
	for _, b := range it.Bands {
		p, ok := x.heads[bandKey(b)]
		for ; ok && p >= 0; p = x.posts[p].next {
			ei := x.posts[p].entry
			e := &x.entries[ei]
			if e.dead || e.source == source || seen[ei] {
				continue
			}
			if x.window > 0 && (e.published < lo || e.published > hi) {
				continue
			}
			if seen == nil {
				seen = map[int32]bool{}
			}
			seen[ei] = true
			out = append(out, e.item())
			if len(out) == maxNearCandidates {
				return out
			}
		}
	}
	return out
}

// compact rebuilds the index from the entries that are live and within
// two windows of now, so the index holds about one window of stories and
// its arrays do not grow without end. Entry numbers change: adds recorded
// before a compaction can no longer be undone (see undo).
func (x *nearIndex) compact(now time.Time) {
	horizon := now.Add(-2 * x.window)
	keep := make([]int32, len(x.entries))
	entries := make([]nearEntry, 0, len(x.byID))
	for i := range x.entries {
		keep[i] = -1
		e := x.entries[i]
		if !e.dead && (x.window <= 0 || e.published > horizon.UnixNano()) {
			keep[i] = int32(len(entries))
			entries = append(entries, e)
		}
	}
	// Postings are rebuilt oldest first, so each chain stays newest first.
	chains := make(map[uint32][]int32, len(x.heads))
	for k, p := range x.heads {
		var chain []int32
		for ; p >= 0; p = x.posts[p].next {
			if ne := keep[x.posts[p].entry]; ne >= 0 {
				chain = append(chain, ne)
			}
		}
		if len(chain) > 0 {
			chains[k] = chain
		}
	}
	heads := make(map[uint32]int32, len(chains))
	posts := make([]nearPost, 0, len(x.posts)/2+1)
	for k, chain := range chains {
		next := int32(-1)
		for i := len(chain) - 1; i >= 0; i-- {
			posts = append(posts, nearPost{entry: chain[i], next: next})
			next = int32(len(posts) - 1)
		}
		heads[k] = next
	}
	byID := make(map[string]int32, len(entries))
	for i, e := range entries {
		byID[e.id] = int32(i)
	}
	x.entries, x.posts, x.heads, x.byID = entries, posts, heads, byID
	x.sinceGC = 0
	x.gen++
}
