-- 0003: cheaper saves. A statement that writes several rows (a trigger, a
-- multi-row VALUES) and may abort on an immediate constraint keeps a
-- statement journal: a copy of every page it touches. Saving a story paid
-- that for the items row (count trigger) and for its band rows (immediate
-- foreign key).
--
-- The item counts of a source on insert are now added by SaveFetch, once
-- per fetch; deletes and duplicate_of changes still go through triggers.
DROP TRIGGER items_count_insert;

-- Same tables and indexes, with the reference to items checked at commit
-- (DEFERRABLE INITIALLY DEFERRED): ON DELETE CASCADE is unchanged, and a
-- dangling row is still refused, but an insert no longer may abort mid-way.
CREATE TABLE item_bands_new (
    item_pk      INTEGER NOT NULL REFERENCES items(pk) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    band         INTEGER NOT NULL,  -- uint64 bits
    published_at INTEGER NOT NULL,
    PRIMARY KEY (item_pk, band)
) WITHOUT ROWID;
INSERT INTO item_bands_new (item_pk, band, published_at)
    SELECT item_pk, band, published_at FROM item_bands ORDER BY item_pk, band;
DROP TABLE item_bands;
ALTER TABLE item_bands_new RENAME TO item_bands;
CREATE INDEX item_bands_band ON item_bands (band, published_at);

CREATE TABLE item_categories_new (
    item_pk      INTEGER NOT NULL REFERENCES items(pk) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    category     TEXT    NOT NULL,
    published_at INTEGER NOT NULL,  -- copy of items.published_at
    live         INTEGER NOT NULL,  -- not a duplicate and not withdrawn
    PRIMARY KEY (item_pk, category)
) WITHOUT ROWID;
INSERT INTO item_categories_new (item_pk, category, published_at, live)
    SELECT item_pk, category, published_at, live FROM item_categories ORDER BY item_pk, category;
DROP TABLE item_categories;
ALTER TABLE item_categories_new RENAME TO item_categories;
CREATE INDEX item_categories_latest ON item_categories (category, published_at DESC, item_pk DESC)
    WHERE live = 1;
