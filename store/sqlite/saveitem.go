package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// existing is the stored state of an item being re-polled.
type existing struct {
	pk                          int64
	id, title, summary, content string
	image, categories           string
	dupOf                       sql.NullString
	withdrawn, seen, published  int64
	updated                     int64
}

func (s *saver) item(it *story.Item, match func(*story.Item, []story.Item) string, window time.Duration) error {
	var ex existing
	var byLink bool
	err := s.stmts["lookup"].QueryRowContext(s.ctx, s.src, it.Key, it.Link).Scan(&byLink, &ex.pk,
		&ex.id, &ex.title, &ex.summary, &ex.content, &ex.image, &ex.categories, &ex.dupOf,
		&ex.withdrawn, &ex.seen, &ex.published, &ex.updated)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return s.insert(it, "", match, window)
	case err != nil:
		return fmt.Errorf("look up: %w", err)
	case byLink:
		return s.insert(it, ex.id, match, window)
	}
	return s.update(it, ex)
}

// update handles a re-polled item.
func (s *saver) update(it *story.Item, ex existing) error {
	if ex.withdrawn != 0 {
		s.sum.Unchanged++ // a tombstone: never resurrected, never changed
		return nil
	}
	oldCats := splitList(ex.categories)
	newCats := cleanCategories(it.Categories)
	contentChanged := ex.title != it.Title || ex.summary != it.SummaryHTML ||
		ex.content != it.ContentHTML || ex.image != it.ImageURL
	catsChanged := !slices.Equal(oldCats, newCats)
	nowNS := toNS(s.now)
	if !contentChanged && !catsChanged {
		s.sum.Unchanged++
		if nowNS-ex.seen >= int64(seenEvery) {
			if _, err := s.stmts["seen"].ExecContext(s.ctx, nowNS, ex.pk); err != nil {
				return fmt.Errorf("mark seen: %w", err)
			}
		}
		return nil
	}
	live := !ex.dupOf.Valid
	if contentChanged {
		// Upstream's own update time when it moved forward, else now.
		updated := it.UpdatedAt
		if updated.IsZero() || updated.After(s.now) || toNS(updated) <= ex.updated {
			updated = s.now
		}
		if _, err := s.stmts["update"].ExecContext(s.ctx, it.GUID, it.Link, it.Title,
			it.SummaryHTML, it.ContentHTML, it.ImageURL, it.ImageType, it.Author,
			joinList(it.UpstreamCategories), joinList(it.Places), joinList(newCats),
			int64(it.Fingerprint), it.DedupeSig, toNS(updated), nowNS,
			it.ImageCaption, it.ImageCredit, it.ImageLength, ex.pk); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		s.collectWords(it)
		switch {
		case live && s.near != nil:
			s.sum.Roots = append(s.sum.Roots, ex.id)
		case live:
			if err := s.bands(ex.pk, ex.published, it.Bands, true); err != nil {
				return err
			}
		}
	}
	if !contentChanged {
		if _, err := s.stmts["refile"].ExecContext(s.ctx, joinList(newCats), nowNS, ex.pk); err != nil {
			return fmt.Errorf("refile: %w", err)
		}
	}
	if err := s.categories(ex.pk, ex.published, newCats, live, true); err != nil {
		return err
	}
	s.sum.Updated++
	s.ids[ex.id] = true
	if live {
		s.addCats(oldCats)
		s.addCats(newCats)
		s.cats[story.All] = true
	}
	return nil
}

// insert stores a new item, deciding first whether it duplicates a story
// another source already carries; linkRoot is the root story of another
// source's item with the same canonical link, or "".
func (s *saver) insert(it *story.Item, linkRoot string, match func(*story.Item, []story.Item) string, window time.Duration) error {
	first := it.FirstSeenAt
	if first.IsZero() {
		first = s.now
	}
	published := it.PublishedAt
	if published.IsZero() {
		published = first
	}
	cats := cleanCategories(it.Categories)
	dupOf, err := s.findDuplicate(it, linkRoot, published, match, window)
	if err != nil {
		return err
	}
	twin := ""
	if dupOf == "" {
		if twin, err = s.withdrawnTwin(it, published, match, window); err != nil {
			return err
		}
	}
	updated := it.UpdatedAt
	if updated.IsZero() {
		updated = published
	}
	var dup any
	if dupOf != "" {
		dup = dupOf
	}
	// No RETURNING: SQLite runs it as a trigger, which would make the
	// insert keep a statement journal.
	res, err := s.stmts["insert"].ExecContext(s.ctx, it.ID, s.src, it.Key, it.GUID,
		it.Link, it.Title, it.SummaryHTML, it.ContentHTML, it.ImageURL, it.ImageType,
		it.Author, it.Agency, toNS(published), toNS(updated), toNS(first), toNS(s.now),
		joinList(it.UpstreamCategories), joinList(it.Places), joinList(cats),
		int64(it.Fingerprint), it.DedupeSig, dup, it.ImageCaption, it.ImageCredit, it.ImageLength)
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	pk, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	s.collectWords(it)
	if twin != "" {
		// Filed but never live: what the withdrawn story was.
		if err := s.categories(pk, toNS(published), cats, false, false); err != nil {
			return err
		}
		s.sum.Duplicates++
		return s.inheritWithdrawal(pk, it.ID, twin)
	}
	if err := s.categories(pk, toNS(published), cats, dupOf == "", false); err != nil {
		return err
	}
	s.ids[it.ID] = true
	it.DuplicateOf = dupOf
	if dupOf == "" {
		s.sum.New++
		s.sum.Roots = append(s.sum.Roots, it.ID)
		s.addCats(cats)
		s.cats[story.All] = true
		if s.near != nil {
			return nil
		}
		return s.bands(pk, toNS(published), it.Bands, false)
	}
	s.sum.Duplicates++
	return s.rootChanged(dupOf)
}

// rootChanged records that a story gained a carrier: its page and the
// feeds it is in now list one more agency.
func (s *saver) rootChanged(id string) error {
	if err := s.flushCats(); err != nil {
		return err
	}
	var live int
	if err := s.stmts["rootIsLive"].QueryRowContext(s.ctx, id).Scan(&live); err != nil {
		return fmt.Errorf("root %s: %w", id, err)
	}
	s.ids[id] = true
	if live == 0 {
		return nil
	}
	cats, err := s.strings("rootCats", id)
	if err != nil {
		return err
	}
	s.addCats(cats)
	s.cats[story.All] = true
	return nil
}

// categories queues the index rows of a story's categories, written by
// flushCats with those of the rest of the fetch in one statement. With
// replace, the story's old rows are deleted first.
func (s *saver) categories(pk, published int64, cats []string, live, replace bool) error {
	if replace {
		if err := s.flushCats(); err != nil {
			return err
		}
		if _, err := s.stmts["delCats"].ExecContext(s.ctx, pk); err != nil {
			return fmt.Errorf("clear categories: %w", err)
		}
	}
	l := 0
	if live {
		l = 1
	}
	for _, c := range cats {
		if len(s.pending) == 0 {
			s.pending = append(s.pending, '[')
		} else {
			s.pending = append(s.pending, ',')
		}
		s.pending = append(s.pending, '[')
		s.pending = strconv.AppendInt(s.pending, pk, 10)
		s.pending = append(s.pending, ',')
		s.pending = appendJSONString(s.pending, c)
		s.pending = append(s.pending, ',')
		s.pending = strconv.AppendInt(s.pending, published, 10)
		s.pending = append(s.pending, ',')
		s.pending = strconv.AppendInt(s.pending, int64(l), 10)
		s.pending = append(s.pending, ']')
	}
	return nil
}

// flushCats writes the queued category rows. Whatever reads or deletes
// category rows within the fetch flushes first, so the queue never
// reorders the fetch's writes as seen by its own statements.
func (s *saver) flushCats() error {
	if len(s.pending) == 0 {
		return nil
	}
	s.pending = append(s.pending, ']')
	_, err := s.stmts["insCats"].ExecContext(s.ctx, string(s.pending))
	s.pending = s.pending[:0]
	if err != nil {
		return fmt.Errorf("categories: %w", err)
	}
	return nil
}

// appendJSONString appends s as a JSON string. Bytes other than the quote,
// the backslash and control characters go through unchanged, which SQLite's
// JSON reader gives back as the same bytes.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// bands indexes a live story under its LSH band keys, in one statement.
func (s *saver) bands(pk, published int64, bands []uint64, replace bool) error {
	if replace {
		if _, err := s.stmts["delBands"].ExecContext(s.ctx, pk); err != nil {
			return fmt.Errorf("clear bands: %w", err)
		}
	}
	if len(bands) == 0 {
		return nil
	}
	name := fmt.Sprintf("insBands%d", len(bands))
	st := s.stmts[name]
	if st == nil {
		q := `INSERT OR IGNORE INTO item_bands (item_pk, band, published_at) VALUES (?, ?, ?)` +
			strings.Repeat(", (?, ?, ?)", len(bands)-1)
		var err error
		if st, err = s.tx.PrepareContext(s.ctx, q); err != nil {
			return fmt.Errorf("prepare bands: %w", err)
		}
		s.stmts[name] = st
	}
	args := make([]any, 0, 3*len(bands))
	for _, b := range bands {
		args = append(args, pk, int64(b), published)
	}
	if _, err := st.ExecContext(s.ctx, args...); err != nil {
		return fmt.Errorf("bands: %w", err)
	}
	return nil
}
