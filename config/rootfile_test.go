package config

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestRootSourcesYAML keeps the shipped default configuration valid.
func TestRootSourcesYAML(t *testing.T) {
	c, err := Load("../sources.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.Sources); n < 15 || n > 25 {
		t.Errorf("%d sources, want 15-25 real feeds", n)
	}
	for _, slug := range []string{"world", "middle-east", "africa", "europe", "americas", "asia-pacific", "lebanon", "business", "energy", "technology", "science", "sport"} {
		if _, ok := c.Category(slug); !ok {
			t.Errorf("category %q missing", slug)
		}
	}
	if cat, _ := c.Category("lebanon"); !reflect.DeepEqual(cat.Countries, []string{"LB"}) {
		t.Errorf("lebanon countries = %v", cat.Countries)
	}
	for _, s := range c.Sources {
		if !strings.HasPrefix(s.URL, "https://") || s.Agency == "" || s.Category == "" {
			t.Errorf("line %d: source %q needs an https URL, an agency and a category", s.Line, s.Name)
		}
	}
	def := Default()
	if c.Fetch != def.Fetch || c.Publish != def.Publish || c.Dedupe != def.Dedupe || c.Site != def.Site {
		t.Errorf("sources.yaml should spell out the defaults:\n got %+v %+v %+v %+v", c.Site, c.Fetch, c.Publish, c.Dedupe)
	}
}

// BenchmarkParseRoot measures decoding and validating the shipped file.
func BenchmarkParseRoot(b *testing.B) {
	data, err := os.ReadFile("../sources.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("sources.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
