package publisher

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// ArchiveReader is what the RFC 5005 archive documents read; a Store that
// also implements it (a store.Store does) gets them.
type ArchiveReader interface {
	// PublishedBetween returns a category's live stories published in
	// [from, to), newest first.
	PublishedBetween(ctx context.Context, category string, from, to time.Time, limit int) ([]story.Item, error)
	// PublishedBefore returns when the newest story before t was
	// published, or the zero time.
	PublishedBefore(ctx context.Context, category string, t time.Time) (time.Time, error)
}

// ArchiveMaxStories bounds one archive document (one UTC day of one
// category); a busier day's archive holds its newest ArchiveMaxStories.
const ArchiveMaxStories = 2000

// archiveMaxAge is the cache lifetime of the archive of a settled day:
// RFC 5005 §4 archive documents do not change (only a withdrawal takes a
// story out of one).
const archiveMaxAge = 365 * 24 * time.Hour

// archiveSettle is how long after its end a day's archive keeps the
// feeds' cache lifetime before it is cached for archiveMaxAge: a story
// can land in a past day late (an agency's backdated pubDate, a poll
// after an outage), and a year-long cache would hide it from every reader
// behind a cache.
const archiveSettle = 7 * 24 * time.Hour

// archiveDay is the layout of the day in an archive URL.
const archiveDay = "2006-01-02"

// archiveURL is the archive document of one UTC day of a category:
// /feeds/{slug}/archive/{YYYY-MM-DD}.{ext}.
func archiveURL(cfg *config.Config, slug string, day time.Time, kind string) string {
	return baseURL(cfg) + "/feeds/" + url.PathEscape(slug) + "/archive/" + day.UTC().Format(archiveDay) + "." + kind
}

// withPrevArchive adds to a public subscription feed in an archive format the
// prev-archive link (RFC 5005 §4): the archive of the day of its oldest
// story, from which the archive chain goes back day by day.
func (p *Publisher) withPrevArchive(cfg *config.Config, ch Channel, items []story.Item, f Format, prefix string) Channel {
	if _, ok := p.st.(ArchiveReader); !ok || prefix != "" || len(items) == 0 || !f.Archive {
		return ch
	}
	ch.PrevArchive = archiveURL(cfg, ch.Slug, storyTime(&items[len(items)-1]), f.Ext)
	return ch
}

// archivePath splits /feeds/{slug}/archive/{YYYY-MM-DD}.{ext} into
// the category, the UTC day and the format; ok is false for any other
// path, a day still to come, or a store that keeps no archive.
func (p *Publisher) archivePath(path string) (slug string, day time.Time, kind string, ok bool) {
	_, hasReader := p.st.(ArchiveReader)
	rest, isFeeds := strings.CutPrefix(path, "/feeds/")
	slug, file, isArchive := strings.Cut(rest, "/archive/")
	if !hasReader || !isFeeds || !isArchive {
		return "", time.Time{}, "", false
	}
	dayStr, kind, _ := strings.Cut(file, ".")
	day, err := time.Parse(archiveDay, dayStr)
	if err != nil || !p.archiveFormat(kind) || day.After(p.now().UTC()) {
		return "", time.Time{}, "", false
	}
	return slug, day, kind, true
}

// serveArchive serves /feeds/{slug}/archive/{YYYY-MM-DD}.{ext} of a
// public category to the public: the stories published that UTC day,
// newest first, as an RFC 5005 archive document (archiveEntry). It
// reports false for any other path.
func (p *Publisher) serveArchive(w http.ResponseWriter, r *http.Request, s *snapshot, path string) bool {
	slug, day, kind, ok := p.archivePath(path)
	if !ok {
		return false
	}
	if _, public := s.pages[slug]; !public {
		return false
	}
	e, _, err := p.archiveEntry(r.Context(), p.st.(ArchiveReader), p.config(), p.privateSlugs(), slug, day, kind)
	if errors.Is(err, errNoArchive) {
		return false
	}
	if err != nil {
		p.serveError(w, r, fmt.Errorf("publisher: archive %s: %w", path, err))
		return true
	}
	p.serveEntry(w, r, e, "miss")
	return true
}

// errNoArchive is archiveEntry's answer for a day before the category's
// first story: no feed links it, and a year-long cached empty document
// would only invite crawlers to walk every day since year 1.
var errNoArchive = errors.New("no archive before the first story")

// archiveEntry renders, with cfg, the archive document of one UTC day of
// a category: the stories published that day, newest first, linking the
// previous day that has stories (prev-archive), the next day
// (next-archive) and the subscription feed (current). Stories filed only
// under the private categories are left out of "all". It returns the
// number of stories in it too.
func (p *Publisher) archiveEntry(ctx context.Context, ar ArchiveReader, cfg *config.Config, private map[string]bool, slug string, day time.Time, kind string) (*entry, int, error) {
	now := p.now().UTC()
	next := day.AddDate(0, 0, 1)
	items, err := ar.PublishedBetween(ctx, slug, day, next, ArchiveMaxStories)
	if err != nil {
		return nil, 0, err
	}
	// The public "all" leaves out stories filed only under partner-only
	// categories, as /feeds/all.* does.
	found := len(items) > 0 // partner-only stories count: archives link their days
	items = slices.DeleteFunc(items, func(it story.Item) bool { return !visible(private, &it) })
	prev, err := ar.PublishedBefore(ctx, slug, day)
	if err != nil {
		return nil, 0, err
	}
	if !found && prev.IsZero() {
		return nil, 0, errNoArchive
	}
	ch := p.channel(cfg, slug, items)
	ch.Title += " — " + day.Format(archiveDay)
	ch.ArchiveURL = archiveURL(cfg, slug, day, kind)
	ch.Hub = "" // not a WebSub topic: the hub refuses it
	if !prev.IsZero() {
		ch.PrevArchive = archiveURL(cfg, slug, prev, kind)
	}
	if !next.After(now) {
		ch.NextArchive = archiveURL(cfg, slug, next, kind)
	}
	f, ok := p.format(kind)
	if !ok || !f.Archive {
		return nil, 0, fmt.Errorf("publisher: archive %s: no archives in format %q", slug, kind)
	}
	body, err := f.Render(ch, items)
	if err != nil {
		return nil, 0, err
	}
	maxAge := cfg.Publish.MaxAge
	if !next.Add(archiveSettle).After(now) {
		maxAge = archiveMaxAge // the day is over and settled
	}
	e, err := p.newEntry(entrySpec{route: "archive", ctype: f.MIME + charsetUTF8, body: body, lastMod: newest(items),
		maxAge: maxAge, cors: true, varyAuth: slug == story.All && len(private) > 0}, nil)
	return e, len(items), err
}

// exportArchives adds to files the archive documents the exported feeds
// link to: for each public category, every UTC day from its oldest
// story's to today in every archive format, empty days included, since
// next-archive links the day after each.
func (p *Publisher) exportArchives(ctx context.Context, s *snapshot, files map[string]*entry) error {
	ar, ok := p.st.(ArchiveReader)
	if !ok {
		return nil
	}
	today := p.now().UTC().Truncate(24 * time.Hour)
	for slug := range s.pages {
		if !validID(slug) {
			continue
		}
		oldest := time.Time{}
		for before := today.AddDate(0, 0, 1); ; {
			t, err := ar.PublishedBefore(ctx, slug, before)
			if err != nil {
				return fmt.Errorf("publisher: export %s archives: %w", slug, err)
			}
			if t.IsZero() {
				break
			}
			oldest = t.UTC().Truncate(24 * time.Hour)
			before = oldest
		}
		for day := oldest; !oldest.IsZero() && !day.After(today); day = day.AddDate(0, 0, 1) {
			for _, f := range p.formats {
				if !f.Archive {
					continue
				}
				kind := f.Ext
				e, _, err := p.archiveEntry(ctx, ar, p.config(), p.privateSlugs(), slug, day, kind)
				if err != nil {
					return fmt.Errorf("publisher: export %s archive %s: %w", slug, day.Format(archiveDay), err)
				}
				files[filepath.Join("feeds", slug, "archive", day.Format(archiveDay)+"."+kind)] = e
			}
		}
	}
	return nil
}
