package websub

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// BenchmarkFanOut measures what one commit that changes a topic costs with
// 0 and 1,000 subscribers on loopback (16 subscriber servers, so 16
// callback hosts, each bounded to PerHost deliveries in flight): one op is
// a commit (SaveFetch of one story, Mark, Published) and, with
// subscribers, the delivery of the topic's feed (a 60 KB document) to
// every one of them. Reported: commit-µs/op, the synchronous part the
// poller waits for; cpu-ms/op, the process CPU of the whole op (hub
// deliveries and the subscriber servers included: on loopback they share
// the machine); p50-ms and p99-ms, from the commit to each subscriber's
// receipt, over all deliveries of the run. A real server adds its render
// (the rebuilder's 200 ms debounce and the feed's render) before the hub
// is told.
//
//	go test ./publisher/websub -run '^$' -bench FanOut -benchtime 20x
func BenchmarkFanOut(b *testing.B) {
	for _, n := range []int{0, 1000} {
		b.Run(fmt.Sprintf("subscribers=%d", n), func(b *testing.B) { benchFanOut(b, n) })
	}
}

func benchFanOut(b *testing.B, subscribers int) {
	ctx := context.Background()
	s := newSite(&testing.T{}, b.TempDir()+"/w.db")
	body := strings.Repeat("<entry>story text &amp; markup</entry>\n", 60<<10/40)
	var committed atomic.Int64 // UnixNano of the last commit
	var got atomic.Int64
	var mu sync.Mutex
	var delays []time.Duration
	var urls []string
	for range 16 {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, err := io.Copy(io.Discard, r.Body); err != nil {
				b.Error(err)
			}
			d := time.Duration(time.Now().UnixNano() - committed.Load())
			mu.Lock()
			delays = append(delays, d)
			mu.Unlock()
			got.Add(1)
			w.WriteHeader(http.StatusNoContent)
		}))
		b.Cleanup(srv.Close)
		urls = append(urls, srv.URL)
	}
	for i := range subscribers {
		if _, err := s.db.SaveSubscription(ctx, store.Subscription{Topic: topic,
			Callback: fmt.Sprintf("%s/cb/%d", urls[i%len(urls)], i), LeaseUntil: clock.Now().Add(time.Hour)}); err != nil {
			b.Fatal(err)
		}
	}
	h := New(Options{Store: s.db, Topics: s, URL: "https://desk.example/hub",
		Client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: DefaultPerHost}, Timeout: 10 * time.Second}})
	if err := h.Load(ctx); err != nil {
		b.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { h.Run(runCtx); close(done) }()
	defer func() { cancel(); <-done }()

	var commitTime time.Duration
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		committed.Store(start.UnixNano())
		id := fmt.Sprintf("bench-%d", i)
		it := story.Item{ID: id, Key: id, Title: id, PublishedAt: start.UTC(), Categories: []string{"world"}}
		if _, err := s.db.SaveFetch(ctx, story.Fetch{SourceID: s.src, Items: []story.Item{it}}); err != nil {
			b.Fatal(err)
		}
		heads, err := h.Mark(ctx, []string{"world", "all"})
		if err != nil {
			b.Fatal(err)
		}
		s.body.Store(body + id)
		h.Published(heads)
		commitTime += time.Since(start)
		want := int64(subscribers * (i + 1))
		for got.Load() < want {
			time.Sleep(time.Millisecond)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(commitTime.Microseconds())/float64(b.N), "commit-µs/op")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	if len(delays) > 0 {
		slices.Sort(delays)
		b.ReportMetric(float64(delays[len(delays)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(delays[len(delays)*99/100].Microseconds())/1000, "p99-ms")
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
