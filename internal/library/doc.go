// Package library is the IKCS members' library (USM art. 8¹): the
// cooperative's statute, regulations, resolutions, minutes, audit reports
// and financial statements, published as PDF files with their metadata.
//
// Each document has a visibility (public, members, all residents) and is
// shown to people other than staff only from its publication time and only
// through its shown file: the newest file, or for a document that carries
// personal data the newest anonymised file, so that minutes reach members
// anonymised or not at all. Every version of every file is kept.
//
// Search runs over text folded in Go by text.Fold and cut into words, the
// same words on both engines: SQLite's FTS5 (library_fts) and PostgreSQL's
// tsvector('simple') over library_documents.search_text (search_tsv). Snippets are
// built in Go from the text of the shown file, so a search never reveals a
// word of a file its reader may not open.
package library
