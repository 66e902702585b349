package config

// Missing reports what a configuration lacks to publish anything: a
// valid but empty file (no categories, no sources, every source disabled)
// loads, and "wiredesk check" says what to add. The problems carry the
// file but no line: they are about what is absent.
func (c *Config) Missing() Errors {
	var es Errors
	add := func(key, msg string) { es = append(es, &Error{File: c.Path, Key: key, Msg: msg}) }
	if len(c.Categories) == 0 {
		add("categories", "none defined: add at least one ({slug: world, title: World}); stories are published by category")
	}
	enabled := 0
	for _, s := range c.Sources {
		if s.Enabled {
			enabled++
		}
	}
	switch {
	case len(c.Sources) == 0:
		add("sources", "none defined: add a feed ({name, url, category}) or run \"wiredesk sources add URL\"")
	case enabled == 0:
		add("sources", "every source has enabled: false: nothing will be polled")
	}
	if len(es) == 0 {
		return nil
	}
	return es
}
