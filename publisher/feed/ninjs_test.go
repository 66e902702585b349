package feed

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// schemaValidator checks a JSON value against a JSON Schema (draft
// 2020-12) that uses only the keywords it knows: those of the IPTC ninjs
// 3.1 schema. An unknown keyword is an error, so the check never passes
// by ignoring part of the schema.
type schemaValidator struct {
	root map[string]any
	errs []string
}

var knownKeywords = map[string]bool{
	"$schema": true, "$id": true, "$defs": true, "title": true, "description": true,
	"type": true, "properties": true, "additionalProperties": true, "unevaluatedProperties": true,
	"required": true, "enum": true, "items": true, "$ref": true, "format": true,
	"anyOf": true, "oneOf": true, "minimum": true, "maximum": true, "pattern": true,
}

func (v *schemaValidator) fail(path, format string, args ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, args...))
}

// resolve follows a local "#/$defs/name" reference.
func (v *schemaValidator) resolve(ref string) map[string]any {
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok {
		v.fail("$ref", "unsupported reference %q", ref)
		return map[string]any{}
	}
	return v.root["$defs"].(map[string]any)[name].(map[string]any)
}

// declared lists the properties a schema and the schemas it references
// evaluate: what unevaluatedProperties: false admits.
func (v *schemaValidator) declared(s map[string]any) map[string]bool {
	out := map[string]bool{}
	if p, ok := s["properties"].(map[string]any); ok {
		for k := range p {
			out[k] = true
		}
	}
	if ref, ok := s["$ref"].(string); ok {
		for k := range v.declared(v.resolve(ref)) {
			out[k] = true
		}
	}
	return out
}

// check validates x against s and reports whether it passed.
func (v *schemaValidator) check(s map[string]any, x any, path string) bool {
	before := len(v.errs)
	for k := range s {
		if !knownKeywords[k] {
			v.fail(path, "schema keyword %q not supported by the test validator", k)
		}
	}
	if ref, ok := s["$ref"].(string); ok {
		v.check(v.resolve(ref), x, path)
	}
	if t, ok := s["type"].(string); ok && !hasType(x, t) {
		v.fail(path, "want %s, got %T", t, x)
		return false
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, x) {
		v.fail(path, "%v not in %v", x, enum)
	}
	if str, ok := x.(string); ok {
		v.checkString(s, str, path)
	}
	if n, ok := x.(float64); ok {
		if m, ok := s["minimum"].(float64); ok && n < m {
			v.fail(path, "%v below %v", n, m)
		}
		if m, ok := s["maximum"].(float64); ok && n > m {
			v.fail(path, "%v above %v", n, m)
		}
	}
	if obj, ok := x.(map[string]any); ok {
		v.checkObject(s, obj, path)
	}
	if arr, ok := x.([]any); ok {
		if items, ok := s["items"].(map[string]any); ok {
			for i, el := range arr {
				v.check(items, el, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	v.checkAlternatives(s, x, path)
	return len(v.errs) == before
}

func (v *schemaValidator) checkString(s map[string]any, str, path string) {
	switch s["format"] {
	case "uri":
		if u, err := url.Parse(str); err != nil || u.Scheme == "" {
			v.fail(path, "%q is not an absolute URI", str)
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339, str); err != nil {
			v.fail(path, "%q is not an RFC 3339 date-time", str)
		}
	case nil:
	default:
		v.fail(path, "format %v not supported by the test validator", s["format"])
	}
	if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
		v.fail(path, "%q does not match %s", str, p)
	}
}

func (v *schemaValidator) checkObject(s map[string]any, obj map[string]any, path string) {
	props, _ := s["properties"].(map[string]any)
	for _, r := range asList(s["required"]) {
		if _, ok := obj[r.(string)]; !ok {
			v.fail(path, "required %q missing", r)
		}
	}
	for k, val := range obj {
		if ps, ok := props[k].(map[string]any); ok {
			v.check(ps, val, path+"."+k)
			continue
		}
		if s["additionalProperties"] == false {
			v.fail(path, "property %q not allowed", k)
		}
	}
	if s["unevaluatedProperties"] == false {
		decl := v.declared(s)
		for k := range obj {
			if !decl[k] {
				v.fail(path, "property %q not evaluated by the schema", k)
			}
		}
	}
}

// checkAlternatives applies anyOf and oneOf, keeping only their verdict.
func (v *schemaValidator) checkAlternatives(s map[string]any, x any, path string) {
	count := func(alts []any) int {
		n := 0
		for _, a := range alts {
			sub := &schemaValidator{root: v.root}
			if sub.check(a.(map[string]any), x, path) {
				n++
			}
		}
		return n
	}
	if alts := asList(s["anyOf"]); alts != nil && count(alts) == 0 {
		v.fail(path, "matches none of anyOf")
	}
	if alts := asList(s["oneOf"]); alts != nil && count(alts) != 1 {
		v.fail(path, "matches %d of oneOf, want exactly 1", count(alts))
	}
}

func asList(x any) []any {
	l, _ := x.([]any)
	return l
}

func hasType(x any, t string) bool {
	switch t {
	case "object":
		_, ok := x.(map[string]any)
		return ok
	case "array":
		_, ok := x.([]any)
		return ok
	case "string":
		_, ok := x.(string)
		return ok
	case "boolean":
		_, ok := x.(bool)
		return ok
	case "number":
		_, ok := x.(float64)
		return ok
	case "integer":
		f, ok := x.(float64)
		return ok && f == float64(int64(f))
	}
	return false
}

func loadNinjsSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("testdata/ninjs/ninjs-schema_3.1.json")
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNinjsValidAgainstIPTCSchema(t *testing.T) {
	schema := loadNinjsSchema(t)
	items := fixtureItems()
	items[0].Places = []string{"Beirut (LB, dateline)", "Lebanon (LB, title)"}
	items[0].UpstreamCategories = []string{"Mideast", "Politics"}
	out, err := Ninjs(testChannel(), items)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Items) != len(items) {
		t.Fatalf("%d items, want %d", len(doc.Items), len(items))
	}
	for i, it := range doc.Items {
		v := &schemaValidator{root: schema}
		v.check(schema, any(it), fmt.Sprintf("items[%d]", i))
		for _, e := range v.errs {
			t.Error(e)
		}
	}
	first := doc.Items[0]
	if first["uri"] != StoryID(items[0].ID) || first["by"] != "Staff, Agencies" || first["located"] != "Beirut" {
		t.Errorf("uri/by/located = %v / %v / %v", first["uri"], first["by"], first["located"])
	}
	src, _ := json.Marshal(first["infoSources"])
	if !strings.Contains(string(src), `"name":"Example Press","role":"originator"`) {
		t.Errorf("infoSources = %s, want the agency as originator", src)
	}
	subj, _ := json.Marshal(first["subjects"])
	if !strings.Contains(string(subj), `"rel":"upstream-category"`) || !strings.Contains(string(subj), `"rel":"category"`) {
		t.Errorf("subjects = %s", subj)
	}
}

// TestNinjsValidatorRejects proves the validator can fail: output that
// breaks the schema in each way ninjs output could is reported.
func TestNinjsValidatorRejects(t *testing.T) {
	schema := loadNinjsSchema(t)
	for name, item := range map[string]string{
		"no uri":             `{"type": "text"}`,
		"unknown property":   `{"uri": "urn:x:1", "headline": "x"}`,
		"bad type enum":      `{"uri": "urn:x:1", "type": "story"}`,
		"relative uri":       `{"uri": "/a/1"}`,
		"bad date":           `{"uri": "urn:x:1", "versionCreated": "4 Dec 2026"}`,
		"headline no value":  `{"uri": "urn:x:1", "headlines": [{"role": "main"}]}`,
		"association no uri": `{"uri": "urn:x:1", "associations": [{"name": "p"}]}`,
		"extra in place":     `{"uri": "urn:x:1", "places": [{"name": "Beirut", "code": "LB"}]}`,
	} {
		var x any
		if err := json.Unmarshal([]byte(item), &x); err != nil {
			t.Fatal(err)
		}
		v := &schemaValidator{root: schema}
		if v.check(schema, x, "item") {
			t.Errorf("%s: %s passed", name, item)
		}
	}
}
