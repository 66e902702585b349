package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"time"
)

const (
	serveConns = 32
	feedPath   = "/feeds/all.rss"
	// serveParas sizes the stories so that the 50-story feed is ~100 KB.
	serveParas = 1
)

// servePath is one request shape measured under wrk against both servers.
type servePath struct {
	name   string
	status int
	gzip   bool
	inm    bool // send the server's own ETag in If-None-Match
}

var servePaths = []servePath{
	{name: "200 full feed", status: http.StatusOK},
	{name: "304 revalidation", status: http.StatusNotModified, inm: true},
	{name: "200 gzip feed", status: http.StatusOK, gzip: true},
}

// target is one HTTP server under test, the processes that serve it and
// the ETags it gave the feed.
type target struct {
	name         string // wiredesk, nginx, net/http
	base         string // http://127.0.0.1:port
	path         string // feed path on that server
	pids         []int  // processes whose CPU is the server's
	etag, etagGz string
}

// benchServe compares the real wiredesk binary serving a cached 50-story
// feed with nginx serving the same bytes as a static file, under wrk, and
// with a bare net/http handler writing the same bytes from memory (the
// floor of any Go server, to tell net/http's cost from wiredesk's).
func benchServe(ctx context.Context, b *bench) error {
	skipAll := func(why string) error {
		for _, p := range servePaths {
			b.rep.Skip("serve", p.name, "ratio >= 0.8", why)
		}
		return nil
	}
	wrk, err := b.ensureTool(ctx, "wrk", "wrk")
	if err != nil {
		return skipAll("wrk unavailable: " + err.Error())
	}
	nginx, err := b.ensureTool(ctx, "nginx", "nginx")
	if err != nil {
		return skipAll("nginx unavailable: " + err.Error())
	}
	wd, stopWD, err := startWiredesk(ctx, b)
	if err != nil {
		return err
	}
	defer stopWD()
	body, err := fetch(ctx, wd.base+wd.path, nil, http.StatusOK)
	if err != nil {
		return err
	}
	gz, err := fetch(ctx, wd.base+wd.path, map[string]string{"Accept-Encoding": "gzip"}, http.StatusOK)
	if err != nil {
		return err
	}
	b.rep.Logf("   feed %s: %d KB, %d KB gzipped", feedPath, len(body)>>10, len(gz)>>10)
	ng, stopNG, err := startNginx(ctx, b, nginx, body, gz)
	if err != nil {
		return skipAll("nginx did not start: " + err.Error())
	}
	defer stopNG()
	plain, stopPlain, err := startPlainHTTP(ctx, b)
	if err != nil {
		return err
	}
	defer stopPlain()
	targets := []*target{wd, ng, plain}
	for _, t := range targets {
		if t.etag, t.etagGz, err = etags(ctx, t); err != nil {
			return err
		}
	}
	for _, p := range servePaths {
		runs := make([][]wrkRun, len(targets))
		for round := range b.opt.serveRounds {
			// Alternate, and rotate the order so that no server always
			// runs first after a pause or right after another's load.
			for i := range targets {
				k := (i + round) % len(targets)
				r, err := runWrk(ctx, b, wrk, targets[k], p)
				if err != nil {
					return err
				}
				runs[k] = append(runs[k], r)
			}
		}
		addServeFigures(b, p, runs, len(body), len(gz))
	}
	return nil
}

// addServeFigures reports one request shape: the request rate against
// nginx's (the target), and requests per CPU second of the server process
// alone, which wrk's own share of the two cores does not pull towards 1.
func addServeFigures(b *bench, p servePath, runs [][]wrkRun, body, gz int) {
	wd, ng, plain := runs[0], runs[1], runs[2]
	rate := func(rs []wrkRun) float64 { return medianF(mapF(rs, wrkRun.rate)) }
	perCPU := func(rs []wrkRun) float64 { return medianF(mapF(rs, wrkRun.perServerCPU)) }
	var roundRatios, others []float64
	for i := range wd {
		roundRatios = append(roundRatios, wd[i].rate()/ng[i].rate())
	}
	for _, rs := range runs {
		others = append(others, mapF(rs, func(r wrkRun) float64 { return r.othersShare })...)
	}
	noisy := medianF(others) > noisyShare
	env := fmt.Sprintf("other processes used %.0f%% of the CPUs during the rounds (median; %.0f–%.0f%%)",
		100*medianF(others), 100*slices.Min(others), 100*slices.Max(others))
	w, n := rate(wd), rate(ng)
	b.rep.Add(Figure{Group: "serve", Name: p.name, Value: w, Unit: "req/s", BaseName: "nginx static",
		Baseline: n, Target: "ratio >= 0.8", Met: w >= 0.8*n, Noisy: noisy,
		Note: fmt.Sprintf("wrk -t2 -c%d -d%s on %s (%d KB identity, %d KB gzip), median of %d rounds, "+
			"wiredesk, nginx and a bare net/http handler alternating; round ratios %.2f–%.2f (median %.2f); "+
			"bare net/http %.0f req/s (%.2fx nginx); %s. wiredesk is the real binary (serve); nginx 1 master + 2 workers "+
			"(reuseport), sendfile, etag, gzip_static, access_log off; wrk and the server share the two cores.",
			serveConns, b.opt.wrkDuration, feedPath, body>>10, gz>>10, len(wd),
			slices.Min(roundRatios), slices.Max(roundRatios), medianF(roundRatios), rate(plain), rate(plain)/n, env)})
	wc, nc, pc := perCPU(wd), perCPU(ng), perCPU(plain)
	b.rep.Add(Figure{Group: "serve", Name: p.name + " per server CPU", Value: wc, Unit: "req/CPU-s",
		BaseName: "nginx static", Baseline: nc, Noisy: noisy,
		Note: fmt.Sprintf("requests served per CPU second of the server's own processes (/proc/PID/stat, nginx's workers "+
			"included) in the same rounds: %.1f µs per request for wiredesk, %.1f for nginx, %.1f for bare net/http "+
			"(%.2fx nginx). wrk's CPU is not in it, so this ratio is not pulled towards 1 by the load generator's share.",
			1e6/wc, 1e6/nc, 1e6/pc, pc/nc)})
}

func mapF[T any](xs []T, f func(T) float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// startWiredesk polls one 50-story loopback feed into a fresh database
// with the real binary, then runs "wiredesk serve" on it.
func startWiredesk(ctx context.Context, b *bench) (*target, func(), error) {
	bin, err := b.wiredeskBinary(ctx)
	if err != nil {
		return nil, nil, err
	}
	up, err := startUpstream(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer up.Close()
	up.Set("/wire.rss", wireFeed(0, 0, 50, serveParas))
	dir := b.path("serve")
	if err := mkdir(dir); err != nil {
		return nil, nil, err
	}
	cfgPath, dbPath := dir+"/sources.yaml", dir+"/wiredesk.db"
	srcs := []benchSource{{Name: "Wire", URL: up.URL("/wire.rss"), Category: "world"}}
	if _, err := writeConfig(cfgPath, configYAML(fetchSettings{Concurrency: 4, PerHost: 4}, "", srcs)); err != nil {
		return nil, nil, err
	}
	if _, err := runChild(ctx, dir+"/poll.log", bin, "poll", "--once", "--config", cfgPath, "--db", dbPath); err != nil {
		return nil, nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	pid, stopCmd, err := startDaemonPID(ctx, dir+"/serve.log", bin, "serve", "--config", cfgPath, "--db", dbPath,
		"--addr", fmt.Sprintf("127.0.0.1:%d", port), "--admin-addr", "off", "--log-level", "warn")
	if err != nil {
		return nil, nil, err
	}
	stop := func() {
		if err := stopCmd(); err != nil {
			b.rep.Logf("   %v", err)
		}
	}
	t := &target{name: "wiredesk", base: fmt.Sprintf("http://127.0.0.1:%d", port), path: feedPath, pids: []int{pid}}
	if _, err := waitFor(ctx, t.base+t.path, 30*time.Second); err != nil {
		stop()
		return nil, nil, fmt.Errorf("wiredesk serve: %w (log in %s/serve.log)", err, dir)
	}
	return t, stop, nil
}

// startNginx serves body (and its gzip variant) as a static file.
func startNginx(ctx context.Context, b *bench, nginx string, body, gz []byte) (*target, func(), error) {
	dir := b.path("nginx")
	if err := mkdir(dir + "/www"); err != nil {
		return nil, nil, err
	}
	if err := os.WriteFile(dir+"/www/all.rss", body, 0o644); err != nil {
		return nil, nil, fmt.Errorf("nginx root: %w", err)
	}
	if err := os.WriteFile(dir+"/www/all.rss.gz", gz, 0o644); err != nil {
		return nil, nil, fmt.Errorf("nginx root: %w", err)
	}
	port, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	conf := fmt.Sprintf(`daemon off;
master_process on;
worker_processes 2;
user root;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { application/rss+xml rss; }
  default_type application/octet-stream;
  client_body_temp_path %[1]s/tmp-body;
  proxy_temp_path %[1]s/tmp-proxy;
  fastcgi_temp_path %[1]s/tmp-fastcgi;
  uwsgi_temp_path %[1]s/tmp-uwsgi;
  scgi_temp_path %[1]s/tmp-scgi;
  server {
    # reuseport: a listening socket per worker, so that the kernel spreads
    # wrk's connections over both workers; with one shared socket, one
    # worker could accept them all and nginx ran on one core.
    listen 127.0.0.1:%[2]d reuseport;
    root %[1]s/www;
    etag on;
    gzip_static on;
    gzip_vary on;
    location / { }
  }
}
`, dir, port)
	if err := os.WriteFile(dir+"/nginx.conf", []byte(conf), 0o644); err != nil {
		return nil, nil, fmt.Errorf("nginx.conf: %w", err)
	}
	pid, stopCmd, err := startDaemonPID(ctx, dir+"/nginx.log", nginx, "-p", dir, "-c", dir+"/nginx.conf", "-e", dir+"/error.log")
	if err != nil {
		return nil, nil, err
	}
	stop := func() {
		if err := stopCmd(); err != nil {
			b.rep.Logf("   %v", err)
		}
	}
	t := &target{name: "nginx", base: fmt.Sprintf("http://127.0.0.1:%d", port), path: "/all.rss"}
	if _, err := waitFor(ctx, t.base+t.path, 10*time.Second); err != nil {
		stop()
		return nil, nil, fmt.Errorf("%w (see %s/error.log)", err, dir)
	}
	if t.pids, err = withChildren(pid); err != nil || len(t.pids) != 3 {
		stop()
		return nil, nil, fmt.Errorf("nginx processes %v, want a master and 2 workers: %w", t.pids, err)
	}
	return t, stop, nil
}

// startPlainHTTP runs "bench plainhttp" on the bytes startNginx wrote.
func startPlainHTTP(ctx context.Context, b *bench) (*target, func(), error) {
	port, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	pid, stopCmd, err := startDaemonPID(ctx, b.path("plainhttp.log"), b.self, "plainhttp",
		"-addr", "127.0.0.1:"+strconv.Itoa(port), "-dir", b.path("nginx", "www"))
	if err != nil {
		return nil, nil, err
	}
	stop := func() {
		if err := stopCmd(); err != nil {
			b.rep.Logf("   %v", err)
		}
	}
	t := &target{name: "net/http", base: fmt.Sprintf("http://127.0.0.1:%d", port), path: "/all.rss", pids: []int{pid}}
	if _, err := waitFor(ctx, t.base+t.path, 10*time.Second); err != nil {
		stop()
		return nil, nil, fmt.Errorf("bare net/http server: %w (see %s)", err, b.path("plainhttp.log"))
	}
	return t, stop, nil
}
