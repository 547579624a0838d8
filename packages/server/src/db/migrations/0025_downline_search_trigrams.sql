-- Downline search by trigram (docs/network.md, "Downline search").
--
-- A search inside a member's downline takes its candidates from trigram
-- indexes on the searched fields (any member whose name contains the term,
-- whose code starts with it, whose phone ends with the digits), keeps those in
-- the asked depth window, and checks each one with genealogy_ancestor
-- (O(log depth)). Nothing here is derived from the trees, so enrollment,
-- moves, termination roll-up and merges keep it correct without any trigger:
-- the indexes follow the columns they index, and depth and jump pointers are
-- kept by the genealogy triggers of 0008 in the same transaction.
--
-- pg_trgm is a trusted extension in PostgreSQL's contrib (the database owner
-- may create it) and ships with PGlite (loaded when the database is opened,
-- see db/connection.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The name index is on the column itself and serves ILIKE (pg_trgm folds case
-- in its trigrams): the level walk tests names with ILIKE too, since lower()
-- on every walked row costs about 10 µs under a libc collation (ILIKE: 2 µs).

CREATE INDEX members_name_trgm_idx ON members USING gin (name gin_trgm_ops);
CREATE INDEX members_code_trgm_idx ON members USING gin (code gin_trgm_ops);
CREATE INDEX members_phone_trgm_idx ON members USING gin (phone gin_trgm_ops);

