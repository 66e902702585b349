//go:build linux

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/publisher"
)

// hostileServeBound is the peak resident memory (VmHWM) allowed to the
// serve process polling the five hostile sources of issue 12 together.
const hostileServeBound = 500 << 20

// TestServeHostileMemory runs the real binary (no -race) as "wiredesk
// serve" with the five hostile sources of issue 12 on one loopback
// upstream, each a document of about 10 MB (the default max_body): three
// stories of unclosed elements (<b>, <b><i>, <div>), one of 900,000 nested
// elements escaped in CDATA, one of 900,000 nested XML elements. All five
// are polled at once (per_host 16, default concurrency and budget); then
// every feed, the front and category pages and every story page are
// requested. The process's peak resident memory must stay under 500 MB,
// and every feed and page must stay within its bound. Issue 12, items 1-2.
func TestServeHostileMemory(t *testing.T) {
	docs := map[string][]byte{
		"/unclosed-b.rss":   upstreamtest.UnclosedTags(3_300_000, "<b>"),
		"/unclosed-bi.rss":  upstreamtest.UnclosedTags(1_600_000, "<b><i>"),
		"/unclosed-div.rss": upstreamtest.UnclosedTags(1_900_000, "<div>"),
		"/nested-html.rss":  upstreamtest.NestedEscaped(900_000),
		"/nested-xml.rss":   upstreamtest.NestedXML(900_000),
	}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", upstreamtest.RSSType)
		if _, err := w.Write(docs[r.URL.Path]); err != nil {
			t.Errorf("upstream %s: %v", r.URL.Path, err)
		}
	}))
	t.Cleanup(up.Close)
	dir := t.TempDir()
	var y strings.Builder
	y.WriteString("site: {base_url: http://desk.example}\nfetch: {allow_private: true, per_host: 16, timeout: 2m}\ncategories:\n  - slug: world\nsources:\n")
	for path := range docs {
		fmt.Fprintf(&y, "  - {name: %s, url: %q, category: world}\n", strings.TrimSuffix(path[1:], ".rss"), up.URL+path)
	}
	cfg := filepath.Join(dir, "sources.yaml")
	writeFile(t, cfg, y.String())

	bins := buildWiredesk(t)
	cmd := exec.Command(filepath.Join(bins, "wiredesk"), "serve", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0",
		"--config", cfg, "--db", filepath.Join(dir, "w.db"), "--log-level", "error")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	drained := make(chan struct{})
	t.Cleanup(func() {
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Errorf("stop serve: %v", err)
		}
		// Wait closes the pipe: every read from it must be over first
		// (os/exec), or the drain fails with "file already closed".
		<-drained
		if err := cmd.Wait(); err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	base, admin := hostileAddrs(t, stdout, drained)

	eventually2m(t, "every hostile source polled", func() (bool, string) {
		_, body := get(t, admin+"/status.json")
		var st publisher.Status
		if err := json.Unmarshal(body, &st); err != nil {
			return false, err.Error()
		}
		polled := 0
		for _, s := range st.Sources {
			if s.LastFetch != nil {
				polled++
			}
		}
		return polled == len(docs), fmt.Sprintf("%d of %d polled", polled, len(docs))
	})
	var ids []string
	eventually2m(t, "the hostile stories in /feeds/all.json", func() (bool, string) {
		_, body := get(t, base+"/feeds/all.json")
		var feed struct {
			Items []struct {
				URL string `json:"url"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &feed); err != nil {
			return false, err.Error()
		}
		ids = ids[:0]
		for _, it := range feed.Items {
			ids = append(ids, it.URL[strings.LastIndexByte(it.URL, '/')+1:])
		}
		return len(ids) >= 3, fmt.Sprintf("%d stories", len(ids))
	})
	largest := map[string]int{}
	for _, path := range []string{"/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/world.rss",
		"/feeds/world.atom", "/feeds/world.json", "/", "/c/world"} {
		_, body := get(t, base+path)
		largest["feed or listing"] = max(largest["feed or listing"], len(body))
		if len(body) > 6*publisher.MaxFeedStoryBytes {
			t.Errorf("%s weighs %d bytes", path, len(body))
		}
	}
	for _, id := range ids {
		_, body := get(t, base+"/a/"+id)
		largest["story page"] = max(largest["story page"], len(body))
		if len(body) > 1<<20 {
			t.Errorf("/a/%s weighs %d bytes", id, len(body))
		}
	}
	_, body := get(t, admin+"/status.json")
	var st publisher.Status
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatal(err)
	}
	for _, s := range st.Sources {
		t.Logf("%s: %s, %d stories, error %q", s.Name, s.State, s.Stories, s.LastError)
	}
	hwm := procStatusBytes(t, cmd.Process.Pid, "VmHWM")
	t.Logf("serve peak RSS (VmHWM) %d MB, now %d MB; largest feed or listing %d KB, story page %d KB",
		hwm>>20, procStatusBytes(t, cmd.Process.Pid, "VmRSS")>>20, largest["feed or listing"]>>10, largest["story page"]>>10)
	if hwm > hostileServeBound {
		t.Errorf("serve peaked at %d MB resident, bound %d MB", hwm>>20, hostileServeBound>>20)
	}
}

// hostileAddrs reads the public and operator base URLs serve prints.
// It closes drained once the rest of stdout has been read to its end.
func hostileAddrs(t *testing.T, stdout io.Reader, drained chan<- struct{}) (base, admin string) {
	t.Helper()
	addr := regexp.MustCompile(`serving on (http://\S+)`)
	adminAddr := regexp.MustCompile(`operator pages on (http://[^/\s]+)`)
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := adminAddr.FindStringSubmatch(sc.Text()); m != nil {
			admin = m[1]
		}
		if m := addr.FindStringSubmatch(sc.Text()); m != nil {
			go func() {
				defer close(drained)
				if _, err := io.Copy(io.Discard, stdout); err != nil {
					t.Errorf("drain stdout: %v", err)
				}
			}()
			return m[1], admin
		}
	}
	close(drained)
	t.Fatal("serve printed no address")
	return "", ""
}

// procStatusBytes reads a "kB" field of /proc/PID/status in bytes.
func procStatusBytes(t *testing.T, pid int, field string) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// eventually2m is eventually with room for polling fifty megabytes of
// hostile documents on a loaded machine.
func eventually2m(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	eventuallyWithin(t, 2*time.Minute, 100*time.Millisecond, what, cond)
}
