package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
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

func (s *saver) item(it *Item, match func(*Item, []Item) string, window time.Duration) error {
	var ex existing
	err := s.stmts["existing"].QueryRowContext(s.ctx, s.src, it.Key).Scan(&ex.pk, &ex.id,
		&ex.title, &ex.summary, &ex.content, &ex.image, &ex.categories, &ex.dupOf,
		&ex.withdrawn, &ex.seen, &ex.published, &ex.updated)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return s.insert(it, match, window)
	case err != nil:
		return fmt.Errorf("look up: %w", err)
	}
	return s.update(it, ex)
}

// update handles a re-polled item.
func (s *saver) update(it *Item, ex existing) error {
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
			int64(it.Fingerprint), it.DedupeSig, toNS(updated), nowNS, ex.pk); err != nil {
			return fmt.Errorf("update: %w", err)
		}
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
		s.cats["all"] = true
	}
	return nil
}

// insert stores a new item, deciding first whether it duplicates a story
// another source already carries.
func (s *saver) insert(it *Item, match func(*Item, []Item) string, window time.Duration) error {
	first := it.FirstSeenAt
	if first.IsZero() {
		first = s.now
	}
	published := it.PublishedAt
	if published.IsZero() {
		published = first
	}
	cats := cleanCategories(it.Categories)
	dupOf, err := s.findDuplicate(it, published, match, window)
	if err != nil {
		return err
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
		int64(it.Fingerprint), it.DedupeSig, dup)
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	pk, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert: %w", err)
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
		s.cats["all"] = true
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
	s.cats["all"] = true
	return nil
}

// categories writes the index rows of a story's categories.
func (s *saver) categories(pk, published int64, cats []string, live, replace bool) error {
	if replace {
		if _, err := s.stmts["delCats"].ExecContext(s.ctx, pk); err != nil {
			return fmt.Errorf("clear categories: %w", err)
		}
	}
	for _, c := range cats {
		if _, err := s.stmts["insCat"].ExecContext(s.ctx, pk, c, published, live); err != nil {
			return fmt.Errorf("category %q: %w", c, err)
		}
	}
	return nil
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
