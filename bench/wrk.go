package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
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

var wrkRate = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
var wrkBad = regexp.MustCompile(`Non-2xx or 3xx responses:\s+([0-9]+)`)

// runWrk checks one request of shape p against t, then loads t with wrk
// and returns requests per second.
func runWrk(ctx context.Context, b *bench, wrk string, t *target, p servePath) (float64, error) {
	headers := map[string]string{}
	if p.gzip {
		headers["Accept-Encoding"] = "gzip"
	}
	if p.inm {
		headers["If-None-Match"] = t.etag
	}
	if _, err := fetch(ctx, t.base+t.path, headers, p.status); err != nil {
		return 0, fmt.Errorf("%s: %w", p.name, err)
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
	out, err := exec.CommandContext(ctx, wrk, args...).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("wrk %s: %w: %s", strings.Join(args, " "), err, out)
	}
	if m := wrkBad.FindSubmatch(out); m != nil {
		return 0, fmt.Errorf("wrk %s: %s unexpected responses:\n%s", t.base, m[1], out)
	}
	m := wrkRate.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("wrk output has no Requests/sec:\n%s", out)
	}
	rate, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		return 0, fmt.Errorf("wrk rate %q: %w", m[1], err)
	}
	return rate, nil
}

// medianF returns the middle of xs (the upper middle for an even count).
func medianF(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
