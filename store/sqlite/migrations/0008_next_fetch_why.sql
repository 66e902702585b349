-- 0008: why the next fetch is when it is ("adaptive: a story every 4h",
-- "Retry-After", "backoff after 3 failures"…), set with next_fetch_at and
-- shown on /status beside it.
ALTER TABLE sources ADD COLUMN next_fetch_why TEXT NOT NULL DEFAULT '';
