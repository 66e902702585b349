package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Known keys of each mapping, in the order they are decoded and listed in
// "unknown key" messages.
var (
	topKeys      = []string{"site", "fetch", "publish", "dedupe", "categories", "sources"}
	siteKeys     = []string{"title", "base_url", "byline", "language"}
	fetchKeys    = []string{"interval", "timeout", "max_body", "concurrency", "per_host", "allow_private"}
	publishKeys  = []string{"max_items", "max_age", "retention"}
	dedupeKeys   = []string{"window", "threshold"}
	categoryKeys = []string{"slug", "title", "keywords", "region", "countries"}
	sourceKeys   = []string{"name", "url", "agency", "category", "interval", "enabled", "categories_map"}
)

// posKey locates a key: entry is the line where a categories/sources
// entry starts (0 for top-level blocks) and key is relative to it
// ("interval", "categories_map", or "fetch.timeout" at top level). Keying by
// entry line rather than index keeps lines right if entries are reordered.
type posKey struct {
	entry int
	key   string
}

// positions records the line of every key present in the file.
type positions map[posKey]int

// at is where the decoder is: the full key path for messages, plus the
// entry line and relative key used for positions.
type at struct {
	path  string
	entry int
	rel   string
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func (a at) child(name string) at {
	return at{path: join(a.path, name), entry: a.entry, rel: join(a.rel, name)}
}

func (a at) index(i int) at {
	s := "[" + strconv.Itoa(i) + "]"
	return at{path: a.path + s, entry: a.entry, rel: a.rel + s}
}

// mapKey is a child for a free-form map key, quoted when it is not a
// plain word so that the path stays readable.
func (a at) mapKey(k string) at {
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			s := "[" + strconv.Quote(k) + "]"
			return at{path: a.path + s, entry: a.entry, rel: a.rel + s}
		}
	}
	return a.child(k)
}

// decoder walks yaml.Node trees, collecting every problem.
type decoder struct {
	errs
	pos positions
}

// deref follows aliases to the anchored node.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 64; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// describe names a node's type for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int":
			return "an integer (" + n.Value + ")"
		case "!!float":
			return "a number (" + n.Value + ")"
		case "!!bool":
			return "a boolean (" + n.Value + ")"
		case "!!null":
			return "nothing"
		}
		return fmt.Sprintf("the string %q", n.Value)
	}
	return "an unsupported YAML node"
}

// fields checks that n is a mapping whose keys are all in known, records
// their lines, and returns the non-null values by key.
func (d *decoder) fields(n *yaml.Node, a at, known []string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, a.path, "expected a mapping of %s, got %s", strings.Join(known, ", "), describe(n))
		return nil
	}
	out := map[string]*yaml.Node{}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k == nil || k.Kind != yaml.ScalarNode {
			d.add(n.Content[i].Line, a.path, "keys must be plain names")
			continue
		}
		ka := a.child(k.Value)
		switch {
		case k.Value == "<<":
			d.add(k.Line, ka.path, "merge keys (<<) are not supported; repeat the keys")
			continue
		case !contains(known, k.Value):
			d.add(k.Line, ka.path, "unknown key%s", suggest(k.Value, known))
			continue
		case seen[k.Value] > 0:
			d.add(k.Line, ka.path, "duplicate key (first at line %d)", seen[k.Value])
			continue
		}
		seen[k.Value] = k.Line
		d.pos[posKey{a.entry, ka.rel}] = k.Line
		if !isNull(v) {
			out[k.Value] = v
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest proposes the closest known key, or lists them all.
func suggest(got string, known []string) string {
	norm := strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(got))
	best, bestDist := "", 3
	for _, k := range known {
		if dist := editDistance(norm, k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return " (expected one of " + strings.Join(known, ", ") + ")"
}

// editDistance is the Levenshtein distance, for short key names only.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return math.MaxInt
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (d *decoder) scalar(v *yaml.Node, a at, want string) bool {
	if v.Kind != yaml.ScalarNode {
		d.add(v.Line, a.path, "expected %s, got %s", want, describe(v))
		return false
	}
	return true
}

func (d *decoder) str(v *yaml.Node, a at) string {
	if !d.scalar(v, a, "a string") {
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (d *decoder) integer(v *yaml.Node, a at) (int, bool) {
	if !d.scalar(v, a, "an integer") {
		return 0, false
	}
	if v.ShortTag() != "!!int" {
		d.add(v.Line, a.path, "expected an integer, got %s", describe(v))
		return 0, false
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(v.Value, "_", ""), 0, 32)
	if err != nil {
		d.add(v.Line, a.path, "integer %s is out of range", v.Value)
		return 0, false
	}
	return int(n), true
}

func (d *decoder) boolean(v *yaml.Node, a at) (bool, bool) {
	if !d.scalar(v, a, "true or false") {
		return false, false
	}
	if v.ShortTag() != "!!bool" {
		d.add(v.Line, a.path, "expected true or false, got %s", describe(v))
		return false, false
	}
	return strings.EqualFold(v.Value, "true"), true
}

func (d *decoder) number(v *yaml.Node, a at) (float64, bool) {
	if !d.scalar(v, a, "a number") {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(v.Value, "_", ""), 64)
	if tag := v.ShortTag(); (tag != "!!int" && tag != "!!float") || err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		d.add(v.Line, a.path, "expected a number such as 0.8, got %s", describe(v))
		return 0, false
	}
	return f, true
}

func (d *decoder) duration(v *yaml.Node, a at) (time.Duration, bool) {
	if !d.scalar(v, a, "a duration such as 10m") {
		return 0, false
	}
	dur, err := ParseDuration(v.Value)
	if err != nil {
		d.add(v.Line, a.path, "%q is not a duration such as 90s, 10m, 72h or 30d", v.Value)
		return 0, false
	}
	return dur, true
}

func (d *decoder) size(v *yaml.Node, a at) (int64, bool) {
	if !d.scalar(v, a, "a size such as 10MB") {
		return 0, false
	}
	n, err := ParseSize(v.Value)
	if err != nil {
		d.add(v.Line, a.path, "%q is not a size such as 1048576, 512KiB, 10MB or 1GB", v.Value)
		return 0, false
	}
	return n, true
}

// list checks that v is a sequence and returns its items, aliases followed.
func (d *decoder) seq(v *yaml.Node, a at, example string) []*yaml.Node {
	if v.Kind != yaml.SequenceNode {
		d.add(v.Line, a.path, "expected a list such as %s, got %s", example, describe(v))
		return nil
	}
	out := make([]*yaml.Node, len(v.Content))
	for i, it := range v.Content {
		out[i] = deref(it)
	}
	return out
}

func (d *decoder) strList(v *yaml.Node, a at, example string) []string {
	var out []string
	for i, it := range d.seq(v, a, example) {
		ia := a.index(i)
		d.pos[posKey{ia.entry, ia.rel}] = it.Line
		if isNull(it) {
			d.add(it.Line, ia.path, "empty list item")
			continue
		}
		if s := d.str(it, ia); s != "" {
			out = append(out, s)
		} else if it.Kind == yaml.ScalarNode {
			d.add(it.Line, ia.path, "empty list item")
		}
	}
	return out
}

func (d *decoder) strMap(v *yaml.Node, a at) map[string]string {
	if v.Kind != yaml.MappingNode {
		d.add(v.Line, a.path, "expected a mapping of upstream category to our slug, got %s", describe(v))
		return nil
	}
	out := map[string]string{}
	seen := map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := deref(v.Content[i]), deref(v.Content[i+1])
		if k == nil || k.Kind != yaml.ScalarNode || strings.TrimSpace(k.Value) == "" {
			d.add(v.Content[i].Line, a.path, "keys must be non-empty upstream category names")
			continue
		}
		key := strings.TrimSpace(k.Value)
		ka := a.mapKey(key)
		if first := seen[key]; first > 0 {
			d.add(k.Line, ka.path, "duplicate key (first at line %d)", first)
			continue
		}
		seen[key] = k.Line
		d.pos[posKey{ka.entry, ka.rel}] = k.Line
		if isNull(val) {
			d.add(k.Line, ka.path, "missing category slug")
			continue
		}
		if s := d.str(val, ka); s != "" {
			out[key] = s
		}
	}
	return out
}
