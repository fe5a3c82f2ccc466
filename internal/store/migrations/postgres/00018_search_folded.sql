-- +goose Up
-- Staff search finds names and streets typed without Polish letters and in
-- any case ("sokolowska" finds "Sokołowska", "slonecz" finds "Słoneczna").
-- The folded forms are columns the database computes itself on every
-- insert and update, so no writer (the demo's COPY, fixtures, imports) can
-- forget them: lower case, the nine Polish letters with a diacritic
-- replaced by their ASCII base letter, as text.Fold does (a store test
-- holds the two to the same result). The query is folded with text.Fold.
-- PostgreSQL stores them (STORED), filled for the rows already there.
ALTER TABLE persons ADD COLUMN name_folded TEXT GENERATED ALWAYS AS (lower(translate(last_name || ' ' || first_name, 'ĄĆĘŁŃÓŚŹŻąćęłńóśźż', 'ACELNOSZZacelnoszz'))) STORED;
ALTER TABLE persons ADD COLUMN company_folded TEXT GENERATED ALWAYS AS (lower(translate(company_name, 'ĄĆĘŁŃÓŚŹŻąćęłńóśźż', 'ACELNOSZZacelnoszz'))) STORED;
ALTER TABLE buildings ADD COLUMN street_folded TEXT GENERATED ALWAYS AS (lower(translate(street, 'ĄĆĘŁŃÓŚŹŻąćęłńóśźż', 'ACELNOSZZacelnoszz'))) STORED;
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
