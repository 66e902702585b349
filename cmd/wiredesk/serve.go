package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/wiredesk/wiredesk/aggregator"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher"
	"github.com/wiredesk/wiredesk/store"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "Poll sources on schedule and serve feeds, pages, /status and /metrics over HTTP.\n"+
		"With --demo, bundled sample wires are served from a loopback simulator and polled for real (offline).",
		"wiredesk serve --config sources.yaml --db wiredesk.db --addr :8080")
	path := fs.String("config", "sources.yaml", "configuration file (watched; edits and SIGHUP reload it)")
	dbPath := fs.String("db", "wiredesk.db", "SQLite database file")
	addr := fs.String("addr", ":8080", "HTTP listen address")
	demo := fs.Bool("demo", false, "offline demo: bundled sample wires from a loopback simulator")
	mkLog := logFlags(fs, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log, err := mkLog()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	defer ln.Close()

	var cfg *config.Config
	if *demo {
		base := "http://" + displayAddr(ln.Addr())
		d, err := startDemo(ctx, e, base, log)
		if err != nil {
			return err
		}
		defer d.Close()
		cfg, *path = d.cfg, d.configPath
		if !flagSet(fs, "db") {
			*dbPath = d.dbPath
		}
	} else if cfg, err = loadConfig(e, *path); err != nil {
		return err
	}

	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return fmt.Errorf("open database %s: %w", *dbPath, err)
	}
	defer closeDB(db, log)

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "wiredesk_database_bytes", Help: "Size of the SQLite database.",
	}, func() float64 {
		n, err := db.Size(context.Background())
		if err != nil {
			return 0
		}
		return float64(n)
	}))

	poller := newPoller(cfg, db, log, reg)
	if err := poller.Sync(ctx); err != nil {
		return err
	}
	rl := &reloader{path: *path, log: log, poller: poller}
	pub := publisher.New(cfg, db, publisher.Options{
		Logger:      log,
		Registry:    reg,
		ConfigError: rl.Err,
		Version:     version,
		Extra:       map[string]http.Handler{"/metrics": promhttp.HandlerFor(reg, promhttp.HandlerOpts{})},
	})
	rl.pub = pub
	if err := pub.RebuildAll(ctx); err != nil {
		return fmt.Errorf("render feeds: %w", err)
	}
	rb := newRebuilder(pub, log)
	poller.OnChange = rb.changed

	srv := &http.Server{
		Handler:           pub.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(e.stdout, "wiredesk %s serving on http://%s (config %s, database %s)\n", version, displayAddr(ln.Addr()), *path, *dbPath)

	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { rb.run(work) })
	wg.Go(func() {
		if err := poller.Run(work); err != nil {
			log.Error("scheduler stopped", "err", err)
		}
	})
	wg.Go(func() { rl.watch(work) })
	wg.Go(func() { retention(work, db, poller, pub, log) })

	srvErr := make(chan error, 1)
	go func() { srvErr <- srv.Serve(ln) }()

	select {
	case <-ctx.Done():
		log.Info("shutting down: stop scheduling, finish in-flight fetches, drain HTTP, close database")
	case err := <-srvErr:
		stopWork()
		wg.Wait()
		return fmt.Errorf("http server: %w", err)
	}
	// Shutdown order (STYLE.md): stop scheduling and wait for in-flight
	// fetch transactions, then drain HTTP with a deadline, then close the
	// database (deferred above).
	stopWork()
	wg.Wait()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("drain http: %w", err)
	}
	return nil
}

// flagSet reports whether name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			found = true
		}
	})
	return found
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return fmt.Sprintf("localhost:%d", tcp.Port)
}

// rebuilder coalesces change notifications from concurrent fetches into
// one re-render per category per short window, so thirty sources landing
// at once render "all" once, not thirty times.
type rebuilder struct {
	pub   *publisher.Publisher
	log   *slog.Logger
	mu    sync.Mutex
	cats  map[string]bool
	items []string
	kick  chan struct{}
}

func newRebuilder(pub *publisher.Publisher, log *slog.Logger) *rebuilder {
	return &rebuilder{pub: pub, log: log, cats: map[string]bool{}, kick: make(chan struct{}, 1)}
}

func (r *rebuilder) changed(_ context.Context, sum store.FetchSummary) {
	r.mu.Lock()
	for _, c := range sum.Categories {
		r.cats[c] = true
	}
	r.items = append(r.items, sum.Items...)
	r.mu.Unlock()
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

func (r *rebuilder) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			r.flush(context.WithoutCancel(ctx))
			return
		case <-r.kick:
		}
		// Let a burst of fetches land before rendering.
		t := time.NewTimer(200 * time.Millisecond)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
		r.flush(context.WithoutCancel(ctx))
	}
}

func (r *rebuilder) flush(ctx context.Context) {
	r.mu.Lock()
	cats := make([]string, 0, len(r.cats))
	for c := range r.cats {
		cats = append(cats, c)
	}
	items := r.items
	r.cats, r.items = map[string]bool{}, nil
	r.mu.Unlock()
	if len(cats) == 0 && len(items) == 0 {
		return
	}
	r.pub.InvalidateItems(items)
	if err := r.pub.Rebuild(ctx, cats); err != nil {
		r.log.Error("render feeds", "err", err)
	}
}

// reloader applies edits of the config file (fsnotify) and SIGHUP without
// a restart; an invalid edit keeps the running config and is reported.
type reloader struct {
	path   string
	log    *slog.Logger
	poller *aggregator.Poller
	pub    *publisher.Publisher
	mu     sync.Mutex
	err    error
}

// Err returns the error of the last reload attempt, or nil.
func (r *reloader) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (r *reloader) watch(ctx context.Context) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	var events chan fsnotify.Event
	w, err := fsnotify.NewWatcher()
	if err != nil {
		r.log.Warn("config watch unavailable; SIGHUP still reloads", "err", err)
	} else {
		defer w.Close()
		// Watch the directory: editors replace files by rename.
		if err := w.Add(filepath.Dir(r.path)); err != nil {
			r.log.Warn("config watch unavailable; SIGHUP still reloads", "err", err)
		} else {
			events = w.Events
		}
	}
	abs, err := filepath.Abs(r.path)
	if err != nil {
		r.log.Warn("config watch unavailable; SIGHUP still reloads", "err", err)
		events = nil
	}
	var debounce <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			r.reload(ctx, "SIGHUP")
		case ev := <-events:
			if p, err := filepath.Abs(ev.Name); err == nil && p == abs && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename) != 0 {
				debounce = time.After(150 * time.Millisecond)
			}
		case <-debounce:
			debounce = nil
			r.reload(ctx, "file changed")
		}
	}
}

func (r *reloader) reload(ctx context.Context, why string) {
	cfg, err := config.Load(r.path)
	if err == nil {
		err = r.poller.Reload(ctx, cfg)
	}
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
	if err != nil {
		r.log.Error("config reload failed; keeping the running config", "reason", why, "err", err)
		return
	}
	r.pub.SetConfig(cfg)
	if err := r.pub.RebuildAll(ctx); err != nil {
		r.log.Error("render feeds after reload", "err", err)
	}
	r.log.Info("config reloaded", "reason", why, "sources", len(cfg.Sources), "categories", len(cfg.Categories))
}

// retention prunes stories older than publish.retention once at start
// and then daily, keeping any story still in a published feed.
func retention(ctx context.Context, db *store.DB, p *aggregator.Poller, pub *publisher.Publisher, log *slog.Logger) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		cfg := p.Config()
		n, err := db.Prune(ctx, time.Now().Add(-cfg.Publish.Retention), cfg.Publish.MaxItems)
		switch {
		case errors.Is(err, context.Canceled):
			return
		case err != nil:
			log.Error("prune", "err", err)
		case n > 0:
			log.Info("pruned old stories", "stories", n)
			if err := pub.RebuildAll(ctx); err != nil {
				log.Error("render feeds after prune", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
