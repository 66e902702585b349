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
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store/backend"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/wiredesk/wiredesk/aggregator"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher"
	"github.com/wiredesk/wiredesk/publisher/websub"
	"github.com/wiredesk/wiredesk/store"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "Poll sources on schedule and serve feeds and pages over HTTP on --addr, and the operator\n"+
		"pages (/status, /metrics) on --admin-addr, loopback only by default.\n"+
		"With --demo, bundled sample wires are served from a loopback simulator and polled for real (offline).",
		"wiredesk serve --config sources.yaml --db wiredesk.db --addr :8080")
	path := fs.String("config", envOr(envConfig, "sources.yaml"), "configuration file, watched: edits and SIGHUP reload it ($WIREDESK_CONFIG)")
	dbPath := fs.String("db", envOr(envDB, "wiredesk.db"), dbUsage)
	addr := fs.String("addr", envOr(envAddr, ":8080"), "HTTP listen address of the public site: feeds, pages, OPML, /healthz (with --demo: 127.0.0.1:8080) ($WIREDESK_ADDR)")
	adminAddr := fs.String("admin-addr", envOr(envAdminAddr, defaultAdminAddr), "listen address of the operator pages (/status, /status.json, /metrics,\n"+
		"/partners/NAME.opml); keep it on loopback or a private network; \"off\" disables them ($WIREDESK_ADMIN_ADDR)")
	demo := fs.Bool("demo", false, "offline demo: bundled sample wires from a loopback simulator")
	node := fs.String("node", envOr(envNode, defaultNode()), "this node's name in the leases it takes on sources when several nodes share a PostgreSQL\n"+
		"database (default host name and process ID) ($WIREDESK_NODE)")
	mkLog := logFlags(fs, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log, err := mkLog()
	if err != nil {
		return err
	}
	if *demo && !flagSet(fs, "addr") && os.Getenv(envAddr) == "" {
		// The demo is for the person at this machine: not every interface.
		*addr = demoAddr
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

	db, err := backend.Open(ctx, *dbPath)
	if err != nil {
		return fmt.Errorf("open database %s: %w", backend.Redact(*dbPath), err)
	}
	defer closeDB(db, log)

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if m, ok := db.(store.Maintainer); ok {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "wiredesk_database_bytes", Help: "Size of the SQLite database.",
		}, func() float64 {
			n, err := m.Size(context.Background())
			if err != nil {
				return 0
			}
			return float64(n)
		}))
	}

	poller := newPoller(cfg, db, *node, log, reg)
	if err := poller.Sync(ctx); err != nil {
		return err
	}
	e.secrets.set(cfg)
	rl := &reloader{path: *path, log: log, poller: poller, secrets: e.secrets}
	hubAbs, hubAt := hubURL(cfg)
	var hub *websub.Hub
	pub := publisher.New(cfg, db, publisher.Options{
		Logger:      log,
		Registry:    reg,
		ConfigError: rl.Err,
		Version:     version,
		HubURL:      hubAbs,
		Extra:       map[string]http.Handler{hubAt: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hub.ServeHTTP(w, r) })},
	})
	rl.pub = pub
	hub = newHub(cfg, poller.Config, db, pub, log, reg)
	if err := hub.Load(ctx); err != nil {
		return err
	}
	heads, err := hub.Mark(ctx, allSlugs(cfg))
	if err != nil {
		return err
	}
	if err := pub.RebuildAll(ctx); err != nil {
		return fmt.Errorf("render feeds: %w", err)
	}
	hub.Published(heads)
	rb := newRebuilder(pub, log)
	rb.hub = hub
	poller.OnChange = rb.changed

	srv := &http.Server{
		Handler:           pub.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		ConnContext:       publisher.ConnContext,
	}
	admin, err := listenAdmin(fs, *adminAddr, log)
	if err != nil {
		return err
	}
	adminMux := http.NewServeMux()
	adminMux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	adminMux.Handle("/", pub.AdminHandler())
	adminMux.Handle("/websub", hub.StatusHandler())
	adminMux.Handle("/websub.json", hub.StatusHandler())
	adminSrv := &http.Server{
		Handler:           adminMux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if admin != nil {
		defer admin.Close()
		fmt.Fprintf(e.stdout, "operator pages on http://%s/status (and /metrics)\n", admin.Addr())
	}
	fmt.Fprintf(e.stdout, "wiredesk %s serving on http://%s (config %s, database %s)\n", version, displayAddr(ln.Addr()), *path, backend.Redact(*dbPath))

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
	wg.Go(func() { followEditorial(work, db, rb, log) })
	wg.Go(func() { followStore(work, db, poller.Config, rb, log) })
	wg.Go(func() { hub.Run(work) })

	srvErr := make(chan error, 2)
	go func() { srvErr <- srv.Serve(publisher.Listener(ln)) }()
	if admin != nil {
		go func() { srvErr <- adminSrv.Serve(admin) }()
	}

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
	if err := adminSrv.Shutdown(sctx); err != nil {
		return fmt.Errorf("drain operator http: %w", err)
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

// retention prunes stories older than publish.retention once at start
// and then daily, keeping any story still in a published feed.
func retention(ctx context.Context, db store.Store, p *aggregator.Poller, pub *publisher.Publisher, log *slog.Logger) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		cfg := p.Config()
		n, err := db.Prune(ctx, clock.Now().Add(-cfg.Publish.Retention), cfg.Publish.MaxItems)
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
