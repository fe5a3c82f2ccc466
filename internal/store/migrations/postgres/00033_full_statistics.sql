-- +goose Up
-- SQLite's 00033 replaces sampled planner statistics. PostgreSQL's ANALYZE
-- estimates from a random sample of rows, which counts a cooperative's
-- rows correctly; nothing to do.
SELECT 1;

-- +goose Down
SELECT 1;
