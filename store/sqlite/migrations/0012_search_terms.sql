-- 0012: the words of the search index, for prefix searches. FTS5 answers
-- oil* by merging the whole doclist of every word starting with "oil"
-- before it returns a row (at 1M stories, a prefix of a common word took
-- 100 ms to 2 s); the store instead looks the words up here and asks for
-- oil OR oilfield OR oils, which FTS5 walks lazily, newest first. The
-- table holds every word the index holds (fts5vocab reads them once,
-- here) and more: each save adds the words of what it indexes (query.
-- Terms, several readings of a word where Go and FTS5 may differ); words
-- are never taken out, as a word no story has left costs a search
-- nothing.
CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE VIRTUAL TABLE temp.items_fts_words USING fts5vocab(main, items_fts, row);
INSERT INTO search_terms (term) SELECT term FROM temp.items_fts_words;
DROP TABLE temp.items_fts_words;
