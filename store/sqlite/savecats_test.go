package sqlite

import (
	"context"
	"testing"
	"time"
)

// TestCategoryInvalidUTF8 files a story under a slug that is not UTF-8,
// which SQLite keeps byte for byte. The contract does not ask it of every
// backend: configured slugs are [a-z0-9-].
func TestCategoryInvalidUTF8(t *testing.T) {
	db := openTest(t)
	src := addSources(t, db, "https://a.example/")[0]
	cat := "bad\xff\xfebytes"
	save(t, db, src, testStory(src, "1", t0, cat))
	items, err := db.Latest(context.Background(), cat, 0, 10)
	if err != nil || len(items) != 1 || items[0].Categories[0] != cat {
		t.Errorf("Latest(%q) = %+v, %v; want the story filed under it", cat, items, err)
	}
}

// TestCategoryRowsTyped: the batched category insert (one JSON array per
// fetch) stores integers as integers, at the extreme publication times
// too, so that the category index compares numbers and not text.
func TestCategoryRowsTyped(t *testing.T) {
	ctx := context.Background()
	for _, pub := range []time.Time{t0, time.Unix(0, -1<<63+1), time.Unix(0, 1<<63-1)} {
		db := openTest(t)
		src := addSources(t, db, "https://a.example/")[0]
		save(t, db, src, testStory(src, "1", pub, "world", "other"), testStory(src, "2", pub, "world"))
		var rows int
		err := db.writer.QueryRowContext(ctx, `SELECT count(*) FROM item_categories
			WHERE category = 'world' AND published_at = ? AND typeof(item_pk) = 'integer'
			AND typeof(published_at) = 'integer' AND live = 1`, toNS(pub)).Scan(&rows)
		if err != nil || rows != 2 {
			t.Errorf("published %v: typed category rows = %d, %v, want 2", pub, rows, err)
		}
	}
}
