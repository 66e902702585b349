-- Every withdrawal and restoration, in order: an audit trail for editors and
-- the signal by which a running server learns of changes made by the CLI.
CREATE TABLE editorial_log (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id TEXT    NOT NULL,
    action  TEXT    NOT NULL CHECK (action IN ('withdraw', 'restore')),
    reason  TEXT    NOT NULL DEFAULT '',
    at      INTEGER NOT NULL
);
