package audit

// The members' library, with Subject "library_document:<id>" (or
// "library_file:<id>" for a download).
const (
	// LibraryPublished: staff published a document or attached a new
	// version of its PDF; Details name the file and its version.
	LibraryPublished Action = "library.published"
	// LibraryChanged: staff changed a document's metadata or status
	// (archived, repealed, superseded by another document).
	LibraryChanged Action = "library.changed"
	// LibraryDownloaded: someone downloaded a file of a members-only
	// document.
	LibraryDownloaded Action = "library.downloaded"
	// LibraryNotified: ebok e-mailed members about a new document, as
	// staff asked when publishing it; Details give the number of e-mails.
	LibraryNotified Action = "library.notified"
)
