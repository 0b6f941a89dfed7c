-- Written by hand (drizzle-kit generate --custom; the schema cannot say it): pages of deliveries
-- keep 30 % free, so that a worker's claim (setting leased_until and leased_by, which no index
-- covers) stays on the row's page as a heap-only update, with no new index entries. Valid on
-- PostgreSQL 15 and PGlite.
ALTER TABLE deliveries SET (fillfactor = 70);
