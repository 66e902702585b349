package config

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestParseOPMLNested(t *testing.T) {
	f, err := os.Open("testdata/nested.opml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ParseOPML(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{
		{Name: "BBC News - Middle East", URL: "https://feeds.bbci.co.uk/news/world/middle_east/rss.xml", Category: "middle-east", Enabled: true},
		{Name: "L'Orient Today", URL: "https://today.lorientlejour.com/rss", Category: "lebanon-syria", Enabled: true},
		{Name: "Stars only", URL: "https://stars.example/feed", Category: "middle-east", Enabled: true},
		{Name: "eco.example", URL: "https://eco.example/rss", Category: "economie", Enabled: true},
		{Name: "Top level feed", URL: "https://top.example/atom.xml", Enabled: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d sources, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("source %d:\n got  %+v\n want %+v", i, got[i], want[i])
		}
	}
}

func TestParseOPMLLatin1(t *testing.T) {
	f, err := os.Open("testdata/opml1.opml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ParseOPML(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != "Café Wire" || got[0].URL != "http://cafe.example/rss" {
		t.Errorf("got %+v", got)
	}
}

func TestParseOPMLErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		notOP bool
	}{
		{"RSS instead of OPML", `<rss version="2.0"><channel/></rss>`, true},
		{"empty input", ``, true},
		{"broken XML", `<opml><body><outline xmlUrl="https://a.example/"`, false},
		{"too deep", `<opml><body>` + strings.Repeat(`<outline text="x">`, maxOPMLDepth+1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseOPML(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("got %+v, want an error", got)
			}
			if errors.Is(err, ErrNotOPML) != tt.notOP {
				t.Errorf("errors.Is(%v, ErrNotOPML) = %v, want %v", err, !tt.notOP, tt.notOP)
			}
		})
	}
}

// TestOPMLIntoAppendSources is the import path: OPML sources whose
// category hints exist are appended and load back.
func TestOPMLIntoAppendSources(t *testing.T) {
	srcs, err := ParseOPML(strings.NewReader(`<opml version="2.0"><body>
<outline text="World"><outline text="Wire" xmlUrl="https://wire.example/rss"/></outline>
</body></opml>`))
	if err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "categories:\n  - slug: world\nsources: []\n")
	if err := AppendSources(path, srcs); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sources) != 1 || c.Sources[0].Category != "world" || !c.Sources[0].Enabled {
		t.Errorf("got %+v", c.Sources)
	}
}
