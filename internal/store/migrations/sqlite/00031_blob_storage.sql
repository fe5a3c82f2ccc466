-- +goose Up
-- PostgreSQL only: files compressed already are stored without TOAST
-- compression there (see postgres/00031). SQLite never compresses values;
-- this migration keeps the two engines' numbering alike.
SELECT 1;

-- +goose Down
SELECT 1;
