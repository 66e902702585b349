package config

import (
	"strings"
	"testing"
)

func TestMissing(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"empty file", "", []string{"f.yaml: categories: none defined", "f.yaml: sources: none defined"}},
		{"no sources", "categories:\n  - {slug: world}\n", []string{"f.yaml: sources: none defined"}},
		{"all disabled", "categories:\n  - {slug: world}\nsources:\n  - {name: A, url: \"https://a.example/f.rss\", enabled: false}\n",
			[]string{"f.yaml: sources: every source has enabled: false"}},
		{"complete", "categories:\n  - {slug: world}\nsources:\n  - {name: A, url: \"https://a.example/f.rss\"}\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Parse("f.yaml", []byte(tc.yaml))
			if err != nil {
				t.Fatal(err)
			}
			got := cfg.Missing()
			if len(got) != len(tc.want) {
				t.Fatalf("Missing() = %v, want %d problems", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i].Error(), w) {
					t.Errorf("problem %d = %q, want prefix %q", i, got[i], w)
				}
			}
		})
	}
}
