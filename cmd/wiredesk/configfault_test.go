package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestConfigFaults runs check, poll and serve on broken configuration
// files. Each fault is one line of the form FILE:LINE: key: message (FILE:
// message when there is no line, as for a missing file) naming the
// problem, the command fails, nothing panics or prints a stack trace, and
// poll and serve stop before creating a database.
func TestConfigFaults(t *testing.T) {
	dir := filepath.Join("testdata", "reliability", "config")
	tests := []struct {
		name, file string
		line       string // "" when the fault has no line
		want       string
	}{
		{"missing file", filepath.Join(dir, "absent.yaml"), "", "configuration file not found"},
		{"a directory", dir, "", "is a directory"},
		{"YAML syntax error", filepath.Join(dir, "syntax.yaml"), "7", "YAML syntax error"},
		{"tab indentation", filepath.Join(dir, "tabs.yaml"), "2", "YAML syntax error"},
		{"binary garbage", filepath.Join(dir, "binary.yaml"), "2", "YAML syntax error"},
		{"wrong type", filepath.Join(dir, "wrongtype.yaml"), "4", `fetch.concurrency: expected an integer, got the string "many"`},
		{"unknown key", filepath.Join(dir, "unknownkey.yaml"), "8", `sources[0].categroy: unknown key (did you mean "category"?)`},
		{"bad duration", filepath.Join(dir, "badduration.yaml"), "2", `fetch.interval: "ten minutes" is not a duration`},
		// The format names are the publisher's table's, checked by the loader.
		{"unknown format", filepath.Join(dir, "badformat.yaml"), "9", `partners[0].formats[1]: "xml" is not a format; use rss, atom, json, ninjs`},
	}
	for _, tc := range tests {
		prefix := regexp.QuoteMeta(tc.file) + ":"
		if tc.line != "" {
			prefix += tc.line + ":"
		}
		lineRE := regexp.MustCompile("^" + prefix + " .*" + regexp.QuoteMeta(tc.want))
		for _, cmd := range [][]string{
			{"check", "--config", tc.file},
			{"poll", "--once", "--config", tc.file},
			{"serve", "--addr", "127.0.0.1:0", "--config", tc.file},
		} {
			t.Run(tc.name+"/"+cmd[0], func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "wiredesk.db")
				if cmd[0] != "check" {
					cmd = append(cmd, "--db", db)
				}
				out := runVisible(t, cmd...)
				lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
				if len(lines) != 1 || !lineRE.MatchString(lines[0]) {
					t.Errorf("output:\n%s\nwant one line matching %s", out, lineRE)
				}
				if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
					t.Errorf("stack trace:\n%s", out)
				}
				if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s created a database despite a broken config (stat: %v)", cmd[0], err)
				}
			})
		}
	}
}

// runVisible runs the command in-process and returns what a user sees on
// the terminal, as main would show it; the command must fail.
func runVisible(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), args, &stdout, &stderr)
	if err == nil {
		t.Fatalf("%v succeeded; output:\n%s%s", args, stdout.String(), stderr.String())
	}
	report(err, &stderr)
	return stdout.String() + stderr.String()
}
