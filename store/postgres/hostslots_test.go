package postgres

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestHostSlotsHoldTheLimit: six nodes taking slots of one host as fast as
// they can never hold more than its limit at once, and every take is
// served in the end.
func TestHostSlotsHoldTheLimit(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	const nodes, takes, limit = 6, 15, 2
	var inFlight, most, served atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, nodes)
	for n := range nodes {
		wg.Go(func() {
			node := fmt.Sprintf("node-%d", n)
			for range takes {
				for {
					slot, ok, err := db.TakeHostSlot(ctx, "wire.example", node, limit, t0, time.Minute)
					if err != nil {
						errs <- err
						return
					}
					if !ok {
						time.Sleep(time.Millisecond)
						continue
					}
					cur := inFlight.Add(1)
					for m := most.Load(); cur > m && !most.CompareAndSwap(m, cur); m = most.Load() {
					}
					time.Sleep(500 * time.Microsecond)
					inFlight.Add(-1)
					if err := db.ReleaseHostSlot(ctx, "wire.example", slot, node); err != nil {
						errs <- err
						return
					}
					served.Add(1)
					break
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if m := most.Load(); m > limit || m < 1 {
		t.Errorf("%d slots of the host held at once, want at most %d", m, limit)
	}
	if s := served.Load(); s != nodes*takes {
		t.Errorf("%d takes served, want %d", s, nodes*takes)
	}
}

// TestHostSlotLeases: a slot held by a node that never releases it (it
// died) is free again once its lease ends; a late release by that node
// does not free the slot its successor holds; other hosts and a lower
// limit are apart.
func TestHostSlotLeases(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	take := func(node string, limit int, at time.Duration) (int, bool) {
		t.Helper()
		slot, ok, err := db.TakeHostSlot(ctx, "wire.example", node, limit, t0.Add(at), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return slot, ok
	}
	for want := range 2 {
		if slot, ok := take("dead", 2, 0); !ok || slot != want {
			t.Fatalf("take %d = slot %d, %v; want slot %d", want, slot, ok, want)
		}
	}
	if _, ok := take("b", 2, 30*time.Second); ok {
		t.Error("a third slot was given with a limit of 2")
	}
	if _, ok, err := db.TakeHostSlot(ctx, "other.example", "b", 2, t0, time.Minute); err != nil || !ok {
		t.Errorf("another host's slot = %v, %v; want it free", ok, err)
	}
	slot, ok := take("b", 2, 61*time.Second)
	if !ok {
		t.Fatal("the dead node's slot is still held after its lease ended")
	}
	if err := db.ReleaseHostSlot(ctx, "wire.example", slot, "dead"); err != nil {
		t.Fatal(err)
	}
	if s, ok := take("c", 1, 62*time.Second); ok {
		t.Errorf("node c got slot %d: the dead node's late release freed node b's slot", s)
	}
	if err := db.ReleaseHostSlot(ctx, "wire.example", slot, "b"); err != nil {
		t.Fatal(err)
	}
	if s, ok := take("c", 1, 62*time.Second); !ok || s != 0 {
		t.Errorf("after b's release, limit 1: slot %d, %v; want slot 0", s, ok)
	}
}

// BenchmarkHostSlot is what holding fetch.per_host across nodes adds to a
// fetch: one take and one release of a host slot (two statements), and
// for scale a claim and release of a source lease, which every fetch on
// a shared store already pays.
func BenchmarkHostSlot(b *testing.B) {
	ctx := context.Background()
	db := openTest(b)
	b.Run("take+release", func(b *testing.B) {
		for b.Loop() {
			slot, ok, err := db.TakeHostSlot(ctx, "wire.example", "node", 2, t0, time.Minute)
			if err != nil || !ok {
				b.Fatal(ok, err)
			}
			if err := db.ReleaseHostSlot(ctx, "wire.example", slot, "node"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("source claim+release", func(b *testing.B) {
		src := addSources(b, db, "https://a.example/")[0]
		for b.Loop() {
			c, err := db.Claim(ctx, src, "node", t0, time.Minute)
			if err != nil || !c.Granted {
				b.Fatal(c, err)
			}
			if err := db.Release(ctx, src, "node"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
