-- 0007: the change log partners follow. One row per story and feed (its
-- category slugs and "all"), at the sequence number of the commit that
-- last changed the story there: a new or rewritten story, a withdrawal
-- (deleted = 1) or a restoration. A later change replaces the row with a
-- higher seq, so a reader who follows seq upwards sees every story once,
-- as it last was, and never misses one: SQLite has one writer, so seq
-- order is commit order. AUTOINCREMENT never reuses a number, even after
-- the newest row is deleted. The hub's subscriptions remember how far
-- each subscriber was sent.
CREATE TABLE feed_changes (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    item_pk  INTEGER NOT NULL REFERENCES items(pk) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    category TEXT    NOT NULL,
    deleted  INTEGER NOT NULL DEFAULT 0,
    at       INTEGER NOT NULL,
    UNIQUE (item_pk, category)
);
CREATE INDEX feed_changes_cursor ON feed_changes (category, seq);
CREATE INDEX feed_changes_deleted ON feed_changes (category, seq) WHERE deleted = 1;

-- Every live story as it is now, oldest first, so that a cursor of 0
-- reads the whole archive.
INSERT INTO feed_changes (item_pk, category, deleted, at)
    SELECT c.item_pk, c.category, 0, i.updated_at
      FROM item_categories c JOIN items i ON i.pk = c.item_pk
     WHERE c.live = 1 ORDER BY c.published_at, c.item_pk;
INSERT INTO feed_changes (item_pk, category, deleted, at)
    SELECT pk, 'all', 0, updated_at FROM items
     WHERE duplicate_of IS NULL AND withdrawn_at = 0 ORDER BY published_at, pk;

-- WebSub subscriptions (W3C WebSub §5.1): one per topic and callback.
-- delivered_seq is the feed_changes seq the subscriber's last delivered
-- content reflected; a topic whose newest change is past it has a
-- delivery pending, which survives a restart. attempts and next_attempt
-- drive the retry backoff. audience is the partner whose credential the
-- subscription was made with ('' = the public), whose view of the topic
-- it is sent.
CREATE TABLE websub_subscriptions (
    id            INTEGER PRIMARY KEY,
    topic         TEXT    NOT NULL,
    callback      TEXT    NOT NULL,
    secret        TEXT    NOT NULL DEFAULT '',
    audience      TEXT    NOT NULL DEFAULT '',
    lease_until   INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    delivered_seq INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_attempt  INTEGER NOT NULL DEFAULT 0,
    last_status   INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NOT NULL DEFAULT '',
    UNIQUE (topic, callback)
);
