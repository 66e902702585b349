package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/wiredesk/wiredesk/story"
)

// The harness's raw baseline writes and reads plain rows, and LiveBytes
// and Census describe a store file without going through its API.
func TestBaselineAndCensus(t *testing.T) {
	ctx := t.Context()
	raw, err := OpenBaseline(filepath.Join(t.TempDir(), "raw.db"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.CreateItems(ctx); err != nil {
		t.Fatal(err)
	}
	if err := raw.InsertItems(ctx, []story.Item{testStory(1, "a", t0), testStory(1, "b", t0)}); err != nil {
		t.Fatal(err)
	}
	if n, err := raw.MaxPK(ctx); err != nil || n != 2 {
		t.Errorf("MaxPK = %d, %v; want 2", n, err)
	}

	db := openTest(t)
	src := addSources(t, db, "https://a.example/feed")[0]
	save(t, db, src, testStory(src, "k1", t0, "world"), testStory(src, "k2", t0, "world"))
	c, err := db.Census(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"s1-k1 Title k1", "s1-k2 Title k2"}
	if c.Stories != 2 || c.IDs != 2 || c.Keys != 2 || c.Orphans != 0 || len(c.Rows) != 2 || c.Rows[0] != want[0] || c.Rows[1] != want[1] {
		t.Errorf("Census = %+v, want 2 stories %q", c, want)
	}
	ro, err := OpenBaseline(db.Path(), true)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if got, err := ro.ReadRange(ctx, 0, 50); err != nil || got != 2 {
		t.Errorf("ReadRange = %d, %v; want 2", got, err)
	}
	if live, err := LiveBytes(ctx, db.Path()); err != nil || live <= 0 {
		t.Errorf("LiveBytes = %d, %v", live, err)
	}
}

// DropSearchTriggers leaves a store that saves as before search: a story
// saved afterwards (by the store opened again, as the harness does) is
// not indexed and writes no search words, one saved before still is
// found.
func TestDropSearchTriggers(t *testing.T) {
	ctx := t.Context()
	first := openTest(t)
	src := addSources(t, first, "https://a.example/feed")[0]
	save(t, first, src, testStory(src, "k1", t0, "world"))
	if err := DropSearchTriggers(ctx, first.Path()); err != nil {
		t.Fatal(err)
	}
	db := reopen(t, first.Path())
	if db.vocab != nil {
		t.Error("the store keeps search words after DropSearchTriggers")
	}
	save(t, db, src, testStory(src, "k2", t0, "world"))
	for text, want := range map[string]int{"k1": 1, "k2": 0} {
		if got := searchCount(t, db, text); got != want {
			t.Errorf("Search(%s) = %d stories, want %d", text, got, want)
		}
	}
}
