package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileBackupOutIsAPath: --out is a plain path, never an SQLite
// URI: "file:/x.db?vfs=memdb" cannot report a backup that wrote nothing,
// and "file:bk.db" cannot overwrite an existing bk.db. Issue 12, item 9.
func TestHostileBackupOutIsAPath(t *testing.T) {
	_, cfg, db := wireDesk(t, 1, 3)
	runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("bk.db", []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"backup", "--db", db, "--out", "file:/x.db?vfs=memdb"}, &stdout, &stderr)
	if err == nil || strings.Contains(stdout.String(), "backed up") {
		t.Errorf("backup to an SQLite URI: %v, said %q", err, stdout.String())
	}
	stdout.Reset()
	if err := run(context.Background(), []string{"backup", "--db", db, "--out", "file:bk.db"}, &stdout, &stderr); err != nil {
		t.Fatalf("backup --out file:bk.db (a plain file name): %v", err)
	}
	if b, err := os.ReadFile("bk.db"); err != nil || string(b) != "precious" {
		t.Errorf("bk.db overwritten through file:bk.db: %q %v", b, err)
	}
	if got := len(storedIDs(t, filepath.Join(dir, "file:bk.db"))); got != 3 {
		t.Errorf("the copy at the plain path file:bk.db holds %d stories, want 3", got)
	}
}

// TestHostileSourcesCommandsRefuseFile: sources import and sources add
// never take a file: URL (a third-party OPML listing file:///etc/shadow),
// nor a name with markup, and leave the configuration as it was.
// Issue 12, items 4 and 7.
func TestHostileSourcesCommandsRefuseFile(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "sources.yaml")
	orig := "site: {base_url: https://desk.example}\ncategories:\n  - {slug: world, title: World}\nsources:\n"
	writeFile(t, cfg, orig)
	for _, outline := range []string{
		`<outline text="Shadow" type="rss" xmlUrl="file:///etc/shadow"/>`,
		`<outline text="Wire &lt;img src=x onerror=alert(1)&gt;" type="rss" xmlUrl="https://a.example/feed"/>`,
	} {
		opml := filepath.Join(t.TempDir(), "third-party.opml")
		writeFile(t, opml, `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>`+outline+`</body></opml>`)
		out := runVisible(t, "sources", "import", opml, "--config", cfg)
		if !strings.Contains(out, "only http:// and https://") && !strings.Contains(out, "looks like HTML markup") {
			t.Errorf("import of %s said %q", outline, out)
		}
	}
	out := runVisible(t, "sources", "add", "file:///etc/passwd", "--config", cfg)
	if !strings.Contains(out, "takes an http:// or https:// URL") || strings.Contains(out, "root:") {
		t.Errorf("sources add file:///etc/passwd said %q", out)
	}
	if got, err := os.ReadFile(cfg); err != nil || string(got) != orig {
		t.Errorf("configuration changed:\n%s", got)
	}
}
