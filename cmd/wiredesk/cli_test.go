package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// TestCommandLineMistakes runs each mistake a new operator makes and
// checks that the output says what was wrong, once, and that the command
// fails with the usage exit status.
func TestCommandLineMistakes(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.yaml")
	broken := filepath.Join(dir, "broken.yaml")
	for path, body := range map[string]string{empty: "", broken: "site: {titel: x}\n"} {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "w.db")
	for _, tc := range []struct {
		name string
		args []string
		want []string // each must appear exactly once
		code int
	}{
		{"bad log level", []string{"poll", "--once", "--log-level", "verbose"},
			[]string{`wiredesk: poll: --log-level "verbose": want debug, info, warn or error`}, 2},
		{"bad log format", []string{"serve", "--log-format", "yaml"},
			[]string{`wiredesk: serve: --log-format "yaml": want text or json`}, 2},
		{"bad flag value", []string{"poll", "--once=maybe"},
			[]string{`wiredesk: poll: invalid boolean value "maybe" for -once`, "Usage: wiredesk poll [flags]"}, 2},
		{"unknown flag", []string{"prune", "--dry-run"},
			[]string{`wiredesk: prune: flag provided but not defined: -dry-run`}, 2},
		{"typo in a command", []string{"sevre"},
			[]string{`wiredesk: unknown command "sevre" (did you mean "serve"?)`}, 2},
		{"unknown command", []string{"frobnicate"},
			[]string{`wiredesk: unknown command "frobnicate" (run "wiredesk help" for the list)`}, 2},
		{"typo in a sources subcommand", []string{"sources", "lsit"},
			[]string{`wiredesk: sources: unknown subcommand "lsit" (did you mean "list"?)`}, 2},
		{"withdraw without a reason", []string{"withdraw", "3f2a9c0d1b7e4a55", "--db", db},
			[]string{"Usage: wiredesk withdraw ID [flags]", "wiredesk: withdraw: --reason is required"}, 2},
		{"restore without an ID", []string{"restore", "--db", db},
			[]string{"Usage: wiredesk restore ID [flags]", "wiredesk: restore: a story ID is required"}, 2},
		{"two IDs", []string{"restore", "a", "b"},
			[]string{`wiredesk: restore: unexpected argument "b" (only one story ID)`}, 2},
		{"a stray word before a flag", []string{"poll", "--config", empty, "--db", db, "extra", "--once"},
			[]string{`wiredesk: poll: unexpected argument "extra"`}, 2},
		{"check FILE checks that file", []string{"check", broken},
			[]string{broken + `:1: site.titel: unknown key (did you mean "title"?)`}, 1},
		{"check of an empty file", []string{"check", empty},
			[]string{empty + ": categories: none defined", empty + ": sources: none defined"}, 1},
		{"check with two files", []string{"check", empty, "--config", broken},
			[]string{"wiredesk: check: two files given"}, 2},
		{"withdrawals without a subcommand", []string{"withdrawals"},
			[]string{"wiredesk: withdrawals: a subcommand is required (list or log)"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := report(run(t.Context(), tc.args, &stdout, &stderr), &stderr)
			out := stdout.String() + stderr.String()
			for _, w := range tc.want {
				if n := strings.Count(out, w); n != 1 {
					t.Errorf("%q appears %d times, want once; output:\n%s", w, n, out)
				}
			}
			if code != tc.code {
				t.Errorf("exit status %d, want %d; output:\n%s", code, tc.code, out)
			}
			if _, err := os.Stat(db); err == nil {
				t.Errorf("a mistaken command created the database")
			}
		})
	}
}

// TestCheckFileArgument: "check FILE" validates FILE, not ./sources.yaml.
func TestCheckFileArgument(t *testing.T) {
	_, cfg, _ := wireDesk(t, 1, 1)
	if out := runCmd(t, "check", cfg); !strings.HasPrefix(out, cfg+": ok (3 categories, 1 sources, 1 enabled)") {
		t.Errorf("check %s said %q", cfg, out)
	}
}

// TestPollReportsEachFailureOnce: a failing source is one line of poll's
// report, naming the source, its URL once per layer and the setting that
// would allow a private address; the log does not repeat it.
func TestPollReportsEachFailureOnce(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yaml")
	yaml := "categories:\n  - {slug: world}\nsources:\n  - {name: Dead Wire, url: \"http://127.0.0.1:1/feed.rss\", category: world}\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"poll", "--once", "--config", cfg, "--db", filepath.Join(dir, "w.db")}, &stdout, &stderr); err != nil {
		t.Fatalf("poll: %v\n%s", err, stderr.String())
	}
	out := stdout.String() + stderr.String()
	if n := strings.Count(out, "refusing to connect"); n != 1 {
		t.Errorf("the failure is reported %d times, want once:\n%s", n, out)
	}
	for _, w := range []string{`error     source "Dead Wire": fetch http://127.0.0.1:1/feed.rss: `, "fetch.allow_private: true", "1 failed"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if strings.Count(out, "Dead Wire") != 1 || strings.Count(out, "fetch http://127.0.0.1:1/feed.rss") != 1 {
		t.Errorf("the source or its fetch is named more than once:\n%s", out)
	}
}

// TestSourcesAddErrorSaysFetchOnce: the URL that failed is named once.
func TestSourcesAddErrorSaysFetchOnce(t *testing.T) {
	_, cfg, _ := wireDesk(t, 1, 1)
	out := runVisible(t, "sources", "add", "http://127.0.0.1:1/", "--config", cfg)
	if n := strings.Count(out, "http://127.0.0.1:1/"); n != 1 {
		t.Errorf("the URL appears %d times, want once:\n%s", n, out)
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/wiredesk/wiredesk", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-11-30T10:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		}}
	if got := buildVersion("", info, "dev"); got != "v1.2.3" {
		t.Errorf("module version: %q", got)
	}
	if got := buildVersion("2.0.0", info, "dev"); got != "2.0.0" {
		t.Errorf("ldflags version: %q", got)
	}
	devel := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}
	if got := buildVersion("", devel, "dev"); got != "dev" {
		t.Errorf("devel build: %q", got)
	}
	if got := vcsRevision(info); got != "revision 0123456789ab (2026-11-30T10:00:00Z, modified)" {
		t.Errorf("revision: %q", got)
	}
	if got := versionLine(info); !regexp.MustCompile(`^wiredesk \S+, revision 0123456789ab .*, go1\.26\.0$`).MatchString(got) {
		t.Errorf("version line: %q", got)
	}
	if got := vcsRevision(&debug.BuildInfo{}); got != "" {
		t.Errorf("no VCS info: %q", got)
	}
}

// TestEditorialCommands: withdraw and restore record who acted, restoring
// a live story says so, unknown IDs are named once, and "withdrawals"
// lists what is withdrawn and the whole log.
func TestEditorialCommands(t *testing.T) {
	_, cfg, db := wireDesk(t, 1, 3)
	runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	var ids []string
	for id := range storedIDs(t, db) {
		ids = append(ids, id)
	}
	t.Setenv("USER", "alice")
	runCmd(t, "withdraw", ids[0], "--reason", "legal request", "--db", db)
	runCmd(t, "withdraw", "--db", db, ids[1], "--reason", "wrong byline", "--by", "carol")
	runCmd(t, "restore", ids[1], "--db", db, "--by", "bob")

	out := runVisible(t, "restore", ids[2], "--db", db)
	if want := fmt.Sprintf("wiredesk: restore %q: store: story is not withdrawn\n", ids[2]); out != want {
		t.Errorf("restore of a live story said %q, want %q", out, want)
	}
	out = runVisible(t, "withdraw", "nonexistent123", "--reason", "x", "--db", db)
	if want := "wiredesk: withdraw \"nonexistent123\": store: not found\n"; out != want {
		t.Errorf("withdraw of an unknown story said %q, want %q", out, want)
	}

	list := runCmd(t, "withdrawals", "list", "--db", db)
	if !regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+withdraw\s+`+ids[0]+`\s+alice\s+legal request\s+\S`).MatchString(list) ||
		strings.Contains(list, ids[1]) {
		t.Errorf("withdrawals list:\n%s", list)
	}
	log := runCmd(t, "withdrawals", "log", "--db", db)
	for _, re := range []string{
		`withdraw\s+` + ids[0] + `\s+alice\s+legal request`,
		`withdraw\s+` + ids[1] + `\s+carol\s+wrong byline`,
		`restore\s+` + ids[1] + `\s+bob\s+-`,
	} {
		if !regexp.MustCompile(re).MatchString(log) {
			t.Errorf("withdrawals log lacks %s:\n%s", re, log)
		}
	}
	if strings.Contains(log, ids[2]) {
		t.Errorf("the refused restore was logged:\n%s", log)
	}
}

// TestExplainCommand: the operator's view of a story names its categories
// and the places behind them, which the reader's page no longer shows.
func TestExplainCommand(t *testing.T) {
	_, cfg, db := wireDesk(t, 1, 3)
	runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	for id := range storedIDs(t, db) {
		out := runCmd(t, "explain", id, "--db", db)
		for _, want := range []string{id, "filed under: ", "places:", "agency:"} {
			if !strings.Contains(out, want) {
				t.Errorf("explain %s lacks %q:\n%s", id, want, out)
			}
		}
		break
	}
	if out := runVisible(t, "explain", "nonexistent123", "--db", db); !strings.Contains(out, "nonexistent123") {
		t.Errorf("explain of an unknown story does not name it:\n%s", out)
	}
}

// TestSettingsByEnvironment: WIREDESK_CONFIG and WIREDESK_DB stand in for
// --config and --db; a flag on the command line still wins.
func TestSettingsByEnvironment(t *testing.T) {
	_, cfg, db := wireDesk(t, 1, 2)
	t.Setenv("WIREDESK_CONFIG", cfg)
	t.Setenv("WIREDESK_DB", db)
	if out := runCmd(t, "check"); !strings.HasPrefix(out, cfg+": ok") {
		t.Errorf("check with WIREDESK_CONFIG said %q", out)
	}
	if out := runCmd(t, "poll", "--once"); !strings.Contains(out, "2 new") {
		t.Errorf("poll with WIREDESK_CONFIG and WIREDESK_DB said %q", out)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("WIREDESK_DB not used: %v", err)
	}
	other := filepath.Join(t.TempDir(), "other.yaml")
	if err := os.WriteFile(other, []byte("categories:\n  - {slug: world}\nsources:\n  - {name: A, url: \"https://a.example/f.rss\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := runCmd(t, "check", "--config", other); !strings.HasPrefix(out, other+": ok") {
		t.Errorf("--config did not win over WIREDESK_CONFIG: %q", out)
	}
}
