-- 0011: one trigger keeps the search index current on an update, instead
-- of the two of 0010. SQLite ran those newest first: the new text was
-- indexed, then FTS5's 'delete' of the old text took the whole row out of
-- the index, so a story edited upstream could no longer be found. The
-- statements of one trigger run in order: unindex the old text, then
-- index the new. The index is then rebuilt from the live stories, which
-- brings back the stories edited meanwhile.
DROP TRIGGER items_fts_unindex;
DROP TRIGGER items_fts_reindex;

CREATE TRIGGER items_fts_update AFTER UPDATE OF title, summary_html, content_html, duplicate_of, withdrawn_at, pruned_at ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary_html, content_html)
        SELECT 'delete', OLD.pk, OLD.title, OLD.summary_html, OLD.content_html
         WHERE OLD.duplicate_of IS NULL AND OLD.withdrawn_at = 0 AND OLD.pruned_at = 0;
    INSERT INTO items_fts (rowid, title, summary_html, content_html)
        SELECT NEW.pk, NEW.title, NEW.summary_html, NEW.content_html
         WHERE NEW.duplicate_of IS NULL AND NEW.withdrawn_at = 0 AND NEW.pruned_at = 0;
END;

INSERT INTO items_fts (items_fts) VALUES ('delete-all');
INSERT INTO items_fts (rowid, title, summary_html, content_html)
    SELECT pk, title, summary_html, content_html FROM items
     WHERE duplicate_of IS NULL AND withdrawn_at = 0 AND pruned_at = 0;
