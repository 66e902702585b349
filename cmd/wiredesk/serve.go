package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/desk"
	"github.com/wiredesk/wiredesk/publisher"
	"github.com/wiredesk/wiredesk/publisher/websub"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/backend"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "Poll sources on schedule and serve feeds and pages over HTTP on --addr, and the operator\n"+
		"pages (/status, /metrics) on --admin-addr, loopback only by default.\n"+
		"With --demo, bundled sample wires are served from a loopback simulator and polled for real (offline).",
		"wiredesk serve --config sources.yaml --db wiredesk.db --addr :8080")
	sf := sharedFlags(fs, e)
	fs.Lookup("config").Usage = "configuration file, watched: edits and SIGHUP reload it ($WIREDESK_CONFIG)"
	path, dbPath := sf.config, sf.db
	addr := fs.String("addr", envOr(envAddr, ":8080"), "HTTP listen address of the public site: feeds, pages, OPML, /healthz (with --demo: 127.0.0.1:8080) ($WIREDESK_ADDR)")
	adminAddr := fs.String("admin-addr", envOr(envAdminAddr, defaultAdminAddr), "listen address of the operator pages (/status, /status.json, /metrics,\n"+
		"/partners/NAME.opml); keep it on loopback or a private network; \"off\" disables them ($WIREDESK_ADMIN_ADDR)")
	demo := fs.Bool("demo", false, "offline demo: bundled sample wires from a loopback simulator")
	node := fs.String("node", envOr(envNode, defaultNode()), "this node's name in the leases it takes on sources when several nodes share a PostgreSQL\n"+
		"database (default host name and process ID) ($WIREDESK_NODE)")
	log, err := sf.parse(fs, args)
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
	hubAbs, hubAt := hubURL(cfg)
	var hub *websub.Hub
	var rl *desk.Reloader
	pub := publisher.New(cfg, db, publisher.Options{
		Logger:      log,
		Registry:    reg,
		ConfigError: func() error { return rl.Err() },
		Version:     version,
		HubURL:      hubAbs,
		Extra:       map[string]http.Handler{hubAt: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hub.ServeHTTP(w, r) })},
	})
	rl = desk.NewReloader(*path, poller, pub, log)
	rl.Loaded = e.secrets.set
	hub = newHub(cfg, poller.Config, db, pub, log, reg)
	if err := hub.Load(ctx); err != nil {
		return err
	}
	heads, err := hub.Mark(ctx, desk.Slugs(cfg))
	if err != nil {
		return err
	}
	if err := pub.RebuildAll(ctx); err != nil {
		return fmt.Errorf("render feeds: %w", err)
	}
	hub.Published(heads)
	rb := desk.NewRebuilder(pub, hub, log)
	poller.OnChange = rb.Changed

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
	wg.Go(func() { rb.Run(work) })
	wg.Go(func() {
		if err := poller.Run(work); err != nil {
			log.Error("scheduler stopped", "err", err)
		}
	})
	wg.Go(func() { rl.Watch(work) })
	ret := &desk.Retention{Store: db, Config: poller.Config, Pub: pub, Log: log}
	wg.Go(func() { ret.Run(work) })
	wg.Go(func() { desk.FollowEditorial(work, db, rb, log) })
	wg.Go(func() { desk.FollowStore(work, db, poller.Config, rb, log) })
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
	// Shutdown order: stop scheduling and wait for in-flight fetch
	// transactions, so that each fetch commits whole, then drain HTTP with
	// a deadline, then close the database (deferred above).
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
