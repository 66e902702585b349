package postgres

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

func searchIDs(t *testing.T, db *DB, text string) []string {
	t.Helper()
	q, err := query.Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	got, err := db.Search(context.Background(), q, 0, 50)
	if err != nil {
		t.Fatalf("Search(%q): %v", text, err)
	}
	return idsOf(got)
}

// The SQLite store's search cases, on PostgreSQL full-text search.
func TestSearchQueries(t *testing.T) {
	db := openTest(t)
	a := addSources(t, db, "https://a.example/")[0]
	oil := testStory(a, "oil", t0, "energy")
	oil.Title, oil.ContentHTML = "OPEC cuts crude output", "<p>Oil prices rose in Riyadh.</p>"
	gas := testStory(a, "gas", t0, "energy")
	gas.Title, gas.ContentHTML = "Gas prices fall", "<p>Europe's storage is full.</p>"
	beirut := testStory(a, "beirut", t0, "world")
	beirut.Title, beirut.ContentHTML = "Élections à Beyrouth", "<p>Crude estimates of turnout.</p>"
	save(t, db, a, oil, gas, beirut)

	tests := []struct {
		q    string
		want []string
	}{
		{"prices", []string{gas.ID, oil.ID}},
		{"prices NOT gas", []string{oil.ID}},
		{"opec OR beyrouth", []string{beirut.ID, oil.ID}},
		{`"crude output"`, []string{oil.ID}},
		{`"output crude"`, nil},
		{"crude", []string{beirut.ID, oil.ID}},
		{"elect*", []string{beirut.ID}}, // prefix, accents folded
		{"ÉLECTIONS", []string{beirut.ID}},
		{"riyadh storage", nil},
		{"(gas OR opec) prices", []string{gas.ID, oil.ID}},
		{`oil"; DROP TABLE items; --"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := searchIDs(t, db, tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

// Only live stories are found: not after an update took the word away,
// nor while withdrawn, nor as a merged duplicate.
func TestSearchFindsLiveStoriesOnly(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	it := testStory(a, "1", t0, "world")
	it.Title = "Ceasefire talks in Cairo"
	save(t, db, a, it)
	if got := searchIDs(t, db, "ceasefire"); !slices.Equal(got, []string{it.ID}) {
		t.Fatalf("after save: %v", got)
	}
	edited := it
	edited.Title, edited.UpdatedAt = "Truce talks in Cairo", t0.Add(time.Hour)
	save(t, db, a, edited)
	if got := searchIDs(t, db, "ceasefire"); len(got) != 0 {
		t.Errorf("old title found after update: %v", got)
	}
	if _, err := db.Withdraw(ctx, it.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, db, "truce"); len(got) != 0 {
		t.Errorf("withdrawn story found: %v", got)
	}
	if _, err := db.Restore(ctx, it.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, db, "truce"); !slices.Equal(got, []string{it.ID}) {
		t.Errorf("restored story: %v", got)
	}
	dup := testStory(b, "1", t0, "world")
	dup.Title, dup.Link = "Truce talks in Cairo (copy)", edited.Link
	if sum := save(t, db, b, dup); sum.Duplicates != 1 {
		t.Fatalf("copy not merged: %+v", sum)
	}
	if got := searchIDs(t, db, "truce"); !slices.Equal(got, []string{it.ID}) {
		t.Errorf("merged duplicate found: %v", got)
	}
}

// TestSearchAcrossTheWindow: a search reads the newest searchWindow rows
// first and the GIN index for older ones only when the page is short.
// With windows of every size from none to past the whole table, every
// page of every query is the same slice of the complete answer, and a
// withdrawn or merged story is found on neither side of the window.
func TestSearchAcrossTheWindow(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a := addSources(t, db, "https://a.example/")[0]
	var items []story.Item
	for i := range 24 {
		it := testStory(a, fmt.Sprint(i), t0.Add(time.Duration(i)*time.Minute), "world")
		it.Title = "Report"
		if i%3 == 0 {
			it.Title += " harbour"
		}
		if i%7 == 0 {
			it.Title += " strike"
		}
		items = append(items, it)
	}
	for _, it := range items { // one fetch each: pk follows i
		save(t, db, a, it)
	}
	if _, err := db.Withdraw(ctx, items[21].ID, "test", "editor"); err != nil {
		t.Fatal(err)
	}
	old := searchWindow
	t.Cleanup(func() { searchWindow = old })
	for _, text := range []string{"harbour", "strike", "harbour OR strike", "report NOT harbour", "nothing"} {
		q, err := query.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		searchWindow = 1000
		full, err := db.Search(ctx, q, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		all := idsOf(full)
		if slices.Contains(all, items[21].ID) {
			t.Fatalf("%s: the withdrawn story is found", text)
		}
		for _, w := range []int64{0, 1, 2, 5, 9, 13, 23, 24, 30} {
			searchWindow = w
			for offset := 0; offset <= len(all)+1; offset++ {
				for _, limit := range []int{1, 2, 3, 50} {
					got, err := db.Search(ctx, q, offset, limit)
					if err != nil {
						t.Fatal(err)
					}
					want := all[min(offset, len(all)):min(offset+limit, len(all))]
					if !slices.Equal(idsOf(got), want) {
						t.Fatalf("%s, window %d, offset %d, limit %d: %v, want %v", text, w, offset, limit, idsOf(got), want)
					}
				}
			}
		}
	}
}
