package publisher

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/config"
)

func TestHubTopicsFollowPartnerEntitlements(t *testing.T) {
	f, _ := partnerFixture(t)
	ht := f.pub.HubTopics()
	const wires, world = "http://wire.test/feeds/wires.rss", "http://wire.test/feeds/world.atom"
	if slug, ok := ht.Category(wires); !ok || slug != "wires" {
		t.Errorf("Category(wires) = %q, %v", slug, ok)
	}
	for _, bad := range []string{"http://other.test/feeds/world.rss", "http://wire.test/feeds/nope.rss", "http://wire.test/c/world"} {
		if _, ok := ht.Category(bad); ok {
			t.Errorf("Category(%s) accepted", bad)
		}
	}
	req := httptest.NewRequest("POST", "/hub", nil)
	if _, err := ht.Authorize(req, wires); err == nil {
		t.Error("anonymous subscription to a partner-only feed authorised")
	}
	if who, err := ht.Authorize(req, world); err != nil || who != "" {
		t.Errorf("anonymous public subscription = %q, %v", who, err)
	}
	req.SetBasicAuth("gazette", gazetteToken)
	if who, err := ht.Authorize(req, wires); err != nil || who != "gazette" {
		t.Errorf("gazette on wires.rss = %q, %v", who, err)
	}
	if _, err := ht.Authorize(req, "http://wire.test/feeds/wires.atom"); err == nil {
		t.Error("gazette may not read Atom, yet was authorised")
	}
	if who, err := ht.Authorize(httptest.NewRequest("POST", "/hub", nil), "http://wire.test/p/"+heraldToken+"/feeds/wires.atom"); err != nil || who != "herald" {
		t.Errorf("path token topic = %q, %v", who, err)
	}
	c, ok := ht.Content(wires, "gazette")
	if !ok || !strings.Contains(string(c.Body), "/a/s0000") {
		t.Errorf("gazette's wires content: %v %q", ok, c.Body)
	}
	if _, ok := ht.Content(wires, ""); ok {
		t.Error("partner-only content given to the public")
	}
	// Revoked at reload: the next delivery finds no content and the hub
	// ends the subscription with a denial.
	cfg := partnerConfig()
	cfg.Partners = []config.Partner{cfg.Partners[1]}
	f.pub.SetConfig(cfg)
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, ok := ht.Content(wires, "gazette"); ok {
		t.Error("a removed partner is still sent content")
	}
}

// TestHubAllTopicKeepsPartnerOnlyStoriesFromPublic: what the hub pushes
// to a public subscriber of "all" (every format) is the public copy,
// without partner-only stories; a partner gets exactly its entitlement.
func TestHubAllTopicKeepsPartnerOnlyStoriesFromPublic(t *testing.T) {
	f, _ := partnerFixture(t)
	ht := f.pub.HubTopics()
	for _, ext := range []string{"rss", "atom", "json", "ninjs"} {
		topic := "http://wire.test/feeds/all." + ext
		c, ok := ht.Content(topic, "")
		if !ok || strings.Contains(string(c.Body), "s0000") || !strings.Contains(string(c.Body), "s0001") {
			t.Errorf("public %s: %v, partner-only story present=%v", topic, ok, strings.Contains(string(c.Body), "s0000"))
		}
		if c, ok := ht.Content(topic, "herald"); !ok || !strings.Contains(string(c.Body), "s0000") {
			t.Errorf("herald (all) on %s: %v", topic, ok)
		}
		if _, ok := ht.Content(topic, "gazette"); ok {
			t.Errorf("gazette (not licensed for all) is sent %s", topic)
		}
	}
	if _, ok := ht.Content("http://wire.test/feeds/wires.ninjs", "gazette"); ok {
		t.Error("gazette (rss and json only) is sent ninjs")
	}
	if _, err := ht.Authorize(httptest.NewRequest("POST", "/hub", nil), "http://wire.test/feeds/wires.ninjs"); err == nil {
		t.Error("anonymous subscription to a partner-only ninjs feed authorised")
	}
}
