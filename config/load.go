package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Load reads the file at path and returns its configuration, decoded
// strictly, with defaults applied and validated. Every problem comes back
// at once as Errors, each naming the file, line and key.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		msg := fmt.Sprintf("cannot read configuration: %v", err)
		if errors.Is(err, fs.ErrNotExist) {
			msg = "configuration file not found"
		}
		return nil, Errors{{File: path, Msg: msg, Err: err}}
	}
	return Parse(path, data)
}

// Parse decodes data, the contents of the file named path (used only in
// messages), strictly: unknown keys, duplicate keys and values of the wrong
// type are errors. It then applies defaults and runs Validate, so a non-nil
// *Config is ready to use. It never panics, whatever the bytes.
func Parse(path string, data []byte) (cfg *Config, err error) {
	defer func() {
		if r := recover(); r != nil {
			cfg = nil
			err = Errors{{File: path, Line: 1, Msg: fmt.Sprintf("cannot parse YAML: %v", r)}}
		}
	}()
	root, err := parseYAML(path, data)
	if err != nil {
		return nil, err
	}
	d := &decoder{errs: errs{file: path}, pos: positions{}}
	c := Default()
	c.Path = path
	d.root(root, c)
	applyDefaults(c)
	c.pos = d.pos
	decodeErrs := d.list
	verr := c.Validate()
	if len(decodeErrs) == 0 && verr == nil {
		return c, nil
	}
	all := errs{file: path, list: decodeErrs}
	if ves, ok := asErrors(verr); ok {
		seen := map[string]bool{}
		for _, e := range decodeErrs {
			seen[e.Key] = true
		}
		for _, e := range ves {
			if !seen[e.Key] {
				all.list = append(all.list, e)
			}
		}
	}
	// A message may quote a source URL or a token: never its secrets.
	redact := c.Redactor()
	for _, e := range all.list {
		e.Msg = redact(e.Msg)
	}
	return nil, all.err()
}

// lineRE finds the "line N" that yaml.v3 puts in its syntax errors.
var lineRE = regexp.MustCompile(`line (\d+): `)

// parseYAML returns the root node of the single YAML document in data, or
// nil for an empty document. Syntax errors become one *Error with a line.
func parseYAML(path string, data []byte) (*yaml.Node, error) {
	root, extraLine, err := decodeYAML(data)
	switch {
	case err != nil:
		return nil, syntaxError(path, data, err)
	case extraLine > 0:
		return nil, Errors{{File: path, Line: extraLine, Msg: "a second YAML document (after ---) is not allowed; keep one document per file"}}
	}
	if err := checkAliases(path, root); err != nil {
		return nil, err
	}
	return root, nil
}

// decodeYAML decodes the first document of data and reports the line of a
// second document, if there is one.
func decodeYAML(data []byte) (root *yaml.Node, extraLine int, err error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, nil
		}
		return nil, 0, err
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, 0, err
	default:
		return nil, max(extra.Line, 1), nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, 0, nil
	}
	return doc.Content[0], 0, nil
}

// refineBudget bounds the bytes syntaxError re-parses while locating an
// error, so a huge broken file costs at most a second or two more.
const refineBudget = 4 << 20

// syntaxError turns a yaml.v3 error into one *Error with a line number.
// yaml.v3's own "line N" is sometimes the start of the enclosing block, or
// off by one, or missing, so the line is taken as the first line at which a
// prefix of the file fails with the same message: the point where the text
// stops being YAML.
func syntaxError(path string, data []byte, err error) error {
	msg, line := splitYAMLError(err)
	if refined := firstFailingLine(data, msg, max(line-1, 1)); refined > 0 {
		line = refined
	} else if line == 0 {
		line = badCharLine(data)
	}
	line = min(max(line, 1), lineCount(data))
	return Errors{{File: path, Line: line, Msg: "YAML syntax error: " + msg, Err: err}}
}

// splitYAMLError separates yaml.v3's message from the line it names.
func splitYAMLError(err error) (msg string, line int) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if m := lineRE.FindStringSubmatchIndex(msg); m != nil {
		if n, convErr := strconv.Atoi(msg[m[2]:m[3]]); convErr == nil {
			line = n
		}
		msg = msg[:m[0]] + msg[m[1]:]
	}
	return msg, line
}

// firstFailingLine returns the first line k >= from such that lines 1..k
// fail to parse with message msg, or 0.
func firstFailingLine(data []byte, msg string, from int) int {
	k, spent := 0, 0
	for end := 0; end < len(data) && spent < refineBudget; {
		next := len(data)
		if i := bytes.IndexByte(data[end:], '\n'); i >= 0 {
			next = end + i + 1
		}
		end = next
		k++
		if k < from {
			continue
		}
		spent += end
		if _, _, err := decodeYAML(data[:end]); err != nil {
			if m, _ := splitYAMLError(err); m == msg {
				return k
			}
		}
	}
	return 0
}

// lineCount is the number of lines in data as YAML counts them: CR LF,
// CR, LF, NEL, LS and PS each end a line.
func lineCount(data []byte) int {
	n := 1
	for i := 0; i < len(data); i++ {
		switch {
		case data[i] == '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			n++
		case data[i] == '\n':
			n++
		case bytes.HasPrefix(data[i:], []byte("\u0085")), bytes.HasPrefix(data[i:], []byte("\u2028")), bytes.HasPrefix(data[i:], []byte("\u2029")):
			n++
		}
	}
	return n
}

// badCharLine returns the line of the first byte YAML refuses (invalid
// UTF-8 or a control character), or 1 when every byte is acceptable.
func badCharLine(data []byte) int {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		switch {
		case r == '\n':
			line++
		case r == '\t' || r == '\r' || r == 0x85 || r == 0xFEFF:
		case r < 0x20 || (r >= 0x7F && r < 0xA0):
			return line
		}
		i += size
	}
	return 1
}

// Default returns the configuration of an empty file: every setting at its
// default, no categories and no sources.
func Default() *Config {
	return &Config{
		Site: Site{Title: DefaultTitle, BaseURL: DefaultBaseURL, Byline: DefaultByline, Language: DefaultLanguage},
		Fetch: Fetch{
			Interval: DefaultInterval, Timeout: DefaultTimeout, MaxBody: DefaultMaxBody,
			Concurrency: DefaultConcurrency, PerHost: DefaultPerHost,
		},
		Publish: Publish{MaxItems: DefaultMaxItems, MaxAge: DefaultMaxAge, Retention: DefaultRetention},
		Dedupe:  Dedupe{Window: DefaultWindow},
	}
}

// applyDefaults fills in the defaults that depend on other keys and puts
// values into their canonical form.
func applyDefaults(c *Config) {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	c.Site.BaseURL = strings.TrimRight(c.Site.BaseURL, "/")
	for i := range c.Categories {
		cat := &c.Categories[i]
		def(&cat.Title, titleFromSlug(cat.Slug))
		for j, cc := range cat.Countries {
			cat.Countries[j] = strings.ToUpper(cc)
		}
	}
	for i := range c.Sources {
		def(&c.Sources[i].Agency, c.Sources[i].Name)
	}
	for i := range c.Searches {
		def(&c.Searches[i].Title, titleFromSlug(c.Searches[i].Slug))
	}
}

// titleFromSlug makes "middle-east" into "Middle East".
func titleFromSlug(slug string) string {
	words := strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = strings.ToUpper(string(r)) + w[size:]
	}
	return strings.Join(words, " ")
}
