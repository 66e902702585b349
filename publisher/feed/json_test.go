package feed

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/story"
)

// checkJSONStrings decodes a JSON document and checks that no decoded
// string carries a forbidden character (JSON could smuggle one in as an
// escape such as \u0001).
func checkJSONStrings(t *testing.T, out []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	var check func(any)
	check = func(v any) {
		switch v := v.(type) {
		case string:
			for _, c := range v {
				if !htmlkit.XMLChar(c) {
					t.Errorf("forbidden %U in %q", c, v)
				}
			}
		case []any:
			for _, e := range v {
				check(e)
			}
		case map[string]any:
			for _, e := range v {
				check(e)
			}
		}
	}
	check(v)
}

func TestJSONListsAreNeverNull(t *testing.T) {
	it := story.Item{ID: "bare", Title: "Bare story"} // nil Also, nil Categories
	for _, items := range [][]story.Item{nil, {it}} {
		out := render(t, JSON, testChannel(), items)
		var doc map[string]any
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		list, ok := doc["items"].([]any)
		if !ok || len(list) != len(items) {
			t.Fatalf("items = %#v, want a list of %d (JSON Feed 1.1 requires it)", doc["items"], len(items))
		}
		for _, x := range list {
			ext := x.(map[string]any)["_wiredesk"].(map[string]any)
			for _, key := range []string{"also", "categories"} {
				if l, ok := ext[key].([]any); !ok || len(l) != 0 {
					t.Errorf("_wiredesk.%s = %#v, want []", key, ext[key])
				}
			}
			if c, _ := x.(map[string]any)["content_html"].(string); c == "" {
				t.Errorf("content_html empty: JSON Feed needs content_html or content_text")
			}
		}
	}
}

func TestJSONFeedRequiredMembers(t *testing.T) {
	var doc struct {
		Version string `json:"version"`
		Title   string `json:"title"`
		Items   []struct {
			ID          *string `json:"id"`
			URL         string  `json:"url"`
			ContentHTML string  `json:"content_html"`
			Authors     []struct {
				Name string `json:"name"`
			} `json:"authors"`
		} `json:"items"`
	}
	if err := json.Unmarshal(render(t, JSON, testChannel(), fixtureItems()), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" || doc.Title == "" {
		t.Errorf("version %q, title %q", doc.Version, doc.Title)
	}
	for i, it := range doc.Items {
		if it.ID == nil || *it.ID == "" {
			t.Errorf("item %d: id must be a non-empty string", i)
		}
		if !strings.HasPrefix(it.URL, "https://wire.example.org/a/") || it.ContentHTML == "" {
			t.Errorf("item %d: url %q, content_html %d bytes", i, it.URL, len(it.ContentHTML))
		}
		if len(it.Authors) != 1 || it.Authors[0].Name != "Staff, Agencies" {
			t.Errorf("item %d: authors %+v", i, it.Authors)
		}
	}
}
