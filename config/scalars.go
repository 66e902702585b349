package config

import (
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// The typed leaf decoders: each reports a wrong type or value at the
// node's line and returns ok=false, leaving the default in place.

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
