package desk

import (
	"context"
	"reflect"
	"testing"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// fakeEditorial is a store's editorial log and its stories.
type fakeEditorial struct {
	log   []store.EditorialEvent
	items map[string]story.Item
}

func (f *fakeEditorial) EditorialLog(_ context.Context, after int64) ([]store.EditorialEvent, error) {
	var out []store.EditorialEvent
	for _, ev := range f.log {
		if ev.Seq > after {
			out = append(out, ev)
		}
	}
	return out, nil
}

func (f *fakeEditorial) Item(_ context.Context, id string) (story.Item, error) {
	it, ok := f.items[id]
	if !ok {
		return story.Item{}, store.ErrNotFound
	}
	return it, nil
}

// TestEditorialChangesReachTheRebuilder: a withdrawal re-renders the
// story's categories and "all" and drops its page; withdrawing a
// duplicate re-renders its original too (its carrier list changed).
func TestEditorialChangesReachTheRebuilder(t *testing.T) {
	st := &fakeEditorial{
		log: []store.EditorialEvent{{Seq: 1, ItemID: "old", Action: "withdraw"}},
		items: map[string]story.Item{
			"old":  {ID: "old", Categories: []string{"sport"}},
			"dup":  {ID: "dup", Categories: []string{"world"}, DuplicateOf: "orig"},
			"orig": {ID: "orig", Categories: []string{"energy"}},
			"a":    {ID: "a", Categories: []string{"lebanon"}},
		},
	}
	pub := &fakeRenderer{}
	rb := NewRebuilder(pub, nil, discard())
	// What was logged before the desk started is not applied again.
	seq := applyEditorial(t.Context(), st, rb, discard(), 1)
	st.log = append(st.log,
		store.EditorialEvent{Seq: 2, ItemID: "dup", Action: "withdraw"},
		store.EditorialEvent{Seq: 3, ItemID: "gone", Action: "restore"}, // pruned since: logged, skipped
		store.EditorialEvent{Seq: 4, ItemID: "a", Action: "restore"})
	seq = applyEditorial(t.Context(), st, rb, discard(), seq)
	if seq != 4 {
		t.Errorf("seq %d, want 4", seq)
	}
	rb.flush(t.Context())
	rebuilds, _, inv := pub.snapshot()
	if want := [][]string{{"all", "energy", "lebanon", "world"}}; !reflect.DeepEqual(rebuilds, want) {
		t.Errorf("rebuilds %v, want %v", rebuilds, want)
	}
	if want := []string{"dup", "orig", "a"}; !reflect.DeepEqual(inv, want) {
		t.Errorf("invalidated %v, want %v", inv, want)
	}
}

// TestFollowStore: another node's change re-renders its categories; a
// reconnection (All) re-renders every category of the config in force.
func TestFollowStore(t *testing.T) {
	events := make(chan store.Event, 2)
	events <- store.Event{Categories: []string{"world", "all"}}
	events <- store.Event{All: true, Err: errRender} // a lost watch: every feed again
	close(events)
	pub := &fakeRenderer{}
	rb := NewRebuilder(pub, nil, discard())
	cfg := &config.Config{Categories: []config.Category{{Slug: "world"}, {Slug: "energy"}}}
	FollowStore(t.Context(), fakeWatcher{events}, func() *config.Config { return cfg }, rb, discard())
	rb.flush(t.Context())
	if rebuilds, _, _ := pub.snapshot(); !reflect.DeepEqual(rebuilds, [][]string{{"all", "energy", "world"}}) {
		t.Errorf("rebuilds %v", rebuilds)
	}
	// A store of one process has nothing to follow.
	FollowStore(t.Context(), st0{}, func() *config.Config { return cfg }, rb, discard())
}

type st0 struct{}
