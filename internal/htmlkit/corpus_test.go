package htmlkit

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// feedTexts returns the text of every element (XML) and every string
// (JSON) of the feed fixtures that glob matches: titles, descriptions
// and content as a feed parser hands them over, unescaped.
func feedTexts(t testing.TB, glob string) []string {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no feed fixtures match %s", glob)
	}
	var out []string
	for _, name := range files {
		if strings.Contains(name, ".want.") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".json") {
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = appendJSONStrings(out, v)
			continue
		}
		if b, err = ToUTF8(b, ""); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		d.Strict = false
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) > 0 {
				out = append(out, string(cd))
			}
		}
	}
	return out
}

// appendJSONStrings appends every string value in v.
func appendJSONStrings(out []string, v any) []string {
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, e := range v {
			out = appendJSONStrings(out, e)
		}
	case map[string]any:
		for _, e := range v {
			out = appendJSONStrings(out, e)
		}
	}
	return out
}
