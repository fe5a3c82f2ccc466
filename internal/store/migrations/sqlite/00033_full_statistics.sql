-- +goose Up
-- Planner statistics read in full, once. Until now `ebok serve` and
-- `ebok demo` sampled each index (analysis_limit 400): in a database of one
-- cooperative the sample saw one coop_id and counted about 400 rows per
-- cooperative instead of all of them, and the planner then chose a
-- cooperative's index over a unique key (500 NRBs of a pasted list: 29 ms a
-- query instead of 0.7 ms). Optimize now reads indexes in full, but it
-- leaves alone tables it analysed before; this replaces their sampled
-- statistics (about 2 s on the 100,000-premises demo, nothing on a new
-- database).
ANALYZE;

-- +goose Down
SELECT 1;
