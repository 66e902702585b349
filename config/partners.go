package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/story"
	"go.yaml.in/yaml/v3"
)

// Partner is a site licensed to read feeds with a token (partners[]).
type Partner struct {
	Name string // partners[].name: unique; shown on /status and in metrics
	// Token is partners[].token after ${VAR} expansion: the credential the
	// partner presents. It is a secret: only its hash is kept at serve time.
	Token string
	// Categories are the slugs the partner may read; "all" grants every
	// category and the feed of all stories.
	Categories []string
	// Formats are the feed formats the partner may read, by extension
	// (rss, json…); empty means every format. The names are the
	// publisher's (its format table): CheckFormats checks them.
	Formats []string
	// RateLimit caps the partner's requests; the zero value is no limit.
	RateLimit Rate
	// Enabled is partners[].enabled (default true); a disabled partner's
	// token is refused like an unknown one.
	Enabled bool
	// Auth is how the partner sends its token, for the URLs of its OPML:
	// "basic" (the default: user info in the URL), "bearer" (a header, so
	// plain URLs) or "path" (/p/TOKEN/feeds/...).
	Auth string
	Line int // line in Path where the entry starts
}

// Rate is N requests per Per (partners[].rate_limit such as "60/m").
type Rate struct {
	N   int
	Per time.Duration
}

// String formats the rate as it is written in sources.yaml.
func (r Rate) String() string {
	if r.N == 0 {
		return ""
	}
	return strconv.Itoa(r.N) + "/" + FormatDuration(r.Per)
}

// PartnerAuth are the partner auth forms.
var PartnerAuth = []string{"basic", "bearer", "path"}

// MinTokenLen is the shortest partner token accepted: a token is a
// password that feed readers store, so it must not be guessable.
const MinTokenLen = 16

var (
	partnerKeys   = []string{"name", "token", "categories", "formats", "rate_limit", "enabled", "auth"}
	partnerNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// Allows reports whether the partner may read the feed of slug in format.
func (p *Partner) Allows(slug, format string) bool {
	if len(p.Formats) > 0 && !contains(p.Formats, format) {
		return false
	}
	return contains(p.Categories, story.All) || contains(p.Categories, slug)
}

func (d *decoder) partners(n *yaml.Node, a at) []Partner {
	var out []Partner
	for i, it := range d.seq(n, a, "[{name: ..., token: ..., categories: [...]}]") {
		ea := at{path: a.index(i).path, entry: it.Line}
		if isNull(it) {
			d.add(it.Line, ea.path, "empty entry; expected name:, token: and categories:")
			continue
		}
		f := d.fields(it, ea, partnerKeys)
		if f == nil {
			continue
		}
		p := Partner{Enabled: true, Auth: "basic", Line: it.Line}
		if v, ok := f["name"]; ok {
			p.Name = d.str(v, ea.child("name"))
		}
		if v, ok := f["token"]; ok {
			p.Token = d.expand(v, ea.child("token"), d.str(v, ea.child("token")))
		}
		if v, ok := f["categories"]; ok {
			if v.Kind == yaml.ScalarNode {
				p.Categories = []string{d.str(v, ea.child("categories"))}
			} else {
				p.Categories = d.strList(v, ea.child("categories"), "[world, energy] or all")
			}
		}
		if v, ok := f["formats"]; ok {
			p.Formats = d.strList(v, ea.child("formats"), "[rss, atom]")
		}
		if v, ok := f["rate_limit"]; ok {
			if s := d.str(v, ea.child("rate_limit")); s != "" {
				r, err := ParseRate(s)
				if err != nil {
					d.add(v.Line, ea.child("rate_limit").path, "%v", err)
				}
				p.RateLimit = r
			}
		}
		if v, ok := f["enabled"]; ok {
			if b, ok := d.boolean(v, ea.child("enabled")); ok {
				p.Enabled = b
			}
		}
		if v, ok := f["auth"]; ok {
			p.Auth = d.str(v, ea.child("auth"))
		}
		out = append(out, p)
	}
	return out
}

// ParseRate parses a rate limit such as "60/m", "10/s", "1000/h" or
// "300/5m": a positive count per positive duration.
func ParseRate(s string) (Rate, error) {
	n, per, ok := strings.Cut(strings.TrimSpace(s), "/")
	count, err := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err != nil || count <= 0 {
		return Rate{}, fmt.Errorf("%q is not a rate such as 60/m, 10/s or 300/5m", s)
	}
	per = strings.TrimSpace(per)
	if per != "" && (per[0] < '0' || per[0] > '9') {
		per = "1" + per
	}
	dur, err := ParseDuration(per)
	if err != nil || dur <= 0 {
		return Rate{}, fmt.Errorf("%q is not a rate such as 60/m, 10/s or 300/5m", s)
	}
	return Rate{N: count, Per: dur}, nil
}

// CheckFormats reports, like Validate, every partners[].formats entry
// that is not one of known, the output formats the publisher serves. The
// names belong to the publisher's format table, which config does not
// import (it sits below both the aggregator and the publisher), so the
// loader that knows the table calls this after Load.
func (c *Config) CheckFormats(known []string) error {
	v := &validator{errs: errs{file: c.Path}, c: c}
	for i, p := range c.Partners {
		ea := at{path: fmt.Sprintf("partners[%d]", i), entry: p.Line}
		for j, f := range p.Formats {
			if !contains(known, f) {
				v.bad(ea.child("formats").index(j), "%q is not a format; use %s", f, strings.Join(known, ", "))
			}
		}
	}
	return v.err()
}

// partners checks every partner against the known category slugs.
func (v *validator) partners(slugs map[string]bool) {
	firstName := map[string]int{}
	firstToken := map[string]int{}
	for i, p := range v.c.Partners {
		ea := at{path: fmt.Sprintf("partners[%d]", i), entry: p.Line}
		switch {
		case p.Name == "":
			v.bad(ea.child("name"), "is required")
		case !partnerNameRE.MatchString(p.Name):
			v.bad(ea.child("name"), "%q may contain only letters, digits, '.', '_' and '-'", p.Name)
		case firstName[p.Name] > 0:
			v.bad(ea.child("name"), "duplicate partner %q (first at line %d)", p.Name, firstName[p.Name])
		default:
			firstName[p.Name] = p.Line
		}
		// A token is never quoted in a message: the file, the terminal and
		// the log are all places it must not reach.
		switch {
		case p.Token == "":
			v.bad(ea.child("token"), "is required; generate one with: openssl rand -hex 24")
		case len(p.Token) < MinTokenLen && p.Token != "":
			v.bad(ea.child("token"), "must be at least %d characters; generate one with: openssl rand -hex 24", MinTokenLen)
		case strings.IndexFunc(p.Token, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0:
			v.bad(ea.child("token"), "must not contain spaces or control characters")
		case firstToken[p.Token] > 0:
			v.bad(ea.child("token"), "is the same as another partner's (line %d); every partner needs its own", firstToken[p.Token])
		case p.Token != "":
			firstToken[p.Token] = p.Line
		}
		if len(p.Categories) == 0 {
			v.bad(ea.child("categories"), "is required: the slugs the partner may read, or all")
		}
		for j, slug := range p.Categories {
			if slug != story.All && !slugs[slug] {
				v.bad(ea.child("categories").index(j), "unknown category %q", slug)
			}
		}
		if !contains(PartnerAuth, p.Auth) {
			v.bad(ea.child("auth"), "%q is not an auth form; use %s", p.Auth, strings.Join(PartnerAuth, ", "))
		}
	}
}
