package sqlite

import (
	"context"
	"testing"
)

// TestBackgroundCheckpoint commits stories and waits for the background
// checkpointer to run: afterwards the WAL holds nothing that is not also
// in the database file, though the writer's own threshold was never
// reached.
func TestBackgroundCheckpoint(t *testing.T) {
	db := openTest(t)
	src := addSources(t, db, "https://a.example/")[0]
	for i := range 20 {
		save(t, db, src, testStory(src, string(rune('a'+i)), t0, "world"))
	}
	var wal int
	if err := db.writer.QueryRowContext(context.Background(), "PRAGMA wal_autocheckpoint").Scan(&wal); err != nil {
		t.Fatal(err)
	}
	if wal != 20000 {
		t.Errorf("writer wal_autocheckpoint = %d, want 20000", wal)
	}
	before := db.ckpt.runs.Load()
	for db.ckpt.runs.Load() < before+2 { // one may have started before the last commit
		select {
		case <-t.Context().Done():
			t.Fatal("the checkpointer never ran")
		default:
		}
		if err := db.writer.PingContext(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	var busy, logged, copied int
	if err := db.writer.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &copied); err != nil {
		t.Fatal(err)
	}
	if logged == 0 || copied != logged {
		t.Errorf("WAL after a background checkpoint: %d frames logged, %d copied; want all of a non-empty WAL copied", logged, copied)
	}
}
