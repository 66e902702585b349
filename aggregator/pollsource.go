package aggregator

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/source"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// pollSource fetches, processes and saves one source, and records the
// outcome as the source's state. Errors are data: they are returned in
// the Result and stored for /status, never panicked or dropped; a failure
// is also logged at warn level unless logFailure is false, which leaves
// reporting it to the caller (it has it in the Result).
func (p *Poller) pollSource(ctx context.Context, src config.Source, logFailure bool) Result {
	start := p.now()
	p.mu.Lock()
	id := p.ids[src.URL]
	prev := p.state[id]
	cfg := p.cfg
	tg := p.tagger
	p.running[id] = true
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.running, id)
		p.mu.Unlock()
	}()

	res := Result{Source: src}
	if id == 0 {
		res.Outcome, res.Err = OutcomeError, fmt.Errorf("source %q (%s): not registered", src.Name, src.URL)
		return res
	}
	f, err := p.process(ctx, cfg, tg, src, prev, start)
	if err != nil && ctx.Err() != nil {
		// Interrupted by shutdown: not the source's fault, so neither a
		// failure to count nor a state to record.
		res.Outcome, res.Err = OutcomeSkipped, fmt.Errorf("source %q: %w", src.Name, ctx.Err())
		return res
	}
	if err != nil {
		res.Err = err
	}
	sum, saveErr := p.save(ctx, f)
	if saveErr != nil {
		// The fetch's items are lost with the rolled-back transaction;
		// record the failure so the source backs off and shows it.
		err = fmt.Errorf("source %q (%s): save: %w", src.Name, src.URL, saveErr)
		res.Err = err
		f.State.LastError = err.Error()
		f.State.ConsecutiveFailures = prev.ConsecutiveFailures + 1
		f.State.NextFetchAt, f.State.NextFetchWhy = nextFetchWhy(scheduleInput{Now: start, Base: interval(cfg, src), Failures: f.State.ConsecutiveFailures, Rand: rand.Float64})
		// The validators of the document that was not stored would make
		// the retry a 304 and lose its stories: keep the stored ones.
		f.State.ETag, f.State.LastModified = prev.ETag, prev.LastModified
		f.Items = nil
		if _, err2 := p.store.SaveFetch(ctx, f); err2 != nil {
			p.log.Error("record fetch state", "source", src.Name, "url", src.DisplayURL(), "err", err2)
		}
	}
	p.mu.Lock()
	p.state[id] = f.State
	p.mu.Unlock()

	res.Status = f.State.LastStatus
	res.Summary = sum
	res.Duration = p.now().Sub(start)
	res.Next = f.State.NextFetchAt
	switch {
	case res.Err != nil:
		res.Outcome = OutcomeError
	case sum.New > 0:
		res.Outcome = OutcomeNew
	case sum.Updated > 0:
		res.Outcome = OutcomeUpdated
	default:
		res.Outcome = OutcomeUnchanged
	}
	p.metrics.observe(res)
	if saveErr == nil && p.metrics != nil && sum.New > 0 {
		changed := make(map[string]bool, len(sum.Items))
		for _, id := range sum.Items {
			changed[id] = true
		}
		for _, it := range f.Items {
			if changed[it.ID] && it.DuplicateOf == "" && !it.PublishedAt.After(start) {
				p.metrics.observeDelay(start.Sub(it.PublishedAt))
			}
			if changed[it.ID] && isTruncated(&it) {
				p.metrics.observeTruncated()
			}
		}
	}
	attrs := []any{"source", src.Name, "url", src.DisplayURL(), "status", res.Status,
		"items_new", sum.New, "items_updated", sum.Updated, "items_dup", sum.Duplicates,
		"duration_ms", res.Duration.Milliseconds()}
	switch {
	case res.Err != nil && logFailure:
		p.log.Warn("poll failed", append(attrs, "err", res.Err)...)
	case res.Err != nil:
		p.log.Debug("poll failed", append(attrs, "err", res.Err)...)
	default:
		p.log.Debug("polled", attrs...)
	}
	if saveErr == nil && len(sum.Categories) > 0 && p.OnChange != nil {
		p.OnChange(ctx, sum)
	}
	return res
}

// process runs fetch → parse → normalize → tag → sign for one source and
// returns the fetch to save. On failure the returned fetch carries only
// the source's new state (error, backoff) and the error is returned too.
func (p *Poller) process(ctx context.Context, cfg *config.Config, tg *tagger, src config.Source, prev story.SourceState, now time.Time) (story.Fetch, error) {
	st := prev
	st.URL, st.Name, st.Agency = src.URL, src.Name, src.Agency
	st.LastFetchAt = now
	f := story.Fetch{SourceID: prev.ID, Window: cfg.Dedupe.Window}
	if p.dedupe != nil {
		f.Match = p.dedupe.Match
	}
	sched := scheduleInput{Now: now, Base: cfg.Fetch.Interval, Pinned: src.Interval, Rand: rand.Float64}

	fail := func(status int, err error) (story.Fetch, error) {
		st.LastStatus = status
		st.LastError = err.Error()
		st.ConsecutiveFailures = prev.ConsecutiveFailures + 1
		sched.Failures = st.ConsecutiveFailures
		var fe *fetch.Error
		if errors.As(err, &fe) {
			sched.RetryAfter = fe.RetryAfter
			if fe.Kind == fetch.KindGone {
				st.Gone = true
			}
		}
		st.NextFetchAt, st.NextFetchWhy = nextFetchWhy(sched)
		f.State = st
		return f, err
	}

	kind, err := kindOf(src)
	if err != nil {
		return fail(0, err)
	}
	p.mu.Lock()
	fetcher := p.fetcher
	p.mu.Unlock()
	resp, err := kind.Fetch(ctx, fetcher, fetch.Request{URL: src.URL, ETag: prev.ETag, LastModified: prev.LastModified})
	if err != nil {
		status := 0
		var fe *fetch.Error
		if errors.As(err, &fe) {
			status = fe.Status
		}
		// fetch.Error names the URL and status already.
		return fail(status, fmt.Errorf("source %q: %w", src.Name, err))
	}
	// The body's bytes count against the poll's budget until its stories
	// are normalized.
	defer resp.Release()
	st.LastStatus = resp.Status
	sched.RetryAfter = resp.RetryAfter
	st.PermanentURL = resp.PermanentURL
	sched.FreshFor = resp.FreshFor
	if !resp.NotModified {
		doc, err := kind.Parse(resp)
		if err != nil {
			return fail(resp.Status, fmt.Errorf("source %q (%s): %w", src.Name, src.URL, err))
		}
		st.ETag, st.LastModified = resp.ETag, resp.LastModified
		st.FeedTitle, st.FeedLink = FeedTitle(doc), feedLink(doc)
		sched.FeedTTL = doc.TTL
		if len(doc.Entries) > maxItemsPerFetch {
			p.log.Info("feed truncated to its newest stories", "source", src.Name, "url", src.DisplayURL(),
				"items", len(doc.Entries), "kept", maxItemsPerFetch)
			doc.Entries = newestEntries(doc.Entries, maxItemsPerFetch)
		}
		var texts []string // each story's plain text, read while sanitizing
		f.Items, texts = p.norm.itemsText(doc, src, now)
		times := make([]time.Time, 0, len(f.Items))
		for i := range f.Items {
			it := &f.Items[i]
			text := texts[i]
			tg.tagText(it, src, text)
			if p.dedupe != nil {
				p.dedupe.Sign(it, text)
			}
			times = append(times, it.PublishedAt)
		}
		if gap := meanGap(times); gap > 0 || st.MeanGap == 0 {
			st.MeanGap = gap
		}
		sched.MeanGap = max(st.MeanGap, 0)
	} else {
		// 304: nothing new, so the publishing rate is the one measured at
		// the last 200 and saved with the state; the validators stay (RFC
		// 9110 §15.4.5). Without one (fewer than three dated stories in the
		// document, or a database from an older release) it is read from
		// the stored stories, once.
		if st.MeanGap == 0 {
			times, err := p.store.LatestPublished(ctx, prev.ID, 20)
			if err != nil {
				return fail(resp.Status, fmt.Errorf("source %q: publishing rate: %w", src.Name, err))
			}
			st.MeanGap = meanGap(times)
			if st.MeanGap == 0 {
				st.MeanGap = unmeasurable
			}
		}
		sched.MeanGap = max(st.MeanGap, 0)
	}
	st.LastError = ""
	st.ConsecutiveFailures = 0
	st.LastSuccessAt = now
	st.NextFetchAt, st.NextFetchWhy = nextFetchWhy(sched)
	f.State = st
	return f, nil
}

// unmeasurable is the saved publishing gap of a source with too few dated
// stories to measure one: the fixed interval applies, and a 304 does not
// look again until the next 200.
const unmeasurable = -time.Nanosecond

func interval(cfg *config.Config, src config.Source) time.Duration {
	if src.Interval > 0 {
		return src.Interval
	}
	return cfg.Fetch.Interval
}

// maxItemsPerFetch bounds the stories taken from one document. A wire's
// feed carries its latest dozens of stories; a document of thousands is an
// archive dump or an attack, and processing it whole would hold the single
// store writer for seconds while every other source waits.
const maxItemsPerFetch = 1000

// newestEntries keeps the n most recently published entries, in document
// order; undated entries count as oldest.
func newestEntries(items []source.Entry, n int) []source.Entry {
	when := func(it *source.Entry) time.Time {
		if !it.Published.IsZero() {
			return it.Published
		}
		return it.Updated
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return when(&items[idx[a]]).After(when(&items[idx[b]])) })
	keep := idx[:n]
	sort.Ints(keep)
	out := make([]source.Entry, n)
	for i, k := range keep {
		out[i] = items[k]
	}
	return out
}
