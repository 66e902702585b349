package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// etags returns the identity and gzip ETags t gives its feed.
func etags(ctx context.Context, t *target) (string, string, error) {
	var tags [2]string
	for i, ae := range []string{"identity", "gzip"} {
		req, err := http.NewRequestWithContext(ctx, http.MethodHead, t.base+t.path, nil)
		if err != nil {
			return "", "", fmt.Errorf("etag request: %w", err)
		}
		req.Header.Set("Accept-Encoding", ae)
		resp, err := noGzipClient.Do(req)
		if err != nil {
			return "", "", fmt.Errorf("HEAD %s: %w", t.base+t.path, err)
		}
		resp.Body.Close()
		if tags[i] = resp.Header.Get("ETag"); tags[i] == "" {
			return "", "", fmt.Errorf("HEAD %s: no ETag", t.base+t.path)
		}
	}
	return tags[0], tags[1], nil
}

// noGzipClient sends Accept-Encoding only when the caller sets it.
var noGzipClient = &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 10 * time.Second}

// fetch GETs url with headers, checks the status and returns the body.
func fetch(ctx context.Context, url string, headers map[string]string, want int) ([]byte, error) {
	return fetchWith(ctx, noGzipClient, url, headers, want)
}

// fetchWith is fetch with a client of the caller's choosing.
func fetchWith(ctx context.Context, c *http.Client, url string, headers map[string]string, want int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("request %s: %w", url, err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if resp.StatusCode != want {
		return nil, fmt.Errorf("GET %s %v: status %d, want %d", url, headers, resp.StatusCode, want)
	}
	if headers["Accept-Encoding"] == "gzip" && resp.Header.Get("Content-Encoding") != "gzip" {
		return nil, fmt.Errorf("GET %s: gzip asked, got Content-Encoding %q", url, resp.Header.Get("Content-Encoding"))
	}
	return body, nil
}

var (
	wrkRate     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkRequests = regexp.MustCompile(`([0-9]+) requests in`)
	wrkBad      = regexp.MustCompile(`Non-2xx or 3xx responses:\s+([0-9]+)`)
)

// wrkRun is one wrk run against one server and what the machine did
// meanwhile.
type wrkRun struct {
	reqPerSec   float64
	requests    int64
	serverCPU   time.Duration // the server's processes
	wrkCPU      time.Duration
	othersShare float64 // CPU used by every other process, over the machine's CPUs × wall time
}

func (r wrkRun) rate() float64 { return r.reqPerSec }

// perServerCPU is requests per CPU second of the server.
func (r wrkRun) perServerCPU() float64 {
	return float64(r.requests) / r.serverCPU.Seconds()
}

// runWrk checks one request of shape p against t, then loads t with wrk
// and returns its rate and the CPU that t, wrk and everything else used.
func runWrk(ctx context.Context, b *bench, wrk string, t *target, p servePath) (wrkRun, error) {
	headers := map[string]string{}
	if p.gzip {
		headers["Accept-Encoding"] = "gzip"
	}
	if p.inm {
		headers["If-None-Match"] = t.etag
	}
	if _, err := fetch(ctx, t.base+t.path, headers, p.status); err != nil {
		return wrkRun{}, fmt.Errorf("%s %s: %w", t.name, p.name, err)
	}
	args := []string{"-t2", fmt.Sprintf("-c%d", serveConns), fmt.Sprintf("-d%s", b.opt.wrkDuration)}
	keys := make([]string, 0, len(headers))
	for k := range headers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		args = append(args, "-H", k+": "+headers[k])
	}
	args = append(args, t.base+t.path)
	busy0, err := machineBusy()
	if err != nil {
		return wrkRun{}, err
	}
	srv0, err := processCPU(t.pids)
	if err != nil {
		return wrkRun{}, err
	}
	self0, start := cpuSelf(), time.Now()
	cmd := exec.CommandContext(ctx, wrk, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return wrkRun{}, fmt.Errorf("wrk %s: %w: %s", strings.Join(args, " "), err, out)
	}
	wall, self := time.Since(start), cpuSelf()-self0
	busy1, err := machineBusy()
	if err != nil {
		return wrkRun{}, err
	}
	srv1, err := processCPU(t.pids)
	if err != nil {
		return wrkRun{}, err
	}
	if m := wrkBad.FindSubmatch(out); m != nil {
		return wrkRun{}, fmt.Errorf("wrk %s: %s unexpected responses:\n%s", t.base, m[1], out)
	}
	r := wrkRun{serverCPU: srv1 - srv0, wrkCPU: childUsage(cmd, wall).CPU}
	m, n := wrkRate.FindSubmatch(out), wrkRequests.FindSubmatch(out)
	if m == nil || n == nil {
		return wrkRun{}, fmt.Errorf("wrk output has no Requests/sec or request count:\n%s", out)
	}
	if r.reqPerSec, err = strconv.ParseFloat(string(m[1]), 64); err != nil {
		return wrkRun{}, fmt.Errorf("wrk rate %q: %w", m[1], err)
	}
	if r.requests, err = strconv.ParseInt(string(n[1]), 10, 64); err != nil {
		return wrkRun{}, fmt.Errorf("wrk request count %q: %w", n[1], err)
	}
	others := busy1 - busy0 - r.serverCPU - r.wrkCPU - self
	r.othersShare = max(0, others.Seconds()/(wall.Seconds()*float64(runtime.NumCPU())))
	return r, nil
}

// medianF returns the middle of xs (the upper middle for an even count).
func medianF(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
