-- 0005: the publishing rate a source was last measured at (mean gap
-- between its stories, nanoseconds; 0 = not measured), kept with its
-- schedule so that a 304 needs no query of its stories to reschedule.
ALTER TABLE sources ADD COLUMN mean_gap INTEGER NOT NULL DEFAULT 0;
