package sqlite

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	for i, src := range ids {
		var items []story.Item
		for j := range 20 {
			items = append(items, testStory(src, string(rune('a'+j)), t0.Add(-time.Duration(i*20+j)*time.Minute), "world"))
		}
		save(t, db, src, items...)
	}
	size, err := db.Size(ctx)
	if err != nil || size <= 0 {
		t.Fatalf("Size = %d, %v", size, err)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatalf("IntegrityCheck: %v", err)
	}

	out := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, out); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if err := db.Backup(ctx, out); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second Backup to the same file = %v, want fs.ErrExist", err)
	}
	cp, err := Open(ctx, out)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer func() {
		if err := cp.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	if err := cp.IntegrityCheck(ctx); err != nil {
		t.Errorf("backup IntegrityCheck: %v", err)
	}
	for _, cat := range []string{"all", "world"} {
		want, err := db.Latest(ctx, cat, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		got, err := cp.Latest(ctx, cat, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 40 || !slices.EqualFunc(got, want, equalItems) {
			t.Errorf("backup %s: %d stories, differs from the original", cat, len(got))
		}
	}
	srcs, err := cp.Sources(ctx)
	if err != nil || len(srcs) != 2 || srcs[0].ItemCount != 20 {
		t.Errorf("backup sources = %+v, %v", srcs, err)
	}
}
