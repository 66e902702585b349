package sqlite

import (
	"context"
	"strings"
	"testing"
)

// TestQueryPlans pins the index use the hot reads depend on: the page of a
// category is an index range scan, never a scan of the table nor a sort of
// the whole category.
func TestQueryPlans(t *testing.T) {
	db := openTest(t)
	tests := []struct {
		name, sql string
		args      []any
		want      []string
		not       []string
	}{
		{"category page", readSQL["latestCat"], []any{"x", 50, 0},
			[]string{"item_categories_latest (category=?)"},
			[]string{"SCAN i", "SCAN c", "B-TREE"}},
		{"all page", readSQL["latestAll"], []any{50, 0},
			[]string{"items_live"}, []string{"B-TREE"}},
		{"carriers of a page", readSQL["also"], []any{`["a"]`},
			[]string{"items_duplicate_of (duplicate_of=?)"}, []string{"SCAN items"}},
		{"near-duplicate candidates", saverSQL["candidates"], []any{"[1,2]", 0, 1, 1, 200},
			[]string{"item_bands_band (band=? AND published_at>? AND published_at<?)", "INTEGER PRIMARY KEY"},
			[]string{"SCAN item_bands", "SCAN items"}},
		{"recent roots", recentRootsSQL, []any{0},
			[]string{"items_live (published_at>?)"}, []string{"SCAN", "B-TREE"}},
		{"prune candidates", pruneCandidatesSQL, []any{0, 0},
			[]string{"items_source_published (source_id=? AND published_at<?)"}, []string{"SCAN i", "SCAN items"}},
		{"key, then link lookup", saverSQL["lookup"], []any{1, "k", "https://x/"},
			[]string{"sqlite_autoindex_items_2 (source_id=? AND key=?)", "items_link (link=?)"},
			[]string{"SCAN i", "SCAN l", "SCAN r", "B-TREE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := db.reader.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+tt.sql, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			err = eachRow(rows, func(sc func(...any) error) error {
				var id, parent, unused int
				var detail string
				if err := sc(&id, &parent, &unused, &detail); err != nil {
					return err
				}
				plan = append(plan, detail)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(plan, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("plan lacks %q:\n%s", w, all)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(all, n) {
					t.Errorf("plan has %q:\n%s", n, all)
				}
			}
		})
	}
}
