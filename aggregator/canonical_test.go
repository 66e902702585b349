package aggregator

import (
	"errors"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"already canonical", "https://example.org/a/b?x=1", "https://example.org/a/b?x=1"},
		{"scheme and host case", "HTTPS://Example.ORG/Path/Keeps/Case", "https://example.org/Path/Keeps/Case"},
		{"http default port", "http://example.org:80/a", "http://example.org/a"},
		{"https default port", "https://example.org:443/a", "https://example.org/a"},
		{"other port kept", "https://example.org:8443/a", "https://example.org:8443/a"},
		{"http port 443 kept", "http://example.org:443/a", "http://example.org:443/a"},
		{"fragment dropped", "https://example.org/a#section-2", "https://example.org/a"},
		{"empty path", "https://example.org", "https://example.org/"},
		{"empty path with query", "https://example.org?id=3", "https://example.org/?id=3"},
		{"utm removed", "https://example.org/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://example.org/a"},
		{"utm mixed case", "https://example.org/a?UTM_Source=rss&id=2", "https://example.org/a?id=2"},
		{"order kept", "https://example.org/a?z=1&utm_term=q&a=2&m=3", "https://example.org/a?z=1&a=2&m=3"},
		{"click ids", "https://example.org/a?fbclid=1&gclid=2&msclkid=3&igshid=4&ocid=5&_ga=6&id=7", "https://example.org/a?id=7"},
		{"mailchimp", "https://example.org/a?mc_cid=1&mc_eid=2&mc_tc=3&p=1", "https://example.org/a?p=1"},
		{"bbc at_ params", "https://www.bbc.co.uk/news/x?at_medium=RSS&at_campaign=KARANGA", "https://www.bbc.co.uk/news/x"},
		{"escaped tracking name", "https://example.org/a?utm%5Fsource=x&q=1", "https://example.org/a?q=1"},
		{"empty params dropped", "https://example.org/a?&&x=1&", "https://example.org/a?x=1"},
		{"repeated param kept", "https://example.org/a?tag=a&tag=b", "https://example.org/a?tag=a&tag=b"},
		{"value encoding kept", "https://example.org/s?q=a+b%20c&r=%2F", "https://example.org/s?q=a+b%20c&r=%2F"},
		{"only question mark", "https://example.org/a?", "https://example.org/a"},
		{"user info dropped", "https://user:secret@example.org/a", "https://example.org/a"},
		{"trailing dot host", "https://example.org./a", "https://example.org/a"},
		{"ipv6", "http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"},
		{"ipv6 port", "http://[2001:db8::1]:8080/a", "http://[2001:db8::1]:8080/a"},
		{"spaces trimmed", "  https://example.org/a \n", "https://example.org/a"},
		{"path escapes kept", "https://example.org/caf%C3%A9/a%2Fb", "https://example.org/caf%C3%A9/a%2Fb"},
		{"unicode path", "https://example.org/café", "https://example.org/caf%C3%A9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := canonicalURL(tt.in)
			if err != nil {
				t.Fatalf("canonicalURL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("canonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
			again, err := canonicalURL(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: %q -> %q, %v", got, again, err)
			}
		})
	}
}

func TestCanonicalURLRefused(t *testing.T) {
	for _, in := range []string{
		"", "/relative/path", "example.org/a", "ftp://example.org/a", "javascript:alert(1)",
		"JaVaScRiPt:alert(1)", "data:text/html,<script>", "mailto:a@example.org", "file:///etc/passwd",
		"http://", "https:///path", "http://:80/", "http:opaque", "https://exa mple.org/", "http://[::1",
		"vbscript:msgbox(1)", "//example.org/a",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := canonicalURL(in)
			if err == nil {
				t.Fatalf("canonicalURL(%q) = %q, want an error", in, got)
			}
			if !errors.Is(err, errBadURL) && got != "" {
				t.Errorf("canonicalURL(%q) = %q, %v", in, got, err)
			}
		})
	}
}

func TestResolveHTTP(t *testing.T) {
	tests := []struct{ base, ref, want string }{
		{"https://example.org/news/", "a", "https://example.org/news/a"},
		{"https://example.org/news/x.html", "../b", "https://example.org/b"},
		{"https://example.org/news/", "//cdn.example.net/i.jpg", "https://cdn.example.net/i.jpg"},
		{"https://example.org/news/", "http://other.example/x?utm_id=1", "http://other.example/x"},
		{"", "https://example.org/a", "https://example.org/a"},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			got, err := resolveHTTP(tt.base, tt.ref)
			if err != nil || got != tt.want {
				t.Errorf("resolveHTTP(%q, %q) = %q, %v; want %q", tt.base, tt.ref, got, err, tt.want)
			}
		})
	}
	for _, ref := range []string{"", "  ", "javascript:alert(1)", "relative-without-base"} {
		if got, err := resolveHTTP("", ref); err == nil {
			t.Errorf("resolveHTTP(%q) = %q, want an error", ref, got)
		}
	}
}
