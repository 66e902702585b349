package postgres

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store/query"
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
