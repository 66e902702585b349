package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wiredesk/wiredesk/aggregator"
	"github.com/wiredesk/wiredesk/aggregator/dedupe"
	"github.com/wiredesk/wiredesk/aggregator/region"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/desk"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/backend"
)

func cmdCheck(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "check [FILE]", "Validate a configuration file (FILE, else --config): exits 0, or 1 with\n"+
		"FILE:LINE: message lines. A file that defines no category or no source fails too.",
		"wiredesk check sources.yaml")
	path := fs.String("config", envOr(envConfig, "sources.yaml"), "configuration file ($WIREDESK_CONFIG)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 1:
		return usageErr(fs, "unexpected argument %q (check one file at a time)", pos[1])
	case len(pos) == 1 && flagSet(fs, "config") && *path != pos[0]:
		return usageErr(fs, "two files given (%s and --config %s)", pos[0], *path)
	case len(pos) == 1:
		*path = pos[0]
	}
	cfg, err := loadConfig(e, *path)
	if err != nil {
		return err
	}
	if missing := cfg.Missing(); missing != nil {
		fmt.Fprintln(e.stderr, missing)
		return errSilent
	}
	enabled := 0
	for _, s := range cfg.Sources {
		if s.Enabled {
			enabled++
		}
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintln(e.stderr, w)
	}
	partners := ""
	if len(cfg.Partners) > 0 {
		partners = fmt.Sprintf(", %d partners", len(cfg.Partners))
	}
	if len(cfg.Searches) > 0 {
		partners += fmt.Sprintf(", %d saved searches", len(cfg.Searches))
	}
	fmt.Fprintf(e.stdout, "%s: ok (%d categories, %d sources, %d enabled%s)\n", *path, len(cfg.Categories), len(cfg.Sources), enabled, partners)
	return nil
}

// loadConfig loads and validates path, printing each problem as a
// FILE:LINE: message line on stderr.
func loadConfig(e *env, path string) (*config.Config, error) {
	cfg, err := desk.LoadConfig(path)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return nil, errSilent
	}
	e.secrets.set(cfg)
	return cfg, nil
}

func cmdPoll(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "poll", "Poll every enabled source once (--once) and print a line per source and a total;\n"+
		"without --once, keep polling on schedule until interrupted. Exits 0 even when some sources fail.",
		"wiredesk poll --once --config sources.yaml --db wiredesk.db")
	sf := sharedFlags(fs, e)
	once := fs.Bool("once", false, "poll every enabled source once, then exit")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (for go tool pprof)")
	log, err := sf.parse(fs, args)
	if err != nil {
		return err
	}
	if *profile != "" {
		stop, err := startCPUProfile(*profile)
		if err != nil {
			return err
		}
		defer stop(log)
	}
	cfg, err := loadConfig(e, *sf.config)
	if err != nil {
		return err
	}
	db, err := backend.Open(ctx, *sf.db)
	if err != nil {
		return fmt.Errorf("open database %s: %w", backend.Redact(*sf.db), err)
	}
	defer closeDB(db, log)
	p := newPoller(cfg, db, defaultNode(), log, nil)
	if err := p.Sync(ctx); err != nil {
		return err
	}
	if !*once {
		return p.Run(ctx)
	}
	return pollOnce(ctx, e, p)
}

// pollOnce polls every source once and prints a line per source, with a
// progress line on a terminal.
func pollOnce(ctx context.Context, e *env, p *aggregator.Poller) error {
	total := 0
	for _, s := range p.Config().Sources {
		if s.Enabled {
			total++
		}
	}
	done, fresh := 0, 0
	start := time.Now()
	results := p.PollOnce(ctx, func(r aggregator.Result) {
		done++
		fresh += r.Summary.New
		if e.isTerminal {
			fmt.Fprintf(e.stdout, "\r\033[K[%d/%d sources, %d new stories] %s", done, total, fresh, r.Source.Name)
		}
	})
	if e.isTerminal {
		fmt.Fprint(e.stdout, "\r\033[K")
	}
	var sum struct{ new, updated, dup, unchanged, failed int }
	redact := p.Config().Redactor() // an error quotes the source URL, key and all
	for _, r := range results {
		var line string
		switch r.Outcome {
		case aggregator.OutcomeError, aggregator.OutcomeSkipped:
			sum.failed++
			// The error names the source and its URL, key and all: redacted.
			line = fmt.Sprintf("%-9s %s", r.Outcome, redact(r.Err.Error()))
		default:
			line = fmt.Sprintf("%-9s %s: %d new, %d updated, %d duplicates", r.Outcome, r.Source.Name,
				r.Summary.New, r.Summary.Updated, r.Summary.Duplicates)
			if r.Status == http.StatusNotModified {
				line += " (304 not modified)"
			}
		}
		sum.new += r.Summary.New
		sum.updated += r.Summary.Updated
		sum.dup += r.Summary.Duplicates
		if r.Outcome == aggregator.OutcomeUnchanged {
			sum.unchanged++
		}
		fmt.Fprintln(e.stdout, line)
	}
	fmt.Fprintf(e.stdout, "total: %d sources, %d new, %d updated, %d duplicates, %d unchanged, %d failed in %s\n",
		len(results), sum.new, sum.updated, sum.dup, sum.unchanged, sum.failed, time.Since(start).Round(time.Millisecond))
	return ctx.Err()
}

// newPoller wires the ingest pipeline: one HTTP client for the process,
// the dedupe and region detectors, and metrics when reg is non-nil.
func newPoller(cfg *config.Config, db store.Store, node string, log *slog.Logger, reg prometheus.Registerer) *aggregator.Poller {
	client := fetch.NewHTTPClient(cfg.Fetch)
	ua := fmt.Sprintf("wiredesk/%s (+%s)", version, cfg.Site.BaseURL)
	var m *aggregator.Metrics
	if reg != nil {
		m = aggregator.NewMetrics(reg)
	}
	places := region.New()
	return aggregator.NewPoller(cfg, db, aggregator.PollerOptions{
		Fetcher: fetch.NewFetcher(client, cfg.Fetch, ua),
		Deduper: aggregator.NewDeduper(dedupe.NewMatcher(cfg.Dedupe.Threshold)),
		Places:  aggregator.RegionPlaces(places),
		Logger:  log,
		Metrics: m,
		Node:    node,
	})
}

func closeDB(db store.Store, log *slog.Logger) {
	if err := db.Close(); err != nil && !errors.Is(err, context.Canceled) {
		log.Error("close database", "err", err)
	}
}
