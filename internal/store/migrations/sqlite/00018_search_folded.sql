-- +goose Up
-- Staff search finds names and streets typed without Polish letters and in
-- any case ("sokolowska" finds "Sokołowska", "slonecz" finds "Słoneczna").
-- The folded forms are columns the database computes itself on every
-- insert and update, so no writer (the demo's COPY, fixtures, imports) can
-- forget them: lower case, the nine Polish letters with a diacritic
-- replaced by their ASCII base letter, as text.Fold does (a store test
-- holds the two to the same result). The query is folded with text.Fold.
-- SQLite adds only VIRTUAL generated columns to a table; they are computed on reading and their indexes hold the value.
ALTER TABLE persons ADD COLUMN name_folded TEXT GENERATED ALWAYS AS (lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(last_name || ' ' || first_name, 'Ą', 'A'), 'Ć', 'C'), 'Ę', 'E'), 'Ł', 'L'), 'Ń', 'N'), 'Ó', 'O'), 'Ś', 'S'), 'Ź', 'Z'), 'Ż', 'Z'), 'ą', 'a'), 'ć', 'c'), 'ę', 'e'), 'ł', 'l'), 'ń', 'n'), 'ó', 'o'), 'ś', 's'), 'ź', 'z'), 'ż', 'z'))) VIRTUAL;
ALTER TABLE persons ADD COLUMN company_folded TEXT GENERATED ALWAYS AS (lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(company_name, 'Ą', 'A'), 'Ć', 'C'), 'Ę', 'E'), 'Ł', 'L'), 'Ń', 'N'), 'Ó', 'O'), 'Ś', 'S'), 'Ź', 'Z'), 'Ż', 'Z'), 'ą', 'a'), 'ć', 'c'), 'ę', 'e'), 'ł', 'l'), 'ń', 'n'), 'ó', 'o'), 'ś', 's'), 'ź', 'z'), 'ż', 'z'))) VIRTUAL;
ALTER TABLE buildings ADD COLUMN street_folded TEXT GENERATED ALWAYS AS (lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(street, 'Ą', 'A'), 'Ć', 'C'), 'Ę', 'E'), 'Ł', 'L'), 'Ń', 'N'), 'Ó', 'O'), 'Ś', 'S'), 'Ź', 'Z'), 'Ż', 'Z'), 'ą', 'a'), 'ć', 'c'), 'ę', 'e'), 'ł', 'l'), 'ń', 'n'), 'ó', 'o'), 'ś', 's'), 'ź', 'z'), 'ż', 'z'))) VIRTUAL;
CREATE INDEX persons_name_folded ON persons (coop_id, name_folded);
CREATE INDEX persons_company_folded ON persons (coop_id, company_folded) WHERE company_name <> '';
CREATE INDEX buildings_street_folded ON buildings (coop_id, street_folded);

-- +goose Down
DROP INDEX buildings_street_folded;
DROP INDEX persons_company_folded;
DROP INDEX persons_name_folded;
ALTER TABLE buildings DROP COLUMN street_folded;
ALTER TABLE persons DROP COLUMN company_folded;
ALTER TABLE persons DROP COLUMN name_folded;
