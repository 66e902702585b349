package main

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/wiredesk/wiredesk/config"
)

// secretBox holds the redactor of the configuration in force, for the log
// handler: a source URL's key or a partner token can reach a log line
// through an error message (a transport error quotes the URL it failed
// on), and no log line may carry one.
type secretBox struct {
	redact atomic.Pointer[func(string) string]
}

// set installs the redactor of cfg; a nil box ignores it.
func (b *secretBox) set(cfg *config.Config) {
	if b == nil || cfg == nil {
		return
	}
	r := cfg.Redactor()
	b.redact.Store(&r)
}

func (b *secretBox) get() func(string) string {
	if b == nil {
		return nil
	}
	if r := b.redact.Load(); r != nil {
		return *r
	}
	return nil
}

// redactHandler removes the configuration's secrets from every message
// and attribute before the next handler formats them.
type redactHandler struct {
	next slog.Handler
	box  *secretBox
}

func (h redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h redactHandler) Handle(ctx context.Context, r slog.Record) error {
	red := h.box.get()
	if red == nil {
		return h.next.Handle(ctx, r)
	}
	out := slog.NewRecord(r.Time, r.Level, red(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a, red))
		return true
	})
	return h.next.Handle(ctx, out)
}

// WithAttrs redacts with the secrets known now: the attributes are bound
// once, before any reload.
func (h redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	if red := h.box.get(); red != nil {
		for i := range as {
			as[i] = redactAttr(as[i], red)
		}
	}
	return redactHandler{next: h.next.WithAttrs(as), box: h.box}
}

func (h redactHandler) WithGroup(name string) slog.Handler {
	return redactHandler{next: h.next.WithGroup(name), box: h.box}
}

// redactAttr returns a with every string inside it redacted; errors and
// other values become their redacted text.
func redactAttr(a slog.Attr, red func(string) string) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, red(v.String()))
	case slog.KindGroup:
		g := v.Group()
		out := make([]slog.Attr, len(g))
		for i := range g {
			out[i] = redactAttr(g[i], red)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, red(x.Error()))
		case interface{ String() string }:
			return slog.String(a.Key, red(x.String()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
