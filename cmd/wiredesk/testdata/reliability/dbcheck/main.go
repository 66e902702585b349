// Command dbcheck reports on a wiredesk database for the kill -9 test in
// cmd/wiredesk/crash_test.go: SQLite's integrity and foreign key checks,
// uniqueness counts, the stories the "all" feed shows, and every stored
// story as "id title". The test runs it as a separate, non-race binary
// because the pure-Go SQLite is slow under the race detector; the test
// makes every assertion itself.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"
)

// Report is what dbcheck prints as JSON.
type Report struct {
	Integrity string   // "ok" or the problems found
	Stories   int      // rows in items
	IDs       int      // distinct IDs
	Keys      int      // distinct (source, key)
	Orphans   int      // category rows without a story
	Feed      []string // IDs Latest(story.All, 0, 50) returns
	Rows      []string // "id title" of every story, sorted by ID
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: dbcheck DATABASE")
		os.Exit(2)
	}
	r, err := check(context.Background(), os.Args[1])
	if err == nil {
		err = json.NewEncoder(os.Stdout).Encode(r)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbcheck:", err)
		os.Exit(1)
	}
}

func check(ctx context.Context, path string) (*Report, error) {
	db, err := sqlite.Open(ctx, path) // recovery and migrations, as a restart
	if err != nil {
		return nil, err
	}
	defer db.Close()
	r := &Report{Integrity: "ok"}
	if err := db.IntegrityCheck(ctx); err != nil {
		r.Integrity = err.Error()
	}
	items, err := db.Latest(ctx, story.All, 0, 50)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		r.Feed = append(r.Feed, it.ID)
	}
	c, err := db.Census(ctx)
	if err != nil {
		return nil, err
	}
	r.Stories, r.IDs, r.Keys, r.Orphans, r.Rows = c.Stories, c.IDs, c.Keys, c.Orphans, c.Rows
	return r, nil
}
