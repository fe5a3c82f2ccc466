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
// same words on both engines, kept one row per document and word in
// library_words (with the word's weight in the document's ranking): a
// query word matches the words it begins by a range of that table's
// primary key, on SQLite as on PostgreSQL. Snippets are
// built in Go from the text of the shown file, so a search never reveals a
// word of a file its reader may not open.
package library
