-- 0002: several nodes on one database (additive: older nodes ignore it).
--
-- Leases on sources (Claimer): a node fetches a source only while it holds
-- a live lease on it. lease_node stays after the release, naming the node
-- that fetched the source last; lease_until (Unix ns, 0 = none) ends it.
ALTER TABLE sources
    ADD COLUMN lease_node  text   NOT NULL DEFAULT '',
    ADD COLUMN lease_until bigint NOT NULL DEFAULT 0;

-- Every change of a feed is a row of feed_changes (a story saved, merged,
-- withdrawn, restored or filed again; a pruned story's rows deleted): one
-- notification per statement names the categories it touched, delivered at
-- commit to every node listening (Watcher), which renders them again.
-- Slugs are [a-z0-9-], so a space separates them; past PostgreSQL's 8000
-- byte payload limit, "*" means every category.
CREATE FUNCTION wiredesk_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cats text;
BEGIN
    SELECT string_agg(DISTINCT category, ' ') INTO cats FROM changed;
    IF cats IS NOT NULL THEN
        IF octet_length(cats) > 7000 THEN
            cats := '*';
        END IF;
        PERFORM pg_notify('wiredesk_changes', cats);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER feed_changes_notify_insert AFTER INSERT ON feed_changes
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION wiredesk_notify_changes();
CREATE TRIGGER feed_changes_notify_update AFTER UPDATE ON feed_changes
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION wiredesk_notify_changes();
CREATE TRIGGER feed_changes_notify_delete AFTER DELETE ON feed_changes
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION wiredesk_notify_changes();
