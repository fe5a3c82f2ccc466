package library

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/store"
)

// fileColumns are what scanFile reads, in its order (alias f).
const fileColumns = `f.id, f.document_id, f.version, f.anonymised, f.filename, f.size, f.sha256,
	f.has_text, f.extractor, f.uploaded_at, f.uploaded_by`

// scanFile reads one row of fileColumns.
func scanFile(row store.Scanner) (File, error) {
	var f File
	err := row.Scan(&f.ID, &f.DocumentID, &f.Version, &f.Anonymised, &f.Filename, &f.Size, &f.SHA256,
		&f.HasText, &f.Extractor, &f.UploadedAt, &f.UploadedBy)
	return f, err
}

// openable loads a document rd may open now, or fault.ErrNotFound: a
// document one may not open does not exist for them.
func (s *Service) openable(ctx context.Context, rd Reader, id int64) (Document, audience, error) {
	aud, err := s.audienceOf(ctx, rd, s.today())
	if err != nil {
		return Document{}, aud, err
	}
	d, err := document(ctx, s.DB.Read(), rd.CoopID, id)
	if err != nil {
		return Document{}, aud, err
	}
	if !aud.opens(d, s.Now()) {
		return Document{}, aud, fmt.Errorf("library: document %d hidden from %s: %w", id, rd.Name, fault.ErrNotFound)
	}
	return d, aud, nil
}

// Get returns a document rd may open, with the files rd may download
// (newest first) and its links to the documents it supersedes and the one
// that superseded it, as far as rd may open them.
func (s *Service) Get(ctx context.Context, rd Reader, id int64) (Details, error) {
	d, aud, err := s.openable(ctx, rd, id)
	if err != nil {
		return Details{}, err
	}
	det := Details{Document: d}
	if aud.staff {
		if det.Estates, err = s.estates(ctx, rd.CoopID); err != nil {
			return Details{}, err
		}
	}
	files, err := store.QueryAll(ctx, s.DB.Read(), scanFile, `SELECT `+fileColumns+` FROM library_files f
		WHERE f.coop_id = $1 AND f.document_id = $2 ORDER BY f.version DESC`, rd.CoopID, id)
	if err != nil {
		return Details{}, fmt.Errorf("library: files of %d: %w", id, err)
	}
	for _, f := range files {
		if aud.seesFile(d, f) {
			det.Files = append(det.Files, f)
		}
	}
	older, err := store.QueryAll(ctx, s.DB.Read(), scanDocument, `SELECT `+docColumns+` FROM library_documents d
		WHERE d.coop_id = $1 AND d.superseded_by = $2 ORDER BY d.effective_on DESC, d.id DESC`, rd.CoopID, id)
	if err != nil {
		return Details{}, fmt.Errorf("library: superseded by %d: %w", id, err)
	}
	for _, o := range older {
		if aud.opens(o, s.Now()) {
			det.Supersedes = append(det.Supersedes, o)
		}
	}
	if d.SupersededBy != 0 {
		if n, err := document(ctx, s.DB.Read(), rd.CoopID, d.SupersededBy); err == nil && aud.opens(n, s.Now()) {
			det.SupersededBy = &n
		}
	}
	return det, nil
}

// Download is a file's content to send.
type Download struct {
	Filename string
	Data     []byte
}

// Download returns a file of a document rd may open, if rd may see that
// file. A download from a members-only document is entered in the audit
// log and in the reader's download history.
func (s *Service) Download(ctx context.Context, rd Reader, docID, fileID int64) (Download, error) {
	d, aud, err := s.openable(ctx, rd, docID)
	if err != nil {
		return Download{}, err
	}
	f, err := scanFile(s.DB.Read().QueryRowContext(ctx, `SELECT `+fileColumns+` FROM library_files f
		WHERE f.coop_id = $1 AND f.document_id = $2 AND f.id = $3`, rd.CoopID, docID, fileID))
	if err != nil {
		return Download{}, fmt.Errorf("library: file %d: %w", fileID, store.MapError(err))
	}
	if !aud.seesFile(d, f) {
		return Download{}, fmt.Errorf("library: file %d hidden: %w", fileID, fault.ErrNotFound)
	}
	dl := Download{Filename: f.Filename}
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT data FROM library_files WHERE coop_id = $1 AND id = $2`,
		rd.CoopID, fileID).Scan(&dl.Data); err != nil {
		return Download{}, fmt.Errorf("library: file %d: %w", fileID, err)
	}
	if d.Visibility == Members {
		if err := s.logDownload(ctx, rd, f); err != nil {
			return Download{}, err
		}
	}
	return dl, nil
}

// logDownload enters a download in the reader's history and the audit log.
func (s *Service) logDownload(ctx context.Context, rd Reader, f File) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if rd.UserID != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO library_downloads (coop_id, user_id, file_id, downloaded_at)
				VALUES ($1, $2, $3, $4)`, rd.CoopID, rd.UserID, f.ID, s.now()); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, rd.Did(s.now(), audit.LibraryDownloaded, "library_file:"+strconv.FormatInt(f.ID, 10),
			map[string]string{"document": strconv.FormatInt(f.DocumentID, 10), "version": strconv.Itoa(f.Version)}))
	})
}

// DownloadEntry is one line of a reader's download history.
type DownloadEntry struct {
	At         time.Time
	DocumentID int64
	Title      string
	Number     string
	Version    int
}

// Downloads is rd's own download history, newest first (the last 200).
func (s *Service) Downloads(ctx context.Context, rd Reader) ([]DownloadEntry, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (DownloadEntry, error) {
		var e DownloadEntry
		return e, row.Scan(&e.At, &e.DocumentID, &e.Title, &e.Number, &e.Version)
	}, `SELECT l.downloaded_at, d.id, d.title, d.number, f.version FROM library_downloads l
		JOIN library_files f ON f.coop_id = l.coop_id AND f.id = l.file_id
		JOIN library_documents d ON d.coop_id = f.coop_id AND d.id = f.document_id
		WHERE l.coop_id = $1 AND l.user_id = $2 ORDER BY l.downloaded_at DESC, l.id DESC LIMIT 200`, rd.CoopID, rd.UserID)
	if err != nil {
		return nil, fmt.Errorf("library: downloads of %d: %w", rd.UserID, err)
	}
	return out, nil
}
