-- +goose Up
-- Staff search companies by name; few persons are companies, so a partial
-- index keeps that search from reading every person.
CREATE INDEX persons_company ON persons (coop_id, company_name) WHERE company_name <> '';
-- Phone numbers are looked up by their digits, however they were typed.
CREATE INDEX persons_phone ON persons (coop_id, (replace(replace(replace(phone, ' ', ''), '-', ''), '+', '')));

-- +goose Down
DROP INDEX persons_phone;
DROP INDEX persons_company;
