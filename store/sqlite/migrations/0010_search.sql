-- 0010: full-text search (SQLite FTS5). The index holds the live stories
-- only (neither duplicates, withdrawn nor pruned), so a withdrawn story can
-- never be found. It is an external-content table over items: it stores
-- the index, not a second copy of the text. The triggers keep it current
-- on every save, update, merge, withdrawal, restoration and prune; FTS5
-- needs the old values to delete a row, and they are exactly what was
-- indexed because only a live row is ever indexed.
-- Markup in summary_html and content_html is indexed as text (tag and
-- attribute names are words to the tokenizer): a search for "href"
-- finds too much, which is harmless.
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, summary_html, content_html,
    content = 'items', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO items_fts (rowid, title, summary_html, content_html)
    SELECT pk, title, summary_html, content_html FROM items
     WHERE duplicate_of IS NULL AND withdrawn_at = 0 AND pruned_at = 0;

CREATE TRIGGER items_fts_insert AFTER INSERT ON items
    WHEN NEW.duplicate_of IS NULL AND NEW.withdrawn_at = 0 AND NEW.pruned_at = 0 BEGIN
    INSERT INTO items_fts (rowid, title, summary_html, content_html)
        VALUES (NEW.pk, NEW.title, NEW.summary_html, NEW.content_html);
END;

CREATE TRIGGER items_fts_delete AFTER DELETE ON items
    WHEN OLD.duplicate_of IS NULL AND OLD.withdrawn_at = 0 AND OLD.pruned_at = 0 BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary_html, content_html)
        VALUES ('delete', OLD.pk, OLD.title, OLD.summary_html, OLD.content_html);
END;

CREATE TRIGGER items_fts_unindex AFTER UPDATE OF title, summary_html, content_html, duplicate_of, withdrawn_at, pruned_at ON items
    WHEN OLD.duplicate_of IS NULL AND OLD.withdrawn_at = 0 AND OLD.pruned_at = 0 BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary_html, content_html)
        VALUES ('delete', OLD.pk, OLD.title, OLD.summary_html, OLD.content_html);
END;

CREATE TRIGGER items_fts_reindex AFTER UPDATE OF title, summary_html, content_html, duplicate_of, withdrawn_at, pruned_at ON items
    WHEN NEW.duplicate_of IS NULL AND NEW.withdrawn_at = 0 AND NEW.pruned_at = 0 BEGIN
    INSERT INTO items_fts (rowid, title, summary_html, content_html)
        VALUES (NEW.pk, NEW.title, NEW.summary_html, NEW.content_html);
END;
