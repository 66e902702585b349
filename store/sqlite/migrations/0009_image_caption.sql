-- 0009: the lead image's caption and credit (Media RSS media:description
-- and media:credit, or their Atom and JSON Feed equivalents), shown under
-- the image with the caption as its alt text, and its size in bytes when
-- upstream gave one (an RSS enclosure needs a real length or none).
ALTER TABLE items ADD COLUMN image_caption TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN image_credit TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN image_length INTEGER NOT NULL DEFAULT 0;
