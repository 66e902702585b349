-- 0006: who took each editorial action (the CLI's --by, the operator's
-- login by default), so the log answers "who withdrew this and why".
ALTER TABLE editorial_log ADD COLUMN by_whom TEXT NOT NULL DEFAULT '';
-- A story's latest action, for the list of withdrawn stories.
CREATE INDEX editorial_log_item ON editorial_log (item_id, seq);
