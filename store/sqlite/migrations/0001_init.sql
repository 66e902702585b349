-- 0001: initial schema. Times are INTEGER Unix nanoseconds UTC, 0 = unset.

CREATE TABLE sources (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT    NOT NULL UNIQUE CHECK (url <> ''),
    name                 TEXT    NOT NULL DEFAULT '',
    agency               TEXT    NOT NULL DEFAULT '',
    etag                 TEXT    NOT NULL DEFAULT '',
    last_modified        TEXT    NOT NULL DEFAULT '',
    permanent_url        TEXT    NOT NULL DEFAULT '',
    feed_title           TEXT    NOT NULL DEFAULT '',
    feed_link            TEXT    NOT NULL DEFAULT '',
    last_fetch_at        INTEGER NOT NULL DEFAULT 0,
    last_success_at      INTEGER NOT NULL DEFAULT 0,
    last_status          INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT    NOT NULL DEFAULT '',
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_fetch_at        INTEGER NOT NULL DEFAULT 0,
    gone                 INTEGER NOT NULL DEFAULT 0,
    -- maintained by the triggers below so /status needs no scan of items
    item_count           INTEGER NOT NULL DEFAULT 0,
    dup_count            INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE items (
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT    NOT NULL UNIQUE CHECK (id <> ''),
    source_id           INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    key                 TEXT    NOT NULL CHECK (key <> ''),
    guid                TEXT    NOT NULL DEFAULT '',
    link                TEXT    NOT NULL DEFAULT '',
    title               TEXT    NOT NULL DEFAULT '',
    summary_html        TEXT    NOT NULL DEFAULT '',
    content_html        TEXT    NOT NULL DEFAULT '',
    image_url           TEXT    NOT NULL DEFAULT '',
    image_type          TEXT    NOT NULL DEFAULT '',
    author              TEXT    NOT NULL DEFAULT '',
    agency              TEXT    NOT NULL DEFAULT '',
    published_at        INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    first_seen_at       INTEGER NOT NULL,
    -- last time a fetch still carried the item (coarse, see SaveFetch);
    -- Prune forgets only stories upstream stopped carrying.
    last_seen_at        INTEGER NOT NULL,
    upstream_categories TEXT    NOT NULL DEFAULT '', -- 0x1f-joined
    places              TEXT    NOT NULL DEFAULT '', -- 0x1f-joined
    -- our category slugs in the tagger's order, 0x1f-joined: read with the
    -- row; item_categories below is their index
    categories          TEXT    NOT NULL DEFAULT '',
    fingerprint         INTEGER NOT NULL DEFAULT 0,  -- uint64 bits
    dedupe_sig          BLOB,
    duplicate_of        TEXT    REFERENCES items(id),
    withdrawn_at        INTEGER NOT NULL DEFAULT 0,
    withdraw_reason     TEXT    NOT NULL DEFAULT '',
    pruned_at           INTEGER NOT NULL DEFAULT 0,  -- tombstone: content cleared
    UNIQUE (source_id, key)
);

CREATE INDEX items_source_published ON items (source_id, published_at);
CREATE INDEX items_link ON items (link) WHERE link <> '';
CREATE INDEX items_published ON items (published_at);
-- "latest N of all": newest first, ties newest-inserted first, no sort.
CREATE INDEX items_live ON items (published_at DESC, pk DESC)
    WHERE duplicate_of IS NULL AND withdrawn_at = 0;
CREATE INDEX items_duplicate_of ON items (duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE TABLE item_categories (
    item_pk      INTEGER NOT NULL REFERENCES items(pk) ON DELETE CASCADE,
    category     TEXT    NOT NULL,
    published_at INTEGER NOT NULL,  -- copy of items.published_at
    live         INTEGER NOT NULL,  -- not a duplicate and not withdrawn
    PRIMARY KEY (item_pk, category)
) WITHOUT ROWID;

-- "latest N in category": one index range scan in result order, newest
-- first, ties newest-inserted first; no sort, whatever the offset.
CREATE INDEX item_categories_latest ON item_categories (category, published_at DESC, item_pk DESC)
    WHERE live = 1;

CREATE TABLE item_bands (
    item_pk      INTEGER NOT NULL REFERENCES items(pk) ON DELETE CASCADE,
    band         INTEGER NOT NULL,  -- uint64 bits
    published_at INTEGER NOT NULL,
    PRIMARY KEY (item_pk, band)
) WITHOUT ROWID;

CREATE INDEX item_bands_band ON item_bands (band, published_at);

CREATE TRIGGER items_count_insert AFTER INSERT ON items BEGIN
    UPDATE sources SET item_count = item_count + 1,
                       dup_count = dup_count + (NEW.duplicate_of IS NOT NULL)
     WHERE id = NEW.source_id;
END;

CREATE TRIGGER items_count_delete AFTER DELETE ON items BEGIN
    UPDATE sources SET item_count = item_count - 1,
                       dup_count = dup_count - (OLD.duplicate_of IS NOT NULL)
     WHERE id = OLD.source_id;
END;

CREATE TRIGGER items_count_dup AFTER UPDATE OF duplicate_of ON items
    WHEN (OLD.duplicate_of IS NULL) <> (NEW.duplicate_of IS NULL) BEGIN
    UPDATE sources SET dup_count = dup_count + (NEW.duplicate_of IS NOT NULL)
                                             - (OLD.duplicate_of IS NOT NULL)
     WHERE id = NEW.source_id;
END;
