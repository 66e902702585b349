// Command evalgen builds the labelled near-duplicate evaluation set of
// package dedupe from hand-written stories: it adds republished variants
// (retitle, trim, house style, dateline, footer, reorder, added sentence,
// lead-only) and templated hard negatives (earnings, market closes,
// weather, results, quake alerts, ...). Output is deterministic; it is
// committed as testdata/eval.jsonl and checked by a test.
//
//	go run ./internal/evalgen -dir testdata
//
// The split of an item is "heldout" for stories_heldout.txt and the
// held-out templates, written after the method was frozen, else "dev".
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
)

// Item is one story of the evaluation set. Items with the same Cluster are
// copies of one story and should merge; any other pair should not.
type Item struct {
	ID      string `json:"id"`
	Cluster string `json:"cluster"`
	// Role is "base" (first copy written), "variant" (a republished copy),
	// "distinct" (a same-topic different event) or "template" (templated copy).
	Role  string `json:"role"`
	Split string `json:"split"` // "dev" or "heldout"
	Edits string `json:"edits,omitempty"`
	// Neg names the story this one is a designated hard negative of.
	Neg   string `json:"neg,omitempty"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "evalgen:", err)
		os.Exit(1)
	}
}

func run(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("evalgen", flag.ContinueOnError)
	dir := fs.String("dir", "testdata", "folder with stories.txt and stories_heldout.txt")
	out := fs.String("out", "", "output, one JSON item per line (default DIR/eval.jsonl)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("flags: %w", err)
	}
	if *out == "" {
		*out = filepath.Join(*dir, "eval.jsonl")
	}
	dev, err := os.ReadFile(filepath.Join(*dir, "stories.txt"))
	if err != nil {
		return fmt.Errorf("read stories: %w", err)
	}
	held, err := os.ReadFile(filepath.Join(*dir, "stories_heldout.txt"))
	if err != nil {
		return fmt.Errorf("read held-out stories: %w", err)
	}
	data, n, err := generate(dev, held)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "wrote %d items to %s\n", n, *out)
	return err
}

// generate parses the development and held-out stories and returns the
// encoded evaluation set.
func generate(dev, held []byte) ([]byte, int, error) {
	var items []Item
	for _, part := range []struct {
		src       []byte
		split     string
		templates []template
		short     []shortTemplate
	}{{dev, "dev", templates, shortTemplates}, {held, "heldout", heldoutTemplates, shortHeldout}} {
		stories, err := parseStories(part.src)
		if err != nil {
			return nil, 0, fmt.Errorf("%s stories: %w", part.split, err)
		}
		items = append(items, storyItems(stories, part.split)...)
		items = append(items, templateItems(part.templates, part.split)...)
		items = append(items, shortItems(part.short, part.split)...)
	}
	items = shuffle(items)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return nil, 0, fmt.Errorf("encode %s: %w", it.ID, err)
		}
	}
	return buf.Bytes(), len(items), nil
}
