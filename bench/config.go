package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/wiredesk/wiredesk/config"
)

// categoriesYAML are the site's sections in every benchmark config: the
// regions of the shipped sources.yaml plus keyword sections, so that the
// tagger files stories the way it does in production.
const categoriesYAML = `categories:
  - slug: world
  - slug: middle-east
    region: middle-east
  - slug: africa
    region: africa
  - slug: europe
    region: europe
  - slug: americas
    region: americas
  - slug: asia-pacific
    region: asia-pacific
  - slug: business
    keywords: [inflation, "central bank", market, shares]
  - slug: politics
    keywords: [election, parliament, cabinet, coalition]
  - slug: energy
    keywords: [fuel, refinery, pipeline, tanker]
`

// benchSource is one upstream in a generated config.
type benchSource struct {
	Name, URL, Category string
}

// fetchSettings are the fetch: keys of a generated config. Loopback is one
// host, so per_host is raised to concurrency: with the default of 2, every
// figure would measure the politeness limit instead of wiredesk.
type fetchSettings struct {
	Concurrency, PerHost int
}

// configYAML renders a complete sources.yaml for srcs with the given
// categories: section (categoriesYAML when "").
func configYAML(fs fetchSettings, categories string, srcs []benchSource) []byte {
	if categories == "" {
		categories = categoriesYAML
	}
	var b strings.Builder
	b.Grow(len(srcs)*120 + 2048)
	fmt.Fprintf(&b, `site:
  title: Bench Desk
  base_url: http://127.0.0.1:8080
fetch:
  interval: 10m
  timeout: 30s
  concurrency: %d
  per_host: %d
  allow_private: true
publish:
  max_items: 50
  retention: 3650d
%s
sources:
`, fs.Concurrency, fs.PerHost, categories)
	for _, s := range srcs {
		fmt.Fprintf(&b, "  - name: %s\n    url: %s\n    category: %s\n", s.Name, s.URL, s.Category)
	}
	return []byte(b.String())
}

// writeConfig writes the YAML to path and parses it back, so a harness
// mistake shows as wiredesk's own FILE:LINE message.
func writeConfig(path string, data []byte) (*config.Config, error) {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return nil, fmt.Errorf("write config: %w", err)
	}
	cfg, err := config.Parse(path, data)
	if err != nil {
		return nil, fmt.Errorf("generated config: %w", err)
	}
	return cfg, nil
}

// numberedCategories is a categories: section of n slugs c0..c(n-1).
func numberedCategories(n int) string {
	var b strings.Builder
	b.WriteString("categories:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - slug: c%d\n    title: Section %d\n", i, i)
	}
	return b.String()
}

// sectionFor spreads sources over the region sections.
func sectionFor(i int) string {
	return []string{"world", "middle-east", "africa", "europe", "americas", "asia-pacific"}[i%6]
}
