package main

import (
	"context"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/wiredesk/wiredesk/aggregator"
	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/config"
)

func cmdSources(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stderr, `Usage: wiredesk sources <list|add|import> [flags]

  list              print the configured sources
  add URL           discover the feed behind URL (a feed or a page with
                    <link rel="alternate">), fetch it once, append it to sources.yaml
  import FILE.opml  append every feed of an OPML file

Examples:
  wiredesk sources list --config sources.yaml
  wiredesk sources add https://www.example.org/news --category world
  wiredesk sources import subscriptions.opml --category world
`)
		if len(args) == 0 {
			return usageError{errors.New("sources: a subcommand is required")}
		}
		return nil
	}
	switch args[0] {
	case "list":
		return sourcesList(e, args[1:])
	case "add":
		return sourcesAdd(ctx, e, args[1:])
	case "import":
		return sourcesImport(ctx, e, args[1:])
	}
	hint := "want list, add or import"
	if best, ok := closest(args[0], []string{"list", "add", "import"}); ok {
		hint = fmt.Sprintf("did you mean %q?", best)
	}
	return usageError{fmt.Errorf("sources: unknown subcommand %q (%s)", args[0], hint)}
}

func sourcesList(e *env, args []string) error {
	fs := newFlags(e, "sources list", "Print the configured sources.", "wiredesk sources list --config sources.yaml")
	path := fs.String("config", envOr(envConfig, "sources.yaml"), "configuration file ($WIREDESK_CONFIG)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(e, *path)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tAGENCY\tCATEGORY\tENABLED\tURL")
	for _, s := range cfg.Sources {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s\n", s.Name, s.Agency, s.Category, s.Enabled, s.DisplayURL())
	}
	return tw.Flush()
}

func sourcesAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sources add URL", "Discover the feed behind URL, fetch it once to check it, and append it to the\n"+
		"configuration keeping its comments and layout.",
		"wiredesk sources add https://www.example.org/news --category world --agency \"Example Press\"")
	path := fs.String("config", envOr(envConfig, "sources.yaml"), "configuration file ($WIREDESK_CONFIG)")
	category := fs.String("category", "", "default category slug (default: the first category)")
	name := fs.String("name", "", "source name (default: the feed's title)")
	agency := fs.String("agency", "", "agency credited as provenance (default: the name)")
	url, err := parseOne(fs, args, "a URL")
	if err != nil {
		return err
	}
	cfg, err := loadConfig(e, *path)
	if err != nil {
		return err
	}
	feedURL, title, err := discoverFeed(ctx, cfg, url)
	if err != nil {
		return err
	}
	src := config.Source{Name: firstOf(*name, title, feedURL), URL: feedURL, Agency: *agency, Category: *category, Enabled: true}
	if src.Category == "" && len(cfg.Categories) > 0 {
		src.Category = cfg.Categories[0].Slug
	}
	if err := config.AppendSources(*path, []config.Source{src}); err != nil {
		fmt.Fprintln(e.stderr, err)
		return errSilent
	}
	fmt.Fprintf(e.stdout, "added %q (%s) to %s under %s\n", src.Name, src.URL, *path, src.Category)
	return nil
}

// discoverFeed fetches url; if it is a feed it is the answer, if it is
// an HTML page its first autodiscovery link is fetched and checked.
func discoverFeed(ctx context.Context, cfg *config.Config, url string) (feedURL, title string, err error) {
	if u, err := neturl.Parse(url); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// Discovery fetches what it is given and shows what it found:
		// file:// would read local files. Drop folders are added by hand.
		return "", "", fmt.Errorf("%s: sources add takes an http:// or https:// URL (add file:// drop folders to the configuration by hand, under fetch.file_root)", url)
	}
	f := fetch.NewFetcher(fetch.NewHTTPClient(cfg.Fetch), cfg.Fetch, fmt.Sprintf("wiredesk/%s (+%s)", version, cfg.Site.BaseURL))
	for range 2 {
		resp, err := f.Fetch(ctx, fetch.Request{URL: url})
		if err != nil {
			return "", "", err // it names the URL
		}
		doc, perr := feed.Parse(resp.Body, resp.ContentType, resp.FinalURL)
		if perr == nil {
			resp.Release()
			return url, aggregator.FeedTitle(doc), nil
		}
		links := aggregator.Discover(resp.Body, resp.FinalURL)
		resp.Release()
		if len(links) == 0 {
			return "", "", fmt.Errorf("%s: not a feed and no <link rel=\"alternate\"> feed found: %w", url, perr)
		}
		url = links[0]
	}
	return "", "", fmt.Errorf("%s: the discovered feed is not a feed", url)
}

func sourcesImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sources import FILE", "Append every feed of an OPML file to the configuration.",
		"wiredesk sources import subscriptions.opml --category world")
	path := fs.String("config", envOr(envConfig, "sources.yaml"), "configuration file ($WIREDESK_CONFIG)")
	category := fs.String("category", "", "category for outlines that name none (default: the first category)")
	file, err := parseOne(fs, args, "an OPML file")
	if err != nil {
		return err
	}
	cfg, err := loadConfig(e, *path)
	if err != nil {
		return err
	}
	fh, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	defer fh.Close()
	srcs, err := config.ParseOPML(fh)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	known := map[string]bool{}
	for _, s := range cfg.Sources {
		known[config.URLKey(s.URL)] = true
	}
	var add []config.Source
	for _, s := range srcs {
		if known[config.URLKey(s.URL)] {
			continue
		}
		known[config.URLKey(s.URL)] = true
		if _, ok := cfg.Category(s.Category); !ok {
			s.Category = *category
		}
		if s.Category == "" && len(cfg.Categories) > 0 {
			s.Category = cfg.Categories[0].Slug
		}
		s.Enabled = true
		add = append(add, s)
	}
	if len(add) == 0 {
		fmt.Fprintf(e.stdout, "nothing to import: every feed of %s is already configured\n", file)
		return ctx.Err()
	}
	if err := config.AppendSources(*path, add); err != nil {
		fmt.Fprintln(e.stderr, err)
		return errSilent
	}
	fmt.Fprintf(e.stdout, "imported %d sources from %s into %s\n", len(add), file, *path)
	return nil
}

func firstOf(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
