package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/wiredesk/wiredesk/internal/atomicfile"
	"go.yaml.in/yaml/v3"
)

// ErrLayout is returned by AppendSources when the file's sources list is
// written in a form it cannot append to without rewriting the file (a
// non-empty flow list, an alias, a flow-style top level).
var ErrLayout = errors.New("cannot append to this layout")

// AppendSources adds srcs to the end of the sources: list of the config
// file at path. It edits text, not a re-encoded tree, so every comment,
// blank line and key order stays exactly as the operator wrote it; the new
// entries copy the list's indentation (a missing sources: key is added at
// the end). The result is re-parsed and validated before it replaces the
// file (through a temporary file and rename), and nothing is written if
// the file is invalid, a URL is already present, or the result would be
// invalid. New entries are always enabled: Source.Enabled is not written.
func AppendSources(path string, srcs []Source) error {
	if len(srcs) == 0 {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Errors{{File: path, Msg: fmt.Sprintf("cannot read configuration: %v", err), Err: err}}
	}
	cfg, err := Parse(path, data)
	if err != nil {
		return fmt.Errorf("fix the configuration before adding sources: %w", err)
	}
	if err := checkNewURLs(path, cfg, srcs); err != nil {
		return err
	}
	root, err := parseYAML(path, data)
	if err != nil {
		return err
	}
	out, err := insertSources(data, root, srcs)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	after, err := Parse(path, out)
	if err != nil {
		return fmt.Errorf("the new sources would make the configuration invalid; nothing written: %w", err)
	}
	if len(after.Sources) != len(cfg.Sources)+len(srcs) {
		return fmt.Errorf("%s: appended %d sources but found %d new ones; nothing written: %w",
			path, len(srcs), len(after.Sources)-len(cfg.Sources), ErrLayout)
	}
	return atomicfile.Write(path, out)
}

// checkNewURLs refuses URLs already in the file or repeated among srcs.
func checkNewURLs(path string, cfg *Config, srcs []Source) error {
	type where struct {
		line int
		key  string
	}
	have := map[string]where{}
	for i, s := range cfg.Sources {
		have[urlKey(s.URL)] = where{cfg.line(s.Line, "url"), fmt.Sprintf("sources[%d].url", i)}
	}
	es := errs{file: path}
	for i, s := range srcs {
		k := urlKey(s.URL)
		if w, ok := have[k]; ok {
			if w.line > 0 {
				es.add(w.line, w.key, "source URL %q is already present", strings.TrimSpace(s.URL))
			} else {
				es.add(0, fmt.Sprintf("new source %d", i), "source URL %q is given twice", strings.TrimSpace(s.URL))
			}
			continue
		}
		have[k] = where{}
	}
	return es.err()
}

// insertSources returns data with srcs appended to its sources list.
func insertSources(data []byte, root *yaml.Node, srcs []Source) ([]byte, error) {
	eol := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		eol = "\r\n"
	}
	lines := splitLines(data)
	var key, val *yaml.Node
	if root != nil {
		if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
			return nil, fmt.Errorf("the top level is not a block mapping: %w", ErrLayout)
		}
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "sources" {
				key, val = root.Content[i], root.Content[i+1]
			}
		}
	}
	if key == nil {
		out := append([]byte(nil), data...)
		if len(out) > 0 && !bytes.HasSuffix(out, []byte("\n")) {
			out = append(out, eol...)
		}
		out = append(out, "sources:"+eol...)
		return append(out, renderEntries(srcs, 2, 4, false, eol)...), nil
	}
	switch {
	case val.Kind == yaml.SequenceNode && val.Style&yaml.FlowStyle == 0 && len(val.Content) > 0:
		return appendToBlockList(data, lines, val, srcs, eol), nil
	case isNull(val) || (val.Kind == yaml.SequenceNode && len(val.Content) == 0):
		// "sources:", "sources: ~" or "sources: []": drop the empty value
		// token (keeping any comment) and start a block list below the key.
		ln := lines[key.Line-1]
		text := ln.text
		if val.Line == key.Line && val.Column > 0 && val.Column-1 <= len(text) {
			rest := text[val.Column-1:]
			end := len(val.Value)
			if val.Kind == yaml.SequenceNode {
				end = strings.IndexByte(rest, ']') + 1
				if end <= 0 {
					return nil, fmt.Errorf("sources list spans lines: %w", ErrLayout)
				}
			}
			if end > 0 {
				text = strings.TrimRight(text[:val.Column-1], " \t") + strings.TrimRight(rest[end:], " \t")
			}
		} else if !isNull(val) {
			return nil, fmt.Errorf("sources list spans lines: %w", ErrLayout)
		}
		dash := key.Column - 1 + 2
		var out []byte
		out = append(out, data[:ln.start]...)
		out = append(out, text...)
		out = append(out, eol...)
		out = append(out, renderEntries(srcs, dash, dash+2, false, eol)...)
		return append(out, data[ln.end:]...), nil
	}
	return nil, fmt.Errorf("sources: is not a block list: %w", ErrLayout)
}

// appendToBlockList inserts entries after the last item of a block list,
// after any lines that still belong to it (indented deeper than its dash).
func appendToBlockList(data []byte, lines []line, seq *yaml.Node, srcs []Source, eol string) []byte {
	dash := seq.Column - 1
	keyIndent := dash + 2
	if first := deref(seq.Content[0]); first != nil && first.Kind == yaml.MappingNode && first.Column-1 > dash+1 {
		keyIndent = first.Column - 1
	}
	last := seq.Content[len(seq.Content)-1]
	end := last.Line // 1-based line after which to insert
	for i := last.Line; i < len(lines); i++ {
		t := lines[i].text
		trimmed := strings.TrimLeft(t, " ")
		if strings.TrimSpace(t) == "" {
			continue
		}
		if len(t)-len(trimmed) <= dash {
			break
		}
		end = i + 1
	}
	// Keep blank lines between entries if the list already uses them.
	spaced := len(seq.Content) > 1 && last.Line >= 2 && strings.TrimSpace(lines[last.Line-2].text) == ""
	at := lines[end-1].end
	var out []byte
	out = append(out, data[:at]...)
	if lines[end-1].end == lines[end-1].start+len(lines[end-1].text) {
		out = append(out, eol...) // the last line had no line break
	}
	out = append(out, renderEntries(srcs, dash, keyIndent, spaced, eol)...)
	return append(out, data[at:]...)
}

// line is one line of the file: its text without the line break and the
// byte offsets of its start and of the start of the next line.
type line struct {
	text       string
	start, end int
}

func splitLines(data []byte) []line {
	var out []line
	for start := 0; start < len(data); {
		i := bytes.IndexByte(data[start:], '\n')
		end := len(data)
		if i >= 0 {
			end = start + i + 1
		}
		out = append(out, line{text: strings.TrimRight(string(data[start:end]), "\r\n"), start: start, end: end})
		start = end
	}
	if len(out) == 0 {
		out = append(out, line{})
	}
	return out
}

// renderEntries writes srcs as block list items: the dash at column dash,
// keys at column keyIndent. yaml.v3 does the quoting.
func renderEntries(srcs []Source, dash, keyIndent int, spaced bool, eol string) []byte {
	var b strings.Builder
	for _, s := range srcs {
		if spaced {
			b.WriteString(eol)
		}
		for i, l := range strings.Split(strings.TrimRight(encodeNode(sourceNode(s)), "\n"), "\n") {
			if i == 0 {
				b.WriteString(strings.Repeat(" ", dash) + "-" + strings.Repeat(" ", keyIndent-dash-1))
			} else {
				b.WriteString(strings.Repeat(" ", keyIndent))
			}
			b.WriteString(l)
			b.WriteString(eol)
		}
	}
	return []byte(b.String())
}

// encodeNode writes n as block YAML with two-space indentation. A tree of
// string scalars always encodes; should the encoder fail anyway, the entry
// keeps only its name and the re-parse check refuses the result.
func encodeNode(n *yaml.Node) string {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := errors.Join(enc.Encode(n), enc.Close()); err != nil {
		return "name: " + strconv.Quote(n.Content[1].Value) + "\n"
	}
	return b.String()
}

func str(v string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	if strings.ContainsAny(v, "\n\r\t") {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// sourceNode is the YAML mapping for one source, leaving out defaults.
func sourceNode(s Source) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	kv := func(k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
	kv("name", str(s.Name))
	kv("url", str(strings.TrimSpace(s.URL)))
	if s.Agency != "" && s.Agency != s.Name {
		kv("agency", str(s.Agency))
	}
	if s.Category != "" {
		kv("category", str(s.Category))
	}
	if s.Interval > 0 {
		kv("interval", str(FormatDuration(s.Interval)))
	}
	if len(s.CategoriesMap) > 0 {
		keys := make([]string, 0, len(s.CategoriesMap))
		for k := range s.CategoriesMap {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		cm := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range keys {
			cm.Content = append(cm.Content, str(k), str(s.CategoriesMap[k]))
		}
		kv("categories_map", cm)
	}
	return m
}
