-- +goose Up
-- Reading scans (issue 10 §2, optional): files published without a text
-- layer wait for the background OCR (library/ocr.go). ocr_started_at and
-- ocr_attempts lease a file to the node reading it; ocr_done_at marks it
-- read (its text, if any, then in text with extractor 'tesseract').
ALTER TABLE library_files ADD COLUMN ocr_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE library_files ADD COLUMN ocr_started_at TIMESTAMPTZ;
ALTER TABLE library_files ADD COLUMN ocr_done_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE library_files DROP COLUMN ocr_done_at;
ALTER TABLE library_files DROP COLUMN ocr_started_at;
ALTER TABLE library_files DROP COLUMN ocr_attempts;
