package main

import (
	"context"
	"fmt"
	"strings"
)

// cmdExplain is the operator's view of why a story is filed where it is:
// readers see the categories, operators see the places behind them.
func cmdExplain(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "explain ID", "Show why a story is filed under its categories: the places the region\n"+
		"gazetteer found (with where in the story: title, dateline, lead, body),\n"+
		"its upstream categories, and the copies of other agencies merged into it.",
		"wiredesk explain 3f2a9c0d1b7e4a55 --db wiredesk.db")
	dbPath := fs.String("db", envOr(envDB, "wiredesk.db"), dbUsage)
	id, err := parseOne(fs, args, "a story ID")
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeQuiet(e, db)
	it, err := db.Item(ctx, id)
	if err != nil {
		return fmt.Errorf("story %s: %w", id, err)
	}
	w := e.stdout
	fmt.Fprintf(w, "%s %q\n", it.ID, it.Title)
	fmt.Fprintf(w, "  agency:      %s\n", it.Agency)
	fmt.Fprintf(w, "  filed under: %s\n", orNone(it.Categories))
	fmt.Fprintf(w, "  places:      %s\n", orNone(it.Places))
	fmt.Fprintf(w, "  upstream:    %s\n", orNone(it.UpstreamCategories))
	if it.DuplicateOf != "" {
		fmt.Fprintf(w, "  merged into: %s\n", it.DuplicateOf)
	}
	for _, c := range it.Also {
		fmt.Fprintf(w, "  also:        %s %s\n", c.Agency, c.URL)
	}
	return nil
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "(none)"
	}
	return strings.Join(list, "; ")
}
