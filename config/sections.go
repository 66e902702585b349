package config

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// root decodes the top-level mapping into c, which holds the defaults.
func (d *decoder) root(n *yaml.Node, c *Config) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, "", "the top level must be a mapping with keys %s, got %s", strings.Join(topKeys, ", "), describe(n))
		return
	}
	var top at
	f := d.fields(n, top, topKeys)
	if v, ok := f["site"]; ok {
		d.site(v, top.child("site"), &c.Site)
	}
	if v, ok := f["fetch"]; ok {
		d.fetch(v, top.child("fetch"), &c.Fetch)
	}
	if v, ok := f["publish"]; ok {
		d.publish(v, top.child("publish"), &c.Publish)
	}
	if v, ok := f["dedupe"]; ok {
		d.dedupe(v, top.child("dedupe"), &c.Dedupe)
	}
	if v, ok := f["categories"]; ok {
		c.Categories = d.categories(v, top.child("categories"))
	}
	if v, ok := f["sources"]; ok {
		c.Sources = d.sources(v, top.child("sources"))
	}
	if v, ok := f["partners"]; ok {
		c.Partners = d.partners(v, top.child("partners"))
	}
	if v, ok := f["searches"]; ok {
		c.Searches = d.searches(v, top.child("searches"))
	}
}

func (d *decoder) site(n *yaml.Node, a at, s *Site) {
	f := d.fields(n, a, siteKeys)
	if v, ok := f["title"]; ok {
		s.Title = d.str(v, a.child("title"))
	}
	if v, ok := f["base_url"]; ok {
		s.BaseURL = d.str(v, a.child("base_url"))
	}
	if v, ok := f["byline"]; ok {
		s.Byline = d.str(v, a.child("byline"))
	}
	if v, ok := f["language"]; ok {
		s.Language = d.str(v, a.child("language"))
	}
}

func (d *decoder) fetch(n *yaml.Node, a at, fc *Fetch) {
	f := d.fields(n, a, fetchKeys)
	if v, ok := f["interval"]; ok {
		if dur, ok := d.duration(v, a.child("interval")); ok {
			fc.Interval = dur
		}
	}
	if v, ok := f["timeout"]; ok {
		if dur, ok := d.duration(v, a.child("timeout")); ok {
			fc.Timeout = dur
		}
	}
	if v, ok := f["max_body"]; ok {
		if n, ok := d.size(v, a.child("max_body")); ok {
			fc.MaxBody = n
		}
	}
	if v, ok := f["concurrency"]; ok {
		if n, ok := d.integer(v, a.child("concurrency")); ok {
			fc.Concurrency = n
		}
	}
	if v, ok := f["per_host"]; ok {
		if n, ok := d.integer(v, a.child("per_host")); ok {
			fc.PerHost = n
		}
	}
	if v, ok := f["allow_private"]; ok {
		if b, ok := d.boolean(v, a.child("allow_private")); ok {
			fc.AllowPrivate = b
		}
	}
	if v, ok := f["budget"]; ok {
		if n, ok := d.size(v, a.child("budget")); ok {
			fc.Budget = n
		}
	}
	if v, ok := f["lease"]; ok {
		if dur, ok := d.duration(v, a.child("lease")); ok {
			fc.Lease = dur
		}
	}
	if v, ok := f["file_root"]; ok {
		fc.FileRoot = d.str(v, a.child("file_root"))
	}
}

func (d *decoder) publish(n *yaml.Node, a at, p *Publish) {
	f := d.fields(n, a, publishKeys)
	if v, ok := f["max_items"]; ok {
		if n, ok := d.integer(v, a.child("max_items")); ok {
			p.MaxItems = n
		}
	}
	if v, ok := f["max_age"]; ok {
		if dur, ok := d.duration(v, a.child("max_age")); ok {
			p.MaxAge = dur
		}
	}
	if v, ok := f["retention"]; ok {
		if dur, ok := d.duration(v, a.child("retention")); ok {
			p.Retention = dur
		}
	}
}

func (d *decoder) dedupe(n *yaml.Node, a at, dd *Dedupe) {
	f := d.fields(n, a, dedupeKeys)
	if v, ok := f["window"]; ok {
		if dur, ok := d.duration(v, a.child("window")); ok {
			dd.Window = dur
		}
	}
	if v, ok := f["threshold"]; ok {
		if x, ok := d.number(v, a.child("threshold")); ok {
			dd.Threshold = x
		}
	}
}

func (d *decoder) categories(n *yaml.Node, a at) []Category {
	var out []Category
	for i, it := range d.seq(n, a, "[{slug: world}]") {
		ea := at{path: a.index(i).path, entry: it.Line}
		if isNull(it) {
			d.add(it.Line, ea.path, "empty entry; expected slug: and title:")
			continue
		}
		f := d.fields(it, ea, categoryKeys)
		if f == nil {
			continue
		}
		cat := Category{Line: it.Line}
		if v, ok := f["slug"]; ok {
			cat.Slug = d.str(v, ea.child("slug"))
		}
		if v, ok := f["title"]; ok {
			cat.Title = d.str(v, ea.child("title"))
		}
		if v, ok := f["keywords"]; ok {
			cat.Keywords = d.strList(v, ea.child("keywords"), "[oil, OPEC]")
		}
		if v, ok := f["region"]; ok {
			cat.Region = d.str(v, ea.child("region"))
		}
		if v, ok := f["countries"]; ok {
			cat.Countries = d.strList(v, ea.child("countries"), "[LB, SY]")
		}
		if v, ok := f["public"]; ok {
			if b, ok := d.boolean(v, ea.child("public")); ok {
				cat.Private = !b
			}
		}
		if v, ok := f["dateline"]; ok {
			cat.Dateline = d.str(v, ea.child("dateline"))
		}
		out = append(out, cat)
	}
	return out
}

func (d *decoder) sources(n *yaml.Node, a at) []Source {
	var out []Source
	for i, it := range d.seq(n, a, "[{name: ..., url: ...}]") {
		ea := at{path: a.index(i).path, entry: it.Line}
		if isNull(it) {
			d.add(it.Line, ea.path, "empty entry; expected name: and url:")
			continue
		}
		f := d.fields(it, ea, sourceKeys)
		if f == nil {
			continue
		}
		src := Source{Enabled: true, Line: it.Line}
		if v, ok := f["name"]; ok {
			src.Name = d.str(v, ea.child("name"))
		}
		if v, ok := f["url"]; ok {
			written := d.str(v, ea.child("url"))
			if src.URL = d.expand(v, ea.child("url"), written); src.URL != written {
				src.Written = written
			}
		}
		if v, ok := f["agency"]; ok {
			src.Agency = d.str(v, ea.child("agency"))
		}
		if v, ok := f["category"]; ok {
			src.Category = d.str(v, ea.child("category"))
		}
		if v, ok := f["interval"]; ok {
			if dur, ok := d.duration(v, ea.child("interval")); ok {
				src.Interval = dur
			}
		}
		if v, ok := f["enabled"]; ok {
			if b, ok := d.boolean(v, ea.child("enabled")); ok {
				src.Enabled = b
			}
		}
		if v, ok := f["categories_map"]; ok {
			src.CategoriesMap = d.strMap(v, ea.child("categories_map"))
		}
		out = append(out, src)
	}
	return out
}
