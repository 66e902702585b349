package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"
)

const (
	serveConns  = 32
	serveRounds = 3
	feedPath    = "/feeds/all.rss"
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

// target is one HTTP server under test and the ETags it gave the feed.
type target struct {
	base         string // http://127.0.0.1:port
	path         string // feed path on that server
	etag, etagGz string
}

// benchServe compares the real wiredesk binary serving a cached 50-story
// feed with nginx serving the same bytes as a static file, under wrk.
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
	if wd.etag, wd.etagGz, err = etags(ctx, wd); err != nil {
		return err
	}
	b.rep.Logf("   feed %s: %d KB, %d KB gzipped", feedPath, len(body)>>10, len(gz)>>10)
	ng, stopNG, err := startNginx(ctx, b, nginx, body, gz)
	if err != nil {
		return skipAll("nginx did not start: " + err.Error())
	}
	defer stopNG()
	if ng.etag, ng.etagGz, err = etags(ctx, ng); err != nil {
		return err
	}
	for _, p := range servePaths {
		var ws, ns []float64
		for range serveRounds {
			w, err := runWrk(ctx, b, wrk, wd, p)
			if err != nil {
				return err
			}
			n, err := runWrk(ctx, b, wrk, ng, p)
			if err != nil {
				return err
			}
			ws, ns = append(ws, w), append(ns, n)
		}
		w, n := medianF(ws), medianF(ns)
		b.rep.Add(Figure{Group: "serve", Name: p.name, Value: w, Unit: "req/s", BaseName: "nginx static",
			Baseline: n, Target: "ratio >= 0.8", Met: w >= 0.8*n,
			Note: fmt.Sprintf("wrk -t2 -c%d -d%s on %s (%d KB identity, %d KB gzip), median of %d alternating rounds; "+
				"wiredesk is the real binary (serve); nginx 1 master + 2 workers, etag on, gzip_static on, "+
				"access_log off; wrk and the server share the same cores on both sides.",
				serveConns, b.opt.wrkDuration, feedPath, len(body)>>10, len(gz)>>10, serveRounds)})
	}
	return nil
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
	stopCmd, err := startDaemon(ctx, dir+"/serve.log", bin, "serve", "--config", cfgPath, "--db", dbPath,
		"--addr", fmt.Sprintf("127.0.0.1:%d", port), "--log-level", "warn")
	if err != nil {
		return nil, nil, err
	}
	stop := func() {
		if err := stopCmd(); err != nil {
			b.rep.Logf("   %v", err)
		}
	}
	t := &target{base: fmt.Sprintf("http://127.0.0.1:%d", port), path: feedPath}
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
    listen 127.0.0.1:%[2]d;
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
	stopCmd, err := startDaemon(ctx, dir+"/nginx.log", nginx, "-p", dir, "-c", dir+"/nginx.conf", "-e", dir+"/error.log")
	if err != nil {
		return nil, nil, err
	}
	stop := func() {
		if err := stopCmd(); err != nil {
			b.rep.Logf("   %v", err)
		}
	}
	t := &target{base: fmt.Sprintf("http://127.0.0.1:%d", port), path: "/all.rss"}
	if _, err := waitFor(ctx, t.base+t.path, 10*time.Second); err != nil {
		stop()
		return nil, nil, fmt.Errorf("%w (see %s/error.log)", err, dir)
	}
	return t, stop, nil
}
