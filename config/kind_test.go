package config

import "testing"

func TestSourceKind(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"https://wire.example/rss", KindFeed},
		{"http://wire.example/rss", KindFeed},
		{"file:///srv/drop/agency/wire.rss", KindFile},
		{"FILE:///srv/drop/wire.rss", KindFile},
		{"https://wire.example/file:x", KindFeed},
	} {
		if got := (Source{URL: tc.url}).Kind(); got != tc.want {
			t.Errorf("Kind(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}
