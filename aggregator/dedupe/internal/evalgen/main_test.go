package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommittedOutput fails when testdata/eval.jsonl is not what the
// generator makes from testdata/stories.txt: run go generate.
func TestCommittedOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "eval.jsonl")
	var stdout bytes.Buffer
	err := run(context.Background(), []string{"-dir", "../../testdata", "-out", out}, &stdout)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("read output: %v", err)
	}
	want, err := os.ReadFile("../../testdata/eval.jsonl")
	if err != nil {
		t.Fatalf("read committed set: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("committed eval.jsonl is stale; run go generate ./aggregator/dedupe/")
	}
	if !strings.HasPrefix(stdout.String(), "wrote ") {
		t.Errorf("stdout = %q", stdout.String())
	}
}

func TestParseStoriesErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no body", "=== a\ntitle: T\n", "needs a title and a body"},
		{"unknown header", "=== a\ncolour: red\n", "unknown header"},
		{"header without colon", "=== a\ntitle\n", "no colon"},
		{"hand before story", "--- hand\n", "before any story"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseStories([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseStories error = %v, want %q", err, tt.want)
			}
		})
	}
}
