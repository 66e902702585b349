package config

import (
	"strings"
	"testing"
	"time"
)

const partnersYAML = `categories:
  - slug: world
  - slug: wires
    public: false
sources:
  - name: AP
    url: https://wire.example/feed.xml?apikey=${TEST_AP_KEY}&lang=en
  - name: Keyed
    url: https://user:hunter2pass@keyed.example/f.rss?token=LITERALKEY99
partners:
  - name: gazette
    token: ${TEST_GAZETTE_TOKEN}
    categories: [world, wires]
    formats: [rss]
    rate_limit: 60/m
  - name: herald
    token: herald-token-0123456789
    categories: all
    auth: path
    enabled: false
`

func TestPartnersAndEnvSecrets(t *testing.T) {
	t.Setenv("TEST_AP_KEY", "SECRETAPKEY1")
	t.Setenv("TEST_GAZETTE_TOKEN", "gazette-token-abcdef0123")
	c, err := Parse("f.yaml", []byte(partnersYAML))
	if err != nil {
		t.Fatal(err)
	}
	if cat, _ := c.Category("wires"); !cat.Private {
		t.Error("public: false did not make the category private")
	}
	if cat, _ := c.Category("world"); cat.Private {
		t.Error("a category is public by default")
	}
	ap := c.Sources[0]
	if ap.URL != "https://wire.example/feed.xml?apikey=SECRETAPKEY1&lang=en" || ap.Written != "https://wire.example/feed.xml?apikey=${TEST_AP_KEY}&lang=en" {
		t.Errorf("url %q written %q", ap.URL, ap.Written)
	}
	if got := ap.DisplayURL(); got != ap.Written {
		t.Errorf("DisplayURL of an env-keyed source = %q, want it as written", got)
	}
	if got := c.Sources[1].DisplayURL(); strings.Contains(got, "hunter2pass") || strings.Contains(got, "LITERALKEY99") || !strings.Contains(got, "keyed.example/f.rss") {
		t.Errorf("DisplayURL of a literal-keyed source = %q", got)
	}
	g, h := c.Partners[0], c.Partners[1]
	if g.Token != "gazette-token-abcdef0123" || g.RateLimit != (Rate{60, time.Minute}) || !g.Enabled || g.Auth != "basic" {
		t.Errorf("gazette = %+v", g)
	}
	if !g.Allows("wires", "rss") || g.Allows("wires", "atom") || g.Allows("all", "rss") || g.Allows("energy", "rss") {
		t.Error("gazette entitlements wrong")
	}
	if h.Enabled || h.Auth != "path" || !h.Allows("anything", "json") || !h.Allows("all", "atom") {
		t.Errorf("herald = %+v", h)
	}
	redact := c.Redactor()
	msg := "GET " + ap.URL + " and " + c.Sources[1].URL + " by " + g.Token + " " + h.Token
	out := redact(msg)
	for _, s := range []string{"SECRETAPKEY1", "hunter2pass", "LITERALKEY99", g.Token, h.Token} {
		if strings.Contains(out, s) {
			t.Errorf("redacted %q still holds %q", out, s)
		}
	}
	if !strings.Contains(out, "wire.example/feed.xml") || !strings.Contains(out, "lang=en") {
		t.Errorf("redaction took more than the secrets: %q", out)
	}
}

func TestPartnerErrors(t *testing.T) {
	t.Setenv("TEST_EMPTY", "")
	base := "categories:\n  - slug: world\n"
	tests := []struct{ name, in, want string }{
		{"unset env", "sources:\n  - {name: A, url: \"https://a.example/?key=${TEST_NOT_SET_X}\"}\n",
			"f.yaml:2: sources[0].url: environment variable TEST_NOT_SET_X is not set"},
		{"empty env", "partners:\n  - {name: a, token: \"${TEST_EMPTY}\", categories: [world]}\n",
			"f.yaml:4: partners[0].token: environment variable TEST_EMPTY is empty"},
		{"short token", "partners:\n  - {name: a, token: shorty, categories: [world]}\n",
			"f.yaml:4: partners[0].token: must be at least 16 characters"},
		{"missing token", "partners:\n  - {name: a, categories: [world]}\n",
			"f.yaml:4: partners[0].token: is required"},
		{"shared token", "partners:\n  - {name: a, token: aaaaaaaaaaaaaaaaaaaa, categories: [world]}\n  - {name: b, token: aaaaaaaaaaaaaaaaaaaa, categories: [world]}\n",
			"f.yaml:5: partners[1].token: is the same as another partner's (line 4)"},
		{"unknown category", "partners:\n  - {name: a, token: aaaaaaaaaaaaaaaaaaaa, categories: [sport]}\n",
			`f.yaml:4: partners[0].categories[0]: unknown category "sport"`},
		{"bad rate", "partners:\n  - {name: a, token: aaaaaaaaaaaaaaaaaaaa, categories: [world], rate_limit: fast}\n",
			`f.yaml:4: partners[0].rate_limit: "fast" is not a rate`},
		{"duplicate name", "partners:\n  - {name: a, token: aaaaaaaaaaaaaaaaaaaa, categories: [world]}\n  - {name: a, token: bbbbbbbbbbbbbbbbbbbb, categories: [world]}\n",
			`f.yaml:5: partners[1].name: duplicate partner "a" (first at line 4)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if strings.HasPrefix(in, "partners") {
				in = base + in
			}
			_, err := Parse("f.yaml", []byte(in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "aaaaaaaaaaaaaaaaaaaa") || strings.Contains(err.Error(), "shorty") {
				t.Errorf("an error message quotes a token: %v", err)
			}
		})
	}
}

func TestWarningsKeyInFile(t *testing.T) {
	t.Setenv("TEST_AP_KEY", "SECRETAPKEY1")
	t.Setenv("TEST_GAZETTE_TOKEN", "gazette-token-abcdef0123")
	c, err := Parse("f.yaml", []byte(partnersYAML))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range c.Warnings() {
		got = append(got, w.Error())
	}
	want := []string{
		`f.yaml:9: sources[1].url: warning: the password in the URL (user:password@) is written in the file`,
		`f.yaml:9: sources[1].url: warning: query parameter "token" looks like a key written in the file; take it from the environment, for example token=${KEYED_TOKEN}`,
	}
	if len(got) != len(want) {
		t.Fatalf("warnings:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d = %q, want prefix %q", i, got[i], want[i])
		}
		if strings.Contains(got[i], "LITERALKEY99") || strings.Contains(got[i], "hunter2pass") {
			t.Errorf("a warning quotes the secret: %s", got[i])
		}
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]Rate{"60/m": {60, time.Minute}, "10/s": {10, time.Second}, "300/5m": {300, 5 * time.Minute}, "1000/1h": {1000, time.Hour}} {
		if got, err := ParseRate(in); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "60", "0/m", "-1/m", "x/m", "5/0s", "5/parsec"} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) accepted", in)
		}
	}
}

// TestCheckFormats: the format names are the caller's (the publisher's
// table); a name outside them is located like any other problem.
func TestCheckFormats(t *testing.T) {
	in := "categories:\n  - slug: world\npartners:\n  - name: a\n    token: aaaaaaaaaaaaaaaaaaaa\n    categories: [world]\n    formats:\n      - rss\n      - xml\n"
	c, err := Parse("f.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	known := []string{"rss", "atom"}
	err = c.CheckFormats(known)
	want := `f.yaml:9: partners[0].formats[1]: "xml" is not a format; use rss, atom`
	if err == nil || err.Error() != want {
		t.Fatalf("CheckFormats = %v, want %q", err, want)
	}
	c.Partners[0].Formats = []string{"atom"}
	if err := c.CheckFormats(known); err != nil {
		t.Errorf("known formats: %v", err)
	}
}

// TestPartnerNinjsOnly: ninjs is a partner format like the others, so a
// newsroom partner can be limited to it.
func TestPartnerNinjsOnly(t *testing.T) {
	in := "categories:\n  - slug: world\npartners:\n  - {name: a, token: aaaaaaaaaaaaaaaaaaaa, categories: [world], formats: [ninjs]}\n"
	c, err := Parse("f.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Partners[0]; !p.Allows("world", "ninjs") || p.Allows("world", "rss") {
		t.Errorf("formats: [ninjs] allows ninjs %v, rss %v", p.Allows("world", "ninjs"), p.Allows("world", "rss"))
	}
}
