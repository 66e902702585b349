package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Known keys of each mapping, in the order they are decoded and listed in
// "unknown key" messages.
var (
	topKeys      = []string{"site", "fetch", "publish", "dedupe", "categories", "sources", "partners", "searches"}
	siteKeys     = []string{"title", "base_url", "byline", "language"}
	fetchKeys    = []string{"interval", "timeout", "max_body", "concurrency", "per_host", "allow_private", "budget", "file_root", "lease"}
	publishKeys  = []string{"max_items", "max_age", "retention"}
	dedupeKeys   = []string{"window", "threshold"}
	categoryKeys = []string{"slug", "title", "keywords", "region", "countries", "public", "dateline"}
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
