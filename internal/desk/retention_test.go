package desk

import (
	"context"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/clock"
)

// fakePruner records the horizon it was given and prunes n stories.
type fakePruner struct {
	n       int
	err     error
	horizon time.Time
	keep    int
}

func (p *fakePruner) Prune(_ context.Context, olderThan time.Time, keepLatest int) (int, error) {
	p.horizon, p.keep = olderThan, keepLatest
	return p.n, p.err
}

func TestRetentionOnce(t *testing.T) {
	now := clock.Now().UTC().Truncate(time.Second)
	cfg := &config.Config{Publish: config.Publish{Retention: 720 * time.Hour, MaxItems: 50}}
	for _, tc := range []struct {
		name     string
		n        int
		err      error
		goOn     bool
		rerender int
	}{
		{"pruned some", 3, nil, true, 1},
		{"nothing to prune", 0, nil, true, 0},
		{"store error", 0, errRender, true, 0},
		{"stopping", 0, context.Canceled, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, pub := &fakePruner{n: tc.n, err: tc.err}, &fakeRenderer{}
			r := &Retention{Store: st, Config: func() *config.Config { return cfg }, Pub: pub, Log: discard(), Now: func() time.Time { return now }}
			if got := r.Once(t.Context()); got != tc.goOn {
				t.Errorf("Once = %v, want %v", got, tc.goOn)
			}
			if !st.horizon.Equal(now.Add(-720*time.Hour)) || st.keep != 50 {
				t.Errorf("Prune(%v, %d)", st.horizon, st.keep)
			}
			if _, all, _ := pub.snapshot(); all != tc.rerender {
				t.Errorf("full renders %d, want %d", all, tc.rerender)
			}
		})
	}
}
