// Command evalgen builds the labelled near-duplicate evaluation set of
// package dedupe from hand-written stories: it adds republished variants
// (retitle, trim, house style, dateline, footer, reorder, added sentence,
// lead-only) and templated hard negatives (earnings, market closes,
// weather, results, quake alerts, ...). Output is deterministic; it is
// committed as testdata/eval.jsonl and checked by a test.
//
//	go run ./internal/evalgen -in testdata/stories.txt -out testdata/eval.jsonl
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
	in := fs.String("in", "testdata/stories.txt", "hand-written stories")
	out := fs.String("out", "testdata/eval.jsonl", "output, one JSON item per line")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("flags: %w", err)
	}
	src, err := os.ReadFile(*in)
	if err != nil {
		return fmt.Errorf("read stories: %w", err)
	}
	data, n, err := generate(src)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "wrote %d items to %s\n", n, *out)
	return err
}

// generate parses the stories and returns the encoded evaluation set.
func generate(src []byte) ([]byte, int, error) {
	stories, err := parseStories(src)
	if err != nil {
		return nil, 0, err
	}
	items := storyItems(stories)
	items = append(items, templateItems()...)
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
