package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// maxExpansion is the most words a prefix search is expanded to. A
// prefix with more (a*, 1*) is left to FTS5, which merges their doclists:
// slow for a common prefix, and then bounded by the caller's deadline.
const maxExpansion = 256

// vocabCache bounds the words a process remembers as stored in
// search_terms; past it the memory is cleared and refilled.
const vocabCache = 1 << 18

// vocabulary keeps the search_terms table (migration 0012) holding every
// word of the search index: each save writes the words of the stories it
// indexes. It remembers the words it knows the table holds, so that a
// save of wire copy, whose words are mostly known, writes a few new ones
// (names, numbers) in one statement.
type vocabulary struct {
	mu    sync.RWMutex
	known map[string]struct{}
}

func newVocabulary() *vocabulary { return &vocabulary{known: map[string]struct{}{}} }

// collect adds to words the terms of it's indexed text that the table
// may lack.
func (v *vocabulary) collect(it *story.Item, words map[string]struct{}) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	add := func(w string) {
		if _, ok := v.known[w]; !ok {
			words[w] = struct{}{}
		}
	}
	query.Terms(it.Title, add)
	query.Terms(it.SummaryHTML, add)
	query.Terms(it.ContentHTML, add)
}

// learn records words as stored: call it once their transaction has
// committed, never before (a rolled back save stored none).
func (v *vocabulary) learn(words []string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.known)+len(words) > vocabCache {
		clear(v.known)
	}
	for _, w := range words {
		v.known[w] = struct{}{}
	}
}

// learn records the words of a committed save, when the store keeps them.
func (db *DB) learn(words []string) {
	if db.vocab != nil && len(words) > 0 {
		db.vocab.learn(words)
	}
}

// collectWords notes the search words of a story the save indexes (or
// may index later: a copy that becomes the root when its root is
// withdrawn).
func (s *saver) collectWords(it *story.Item) {
	if s.vocab == nil {
		return
	}
	if s.words == nil {
		s.words = map[string]struct{}{}
	}
	s.vocab.collect(it, s.words)
}

// writeTerms stores the saver's collected words in one statement and
// returns them, for vocabulary.learn after the commit.
func (s *saver) writeTerms() ([]string, error) {
	if len(s.words) == 0 {
		return nil, nil
	}
	list := make([]string, 0, len(s.words))
	b := []byte{'['}
	for w := range s.words {
		if len(list) > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, w)
		list = append(list, w)
	}
	b = append(b, ']')
	if _, err := s.tx.ExecContext(s.ctx, `INSERT OR IGNORE INTO search_terms (term)
		SELECT value FROM json_each(?)`, string(b)); err != nil {
		return nil, fmt.Errorf("search words: %w", err)
	}
	return list, nil
}

// expander returns the function query.FTS5Expanded asks for the words of
// a prefix: at most maxExpansion words of search_terms, read in tx.
func (db *DB) expander(ctx context.Context, tx *sql.Tx) (func(string) ([]string, bool), *error) {
	var failed error
	return func(prefix string) ([]string, bool) {
		if failed != nil {
			return nil, false
		}
		// "\xff" never occurs in UTF-8: every word with the prefix sorts
		// below prefix+"\xff" (SQLite compares text as bytes).
		rows, err := tx.QueryContext(ctx, `SELECT term FROM search_terms
			WHERE term >= ? AND term < ? ORDER BY term LIMIT ?`, prefix, prefix+"\xff", maxExpansion+1)
		if err != nil {
			failed = err
			return nil, false
		}
		defer rows.Close()
		var words []string
		for rows.Next() {
			var w string
			if err := rows.Scan(&w); err != nil {
				failed = err
				return nil, false
			}
			words = append(words, w)
		}
		if err := rows.Err(); err != nil {
			failed = err
			return nil, false
		}
		if len(words) > maxExpansion {
			return nil, false
		}
		return words, true
	}, &failed
}
