package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPartnerRevokedOnHotReload: removing a partner from sources.yaml
// locks it out of the running server without a restart.
func TestPartnerRevokedOnHotReload(t *testing.T) {
	up, _, _ := wireDesk(t, 1, 3)
	cfgFor := func(partners string) string {
		return fmt.Sprintf(`site: {base_url: https://desk.example}
fetch: {allow_private: true}
categories:
  - slug: world
  - slug: wires
    public: false
sources:
  - {name: Wire, url: %s, category: wires}
%s`, up.URL("/wire0.rss"), partners)
	}
	const tok = "reload-token-0123456789"
	withPartner := "partners:\n  - {name: gazette, token: " + tok + ", categories: [wires]}\n"
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sources.yaml")
	if err := os.WriteFile(cfg, []byte(cfgFor(withPartner)), 0o644); err != nil {
		t.Fatal(err)
	}
	base := serveDesk(t, "--config", cfg, "--db", filepath.Join(dir, "w.db"))
	feed := base + "/feeds/wires.rss"
	eventually(t, "partner reads its feed", func() (bool, string) {
		resp, body := get(t, feed, "Authorization", "Bearer "+tok)
		return resp.StatusCode == http.StatusOK && strings.Contains(string(body), "<item>"), fmt.Sprint(resp.StatusCode)
	})
	if resp, _ := get(t, feed); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous partner-only feed: %d", resp.StatusCode)
	}
	writeFile(t, cfg, cfgFor(""))
	eventually(t, "revoked partner refused", func() (bool, string) {
		resp, _ := get(t, feed, "Authorization", "Bearer "+tok)
		return resp.StatusCode == http.StatusUnauthorized, fmt.Sprint(resp.StatusCode)
	})
}
