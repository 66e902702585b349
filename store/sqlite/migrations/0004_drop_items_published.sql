-- 0004: one index fewer to maintain per saved story. items_published
-- served two scans, both now answered by other indexes: the recent live
-- roots (RecentRoots) by items_live, whose condition they share, and
-- Prune's candidates by items_source_published, one range per source.
DROP INDEX items_published;
