package config

import (
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Secrets kept out of sources.yaml: a source URL or a partner token may
// hold ${NAME} references, replaced at load by the environment variable
// NAME, so that an agency key or a partner token lives in the service's
// environment (or a secrets manager that fills it) rather than in a file
// that is committed, shared and shown on screens:
//
//	url: https://wire.example/feed.xml?apikey=${AP_KEY}
//	url: ${AP_FEED_URL}
//	token: ${PARTNER_A_TOKEN}

// envRefRE matches one ${NAME} reference.
var envRefRE = regexp.MustCompile(`\$\{([^}]*)\}`)

// envNameRE is a portable environment variable name.
var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// redacted replaces every secret in text that wiredesk prints.
const redacted = "REDACTED"

// expand replaces the ${NAME} references in s (the value of node v at a)
// with the environment's values, reporting an unset, empty or malformed
// reference at v's line without ever printing a value.
func (d *decoder) expand(v *yaml.Node, a at, s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	out := envRefRE.ReplaceAllStringFunc(s, func(ref string) string {
		name := ref[2 : len(ref)-1]
		if !envNameRE.MatchString(name) {
			d.add(v.Line, a.path, "%q is not an environment reference such as ${AP_KEY}", ref)
			return ""
		}
		val, ok := os.LookupEnv(name)
		switch {
		case !ok:
			d.add(v.Line, a.path, "environment variable %s is not set", name)
		case val == "":
			d.add(v.Line, a.path, "environment variable %s is empty", name)
		}
		return val
	})
	if strings.Contains(envRefRE.ReplaceAllString(s, ""), "${") {
		d.add(v.Line, a.path, "unterminated ${ reference; write ${NAME}")
	}
	return out
}

// KeyLikeParam reports whether a URL query parameter name is one that
// agencies use for keys, tokens, signatures and passwords.
func KeyLikeParam(name string) bool { return keyLikeParam(name) }

func keyLikeParam(name string) bool {
	n := strings.NewReplacer("-", "", "_", "", ".", "").Replace(strings.ToLower(name))
	switch n {
	case "key", "apikey", "auth", "authorization", "code", "pass", "sig", "session", "sessionid", "sid", "credential", "credentials":
		return true
	}
	for _, suffix := range []string{"key", "token", "secret", "password", "passwd", "pwd", "signature"} {
		if strings.HasSuffix(n, suffix) {
			return true
		}
	}
	return false
}

// urlSecrets returns the secret parts of a source URL: its user info (the
// whole of it, and the password alone) and the values of key-like query
// parameters.
func urlSecrets(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	var out []string
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			out = append(out, pw, url.QueryEscape(pw))
		}
		out = append(out, u.User.String())
	}
	for name, vals := range u.Query() {
		if keyLikeParam(name) {
			for _, v := range vals {
				out = append(out, v, url.QueryEscape(v))
			}
		}
	}
	return out
}

// envValues returns what the ${NAME} references in written expanded to:
// everything taken from the environment counts as a secret.
func envValues(written string) []string {
	var out []string
	for _, m := range envRefRE.FindAllStringSubmatch(written, -1) {
		if v, ok := os.LookupEnv(m[1]); ok {
			out = append(out, v, url.QueryEscape(v))
		}
	}
	return out
}

// minSecret is the shortest string Redact hides: shorter "secrets" (a
// one-letter user name) would garble every message they occur in and
// protect nothing.
const minSecret = 4

// Secrets returns every secret the configuration holds, longest first:
// source URL keys, passwords and environment values, and partner tokens.
// Nothing wiredesk emits (feeds, pages, status, metrics, logs) may contain
// one; Redact removes them from text that could.
func (c *Config) Secrets() []string {
	seen := map[string]bool{}
	var out []string
	add := func(list ...string) {
		for _, s := range list {
			if len(s) >= minSecret && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	for _, s := range c.Sources {
		add(urlSecrets(s.URL)...)
		add(envValues(s.Written)...)
	}
	for _, p := range c.Partners {
		add(p.Token, url.PathEscape(p.Token))
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

// Redactor returns a function that replaces every secret of the
// configuration in a string with "REDACTED". Build it once per config.
func (c *Config) Redactor() func(string) string {
	return NewRedactor(c.Secrets())
}

// NewRedactor returns a function that replaces each of secrets (longest
// first, as Secrets orders them) with "REDACTED".
func NewRedactor(secrets []string) func(string) string {
	if len(secrets) == 0 {
		return func(s string) string { return s }
	}
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, redacted)
	}
	r := strings.NewReplacer(pairs...)
	return r.Replace
}

// DisplayURL is the source URL as an operator may see it on /status and
// in logs: as written in the file when it takes its secrets from the
// environment, else with its user info and key-like parameters redacted.
func (s Source) DisplayURL() string {
	raw := s.Written
	if raw == "" {
		raw = s.URL
	}
	return NewRedactor(secretsOf(raw))(raw)
}

// secretsOf is urlSecrets ordered for NewRedactor.
func secretsOf(raw string) []string {
	list := urlSecrets(raw)
	sort.Slice(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	var out []string
	for _, s := range list {
		if len(s) >= minSecret && !strings.Contains(s, "${") {
			out = append(out, s)
		}
	}
	return out
}

// Warnings are problems that do not stop wiredesk but that an operator
// should fix, reported by `wiredesk check`: today, secrets written in the
// file instead of taken from the environment.
func (c *Config) Warnings() Errors {
	w := &errs{file: c.Path}
	for i, s := range c.Sources {
		raw := s.Written
		if raw == "" {
			raw = s.URL
		}
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		line := c.line(s.Line, "url")
		key := "sources[" + strconv.Itoa(i) + "].url"
		if u.User != nil {
			if pw, ok := u.User.Password(); ok && !strings.Contains(pw, "${") {
				w.add(line, key, "warning: the password in the URL (user:password@) is written in the file; "+
					"take it from the environment, for example https://user:${WIRE_PASSWORD}@host/path")
			}
		}
		names := make([]string, 0)
		for name, vals := range u.Query() {
			if keyLikeParam(name) && len(vals) > 0 && !strings.Contains(vals[0], "${") {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		for _, name := range names {
			w.add(line, key, "warning: query parameter %q looks like a key written in the file; "+
				"take it from the environment, for example %s=${%s}", name, name, envName(s.Name, name))
		}
	}
	if w.err() == nil {
		return nil
	}
	return w.list
}

// envName suggests an environment variable name for a source's parameter.
func envName(source, param string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(source + "_" + param) {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return strings.Trim(b.String(), "_")
}
