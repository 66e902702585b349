package desk

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// TestRebuilderCoalesces: a burst of changes within the wait renders once,
// the union of their categories, after telling the hub what it reflects.
func TestRebuilderCoalesces(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pub, hub := &fakeRenderer{}, &fakeHub{}
		rb := NewRebuilder(pub, hub, discard())
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() { rb.Run(ctx); close(done) }()
		rb.Changed(ctx, story.FetchSummary{Categories: []string{"world"}, Items: []string{"a"}})
		rb.Changed(ctx, story.FetchSummary{Categories: []string{"energy", "world"}, Items: []string{"b"}})
		synctest.Wait()
		if r, _, _ := pub.snapshot(); len(r) != 0 {
			t.Fatalf("rendered before the burst wait: %v", r)
		}
		rb.Changed(ctx, story.FetchSummary{Categories: []string{"lebanon"}, Items: []string{"c"}})
		// time.Sleep advances the bubble's fake clock past the wait.
		time.Sleep(burstWait)
		synctest.Wait()
		rebuilds, _, inv := pub.snapshot()
		if want := [][]string{{"energy", "lebanon", "world"}}; !reflect.DeepEqual(rebuilds, want) {
			t.Errorf("rebuilds %v, want %v", rebuilds, want)
		}
		if !reflect.DeepEqual(inv, []string{"a", "b", "c"}) {
			t.Errorf("invalidated %v", inv)
		}
		if want := [][]string{{"all", "energy", "lebanon", "world"}}; !reflect.DeepEqual(hub.marked, want) || hub.published != 1 {
			t.Errorf("hub marked %v, published %d", hub.marked, hub.published)
		}
		// A change recorded as the desk stops is still rendered.
		rb.Changed(ctx, story.FetchSummary{Categories: []string{"world"}})
		cancel()
		<-done
		if r, _, _ := pub.snapshot(); len(r) != 2 {
			t.Errorf("the last change was not rendered at shutdown: %v", r)
		}
	})
}

// TestRebuilderFailedRenderPublishesNothing: the hub is told of a change
// only once the feeds show it.
func TestRebuilderFailedRenderPublishesNothing(t *testing.T) {
	pub, hub := &fakeRenderer{err: errRender}, &fakeHub{}
	rb := NewRebuilder(pub, hub, discard())
	rb.Changed(t.Context(), story.FetchSummary{Categories: []string{"world"}})
	rb.flush(t.Context())
	if len(hub.marked) != 1 || hub.published != 0 {
		t.Errorf("hub marked %v, published %d after a failed render", hub.marked, hub.published)
	}
	rb.flush(t.Context()) // nothing left: no render
	if r, _, _ := pub.snapshot(); len(r) != 1 {
		t.Errorf("renders %v", r)
	}
}

func TestSlugs(t *testing.T) {
	cfg := &config.Config{Categories: []config.Category{{Slug: "world"}, {Slug: "wires", Private: true}}}
	if got := Slugs(cfg); !slices.Equal(got, []string{"all", "world", "wires"}) {
		t.Errorf("Slugs = %v", got)
	}
}
