package desk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher"
)

// LoadConfig is config.Load with the checks of names that other packages
// own (the publisher's output formats): what every command and the
// reloader load a configuration file with.
func LoadConfig(path string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	if err := publisher.CheckConfig(cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Poller is the aggregator as the reloader drives it; *aggregator.Poller
// satisfies it.
type Poller interface {
	// Reload switches the poller to cfg, or refuses it with an error.
	Reload(ctx context.Context, cfg *config.Config) error
}

// errEmptied refuses a reload of a file with no sources and no
// categories: what an editor's truncate-then-write looks like when read in
// between, or a file emptied by mistake. Put in force it would take every
// feed and page off the site; a desk that really is to run empty is
// started so.
var errEmptied = errors.New("no sources and no categories: an emptied or half-written file is not put in force " +
	"(restart wiredesk to run without any)")

// reloadDebounce lets an editor's write, rename and chmod of one save
// land before the file is read.
const reloadDebounce = 150 * time.Millisecond

// reloadPoll is how often Watch also compares the file's size, mode and
// modification time with the last it saw: a safety net for a change whose
// fsnotify event never came (the watch could not be set up because the
// host's inotify instances ran out, its queue overflowed, or the file
// lives on a network file system).
const reloadPoll = 2 * time.Second

// Reloader applies edits of the config file (fsnotify) and SIGHUP without
// a restart; an invalid edit keeps the running config and is reported by
// Err (on /status).
type Reloader struct {
	path   string
	poller Poller
	pub    Renderer
	log    *slog.Logger
	// Load reads the file (default LoadConfig).
	Load func(path string) (*config.Config, error)
	// Loaded, when set, is called with each configuration put in force
	// (the log's redactor follows its secrets).
	Loaded func(*config.Config)
	// noNotify makes Watch rely on its periodic check alone (tests).
	noNotify bool

	mu  sync.Mutex
	err error
}

// NewReloader returns a Reloader of the file at path.
func NewReloader(path string, poller Poller, pub Renderer, log *slog.Logger) *Reloader {
	return &Reloader{path: path, poller: poller, pub: pub, log: log, Load: LoadConfig}
}

// Err returns the error of the last reload attempt, or nil.
func (r *Reloader) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Watch reloads on SIGHUP and on changes of the file until ctx ends. It
// watches the file's directory: editors replace files by rename.
func (r *Reloader) Watch(ctx context.Context) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	var events chan fsnotify.Event
	w, err := fsnotify.NewWatcher()
	if r.noNotify {
		if err == nil {
			w.Close()
		}
		err = errors.New("disabled")
	}
	if err != nil {
		r.log.Warn("config watch unavailable; SIGHUP still reloads", "err", err)
	} else {
		defer w.Close()
		if err := w.Add(filepath.Dir(r.path)); err != nil {
			r.log.Warn("config watch unavailable; SIGHUP still reloads", "err", err)
		} else {
			events = w.Events
		}
	}
	abs, err := filepath.Abs(r.path)
	if err != nil {
		r.log.Warn("config watch unavailable; SIGHUP still reloads", "err", err)
		events = nil
	}
	var debounce <-chan time.Time
	poll := time.NewTicker(reloadPoll)
	defer poll.Stop()
	seen := fileStamp(r.path)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			r.Reload(ctx, "SIGHUP")
		case <-poll.C:
			// A change is read after the debounce, like a notified
			// one: the check may fall between a writer's truncate and
			// its write.
			if now := fileStamp(r.path); now != seen && debounce == nil {
				debounce = time.After(reloadDebounce)
			}
		case ev := <-events:
			if p, err := filepath.Abs(ev.Name); err == nil && p == abs && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename) != 0 {
				debounce = time.After(reloadDebounce)
			}
		case <-debounce:
			debounce = nil
			seen = fileStamp(r.path)
			r.Reload(ctx, "file changed")
		}
	}
}

// stamp is what Watch's periodic check compares: a rewrite or a rename
// over the file changes its size, mode or modification time.
type stamp struct {
	size  int64
	mode  os.FileMode
	mtime time.Time
	ok    bool
}

// fileStamp returns path's stamp, following symlinks; a file that cannot
// be read stats as the zero stamp.
func fileStamp(path string) stamp {
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{}
	}
	return stamp{size: fi.Size(), mode: fi.Mode(), mtime: fi.ModTime(), ok: true}
}

// Reload reads the file and puts it in force: the poller first, which
// refuses what it cannot apply, then the publisher, which re-renders
// everything. why is logged.
func (r *Reloader) Reload(ctx context.Context, why string) {
	cfg, err := r.Load(r.path)
	if err == nil && len(cfg.Sources) == 0 && len(cfg.Categories) == 0 {
		err = fmt.Errorf("%s: %w", r.path, errEmptied)
	}
	if err == nil {
		err = r.poller.Reload(ctx, cfg)
	}
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
	if err != nil {
		r.log.Error("config reload failed; keeping the running config", "reason", why, "err", err)
		return
	}
	if r.Loaded != nil {
		r.Loaded(cfg)
	}
	if err := r.pub.Reconfigure(ctx, cfg); err != nil {
		r.log.Error("render feeds after reload", "err", err)
	}
	r.log.Info("config reloaded", "reason", why, "sources", len(cfg.Sources), "categories", len(cfg.Categories))
}
