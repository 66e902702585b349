package publisher

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/story"
)

// plainText is a format no one serves: the row a new format would add.
var plainText = Format{Ext: "txt", MIME: "text/plain", Label: "Plain text", Spec: "lines",
	Discover: true, Archive: true,
	Render: func(ch Channel, items []story.Item) ([]byte, error) {
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n", ch.Title)
		for _, it := range items {
			fmt.Fprintf(&b, "%s\n", it.Title)
		}
		return []byte(b.String()), nil
	}}

// TestNewFormatNeedsOnlyTheTable adds a format to the table and nothing
// else: it is served, advertised, archived, open to a partner limited to
// it, a WebSub topic and exported.
func TestNewFormatNeedsOnlyTheTable(t *testing.T) {
	db, save := openCursorStore(t)
	it := testStory(1, "world")
	it.PublishedAt, it.UpdatedAt = t0.Add(-time.Hour), t0.Add(-time.Hour)
	save(it)
	cfg := testConfig()
	tok := strings.Repeat("t", 20)
	cfg.Partners = []config.Partner{{Name: "plain", Token: tok, Categories: []string{"all"}, Formats: []string{"txt"}, Enabled: true, Auth: "bearer"}}
	p := New(cfg, db, Options{Now: func() time.Time { return t0 }, Formats: append(feed.Formats(), plainText)})
	ctx := context.Background()
	if err := p.RebuildAll(ctx); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, pub: p, h: p.Handler()}

	resp, body := f.get("/feeds/world.txt")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" || !strings.Contains(body, it.Title) {
		t.Errorf("/feeds/world.txt: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	_, page := f.get("/c/world")
	if !strings.Contains(page, `<link rel="alternate" type="text/plain" title="World (Plain text)" href="http://wire.test/feeds/world.txt">`) {
		t.Errorf("the category page does not advertise the new format:\n%s", page)
	}
	if resp, _ := f.get("/feeds/world/archive/2026-03-14.txt"); resp.StatusCode != http.StatusOK {
		t.Errorf("archive in the new format: %d", resp.StatusCode)
	}
	if resp, _ := f.get("/feeds/world.txt", bearer(tok)...); resp.StatusCode != http.StatusOK {
		t.Errorf("partner limited to txt reads it: %d", resp.StatusCode)
	}
	if resp, _ := f.get("/feeds/world.rss", bearer(tok)...); resp.StatusCode != http.StatusForbidden {
		t.Errorf("partner limited to txt reads rss: %d, want 403", resp.StatusCode)
	}
	if slug, ok := p.HubTopics().Category("http://wire.test/feeds/world.txt"); !ok || slug != "world" {
		t.Errorf("WebSub topic of the new format: %q %v", slug, ok)
	}
	dir := t.TempDir()
	if err := p.Export(ctx, dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"feeds/world.txt", "feeds/all.txt", "feeds/world/archive/2026-03-14.txt"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("export: %v", err)
		}
	}
}

// TestCheckConfig: partners[].formats is checked against the table.
func TestCheckConfig(t *testing.T) {
	cfg := partnerConfig()
	cfg.Partners[0].Formats = feed.FormatNames(feed.Formats())
	if err := CheckConfig(cfg); err != nil {
		t.Errorf("every format of the table: %v", err)
	}
	cfg.Partners[0].Formats = []string{"rss", "xml"}
	if err := CheckConfig(cfg); err == nil || !strings.Contains(err.Error(), `partners[0].formats[1]: "xml" is not a format; use rss, atom, json, ninjs`) {
		t.Errorf("unknown format: %v", err)
	}
}

// TestREADMEFormats keeps the README's format table generated from the
// table; -update rewrites it.
func TestREADMEFormats(t *testing.T) {
	const begin, end = "<!-- formats: generated from publisher/feed/formats.go -->\n", "<!-- /formats -->\n"
	path := filepath.Join("..", "README.md")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q … %q block", begin, end)
	}
	var b strings.Builder
	b.WriteString("| format | URL | media type | on pages | archives |\n|---|---|---|---|---|\n")
	yes := map[bool]string{true: "yes", false: "no"}
	for _, f := range feed.Formats() {
		fmt.Fprintf(&b, "| %s | `/feeds/{slug}.%s` | `%s` | %s | %s |\n", f.Spec, f.Ext, f.MIME, yes[f.Discover], yes[f.Archive])
	}
	want := readme[:i+len(begin)] + b.String() + readme[j:]
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if readme != want {
		t.Errorf("README.md's format table is not the table's; run go test ./publisher -run TestREADMEFormats -update\nwant:\n%s", b.String())
	}
}
