// Package bankstmt reads bank statements of the cooperative's accounts,
// MT940 files, ISO 20022 camt.053 XML statements (see ParseCAMT053) and CSV
// exports, into transactions: credits (payments by
// residents) and debits. It is pure: it touches no database and decides
// nothing about which premises a payment belongs to. For that it lists, on
// every transaction, each valid account number (NRB) found anywhere in it, so
// that the caller can look for the premises' virtual accounts wherever the
// bank put them.
//
// Every parser is all or nothing: if any line is wrong they return no
// statements and a *ParseError that lists every offending line with its
// number, a key of the message catalogue ("bankstmt." + Problem.Key, with
// Problem.Args) that staff read in Polish, and a short English reason.
//
// # Character sets
//
// Polish banks write Windows-1250, ISO-8859-2, CP852, Mazovia, UTF-8 or
// plain ASCII with diacritics stripped. The charset of a file is detected as
// follows (the chosen one is reported in Statement.Charset):
//
//  1. A UTF-16 byte order mark selects UTF-16.
//  2. Bytes all below 0x80 are ASCII.
//  3. Valid UTF-8 is UTF-8; a leading byte order mark is dropped.
//  4. Otherwise the file is decoded as Windows-1250, ISO-8859-2, CP852 and
//     Mazovia, and each byte of 0x80 or above scores +1 for a charset in
//     which it is a Polish letter (ą ć ę ł ń ó ś ź ż, either case) and -1
//     where it is a control character, an unmapped byte or a box-drawing or
//     block character. The highest score wins; ties go to Windows-1250, then
//     ISO-8859-2, then CP852. The charsets put ą, ś, ź and most capitals on
//     different bytes, so a few Polish words decide it.
//
// Line endings may be CRLF, LF or CR; line numbers count lines the way an
// editor shows them.
//
// # MT940
//
// ParseMT940 accepts:
//   - optional SWIFT blocks: a header line "{1:...}{2:...}{4:" before the
//     fields, and the trailer "-}" (possibly followed by "{5:...}"), or a
//     lone "-" between messages; SOH, ETX, SUB and NUL characters are ignored;
//   - any number of statements per file, each starting with :20: (or with
//     :25: if :20: is missing), with :25: account (as "/PL" and 26 digits,
//     with or without "/" and "PL", or sort code and account part without
//     check digits), :28C: number, :60F: or :60M: opening balance, any number
//     of :61: entries each optionally followed by one or more :86: (ING Bank
//     Śląski writes ":86:150" and then the structured ":86:150~00…"; a
//     structured one wins), and :62F: or :62M: closing balance; other fields
//     (:21:, :13D:, :64:, :65:, :86: after the closing balance,
//     bank-specific ones) are skipped. A :86: before any :61: of its
//     statement is refused, and so is an MT942 interim report (:34F:
//     without an opening balance), with a message saying what it is;
//   - :61: as YYMMDD value date, optional MMDD entry (booking) date, whose
//     year is the one nearest the value date (so 261231 with 0102 is booked
//     on 2 January 2027), mark C, D, RC (reversal of a credit: a debit) or RD
//     (reversal of a debit: a credit), optional funds code letter, amount in
//     SWIFT form: digits and a decimal comma with at most two decimals
//     ("1234,56", "0001234,5", "1234,"); a dot, a missing comma or a third
//     decimal is refused, never guessed;
//     transaction type ("NTRF", "S051"), reference for the account owner,
//     "//" and the bank's reference, and supplementary details on the
//     following lines;
//   - :86: either structured, an optional three-digit transaction code and
//     subfields introduced by "~" (also "^", "<" or "?") and two digits: ~20 to
//     ~25 title, ~32 and ~33 (or ~27 to ~29) counterparty name, ~38
//     counterparty IBAN, or ~30 sort code with ~31 account; or free text.
//     Pieces of text that a bank cut at a fixed width (full 65-character
//     lines, full 27-character subfields) are joined without a space;
//     shorter ones with one, so a name or address run across ~32/~33 or
//     ~62/~63 (Pekao) keeps its words whole. The character "˙" (the byte
//     0xFF with which PKO BP fills empty subfields) is never text. A
//     free-text :86: of "LABEL: value;" segments (mBank: "Z RACH.:", "OD:",
//     "NA RACH.:", "TYT.:", "TNR:", "ID IPH:") is read with its lines joined
//     as they stand, since mBank cuts a line anywhere and keeps the spaces:
//     payer account, payer name and address (split at the bank's double
//     space), credited account, title, bank reference and IPH identifier.
//
// The closing balance must equal the opening balance plus the entries, and
// dates are years 1980 to 2079 and must exist; a file that ends before its
// last statement's :62F: is refused naming its last line ("was the download
// cut?"). Statement.Currency is the balances' currency: a file may hold
// statements of several accounts in several currencies, and the importer
// decides which it takes.
//
// Transaction.Credited lists the accounts found where banks name the
// account that was credited: the :61: line and its details, NA RACH., ~60
// to ~63 and, last, the statement's :25: (a sub-account). The importer
// takes the premises from these (or from PayerID) only, never from an
// account in the title or the payer's own.
//
// Transaction.Accounts holds, in order of appearance, the statement's :25:
// account and every valid NRB in the :61: references and supplementary
// details and in every :86: subfield (each alone, and the title, names and
// ~60 to ~63 each joined), including the counterparty's from ~38 or ~30/~31.
//
// # CSV: the documented import format for bank CSV exports
//
// ParseCSV reads one export of one account as one Statement (Format "CSV",
// Number empty). The file:
//
//   - uses ";" or "," (or a tab) between fields, detected as the first of
//     these under which a header row is found; fields may be quoted with
//     '"', with "" for a quote inside and line breaks allowed;
//
//   - may begin with any preamble (bank address, client, period, filters, as
//     mBank prints); the first valid NRB in the preamble becomes
//     Statement.Account;
//
//   - has a header row: the first row that names at least one date column
//     and an amount (or credit or debit) column. Names are matched ignoring
//     case, Polish diacritics, a leading "#", a trailing ":" or ".", and a
//     note in parentheses ("Kwota (PLN)"); the accepted names are listed in
//     the next section. Unknown columns are ignored but still searched for
//     account numbers;
//
//   - has one row per operation. BookedOn is the booking date, else the
//     operation date, else the value date; ValueOn is the value date, else
//     the operation date, else the booking date. Dates are "2026-11-21",
//     "21.11.2026", "21-11-2026" or "21/11/2026" (also year first with dots
//     or slashes), optionally followed by a time. Amounts are "1 234,56",
//     "-12,30", "1234.56", "+450,00 PLN", "1.234,56" or "1,234.56"; the
//     amount column, if present, is signed, else a credit column gives a
//     credit and a debit column a debit; of two amount or currency columns
//     the one in the account's currency ("Kwota w walucie rachunku",
//     "Waluta rachunku") is read. The title is the title column, else the
//     description;
//
//   - may put "Label: value" cells outside the named columns or in the
//     description column, as PKO BP does ("Tytuł: ...", "Nazwa nadawcy: ...",
//     "Rachunek nadawcy: ...", "Rachunek odbiorcy: ..."): a label that is one
//     of the title, counterparty, counterparty account, own account or
//     reference names listed below fills that field when the row's own
//     column for it is missing or empty;
//
//   - may contain empty rows, rows whose first non-empty cell starts with "#"
//     (summaries such as "#Saldo końcowe"), rows with no amount whose date
//     cells hold no digit (a line of text under the table, as ING prints)
//     and card blockades not yet booked (no amount, but one in a "Kwota
//     blokady" column); they are skipped. A reference in quotes or behind
//     an apostrophe ('202611200003', as ING writes it) is read without them.
//
// The header names ParseCSV accepts, by the field each fills:
//
//	booking date          Data księgowania, Data zaksięgowania, Data ks., Data,
//	                      Data rozliczenia, Booking date
//	operation date        Data operacji, Data transakcji, Data zlecenia,
//	                      Data realizacji, Transaction date
//	value date            Data waluty, Value date
//	amount (signed)       Kwota, Kwota operacji, Kwota transakcji,
//	                      Kwota w walucie rachunku, Wartość, Amount
//	credit (positive)     Uznania, Uznanie, Wpływy, Wpływ, Kwota uznania, Ma, Credit
//	debit (negative)      Obciążenia, Obciążenie, Wydatki, Wydatek,
//	                      Kwota obciążenia, Winien, Wn, Debit
//	currency (PLN only)   Waluta, Waluta rachunku, Waluta operacji, Currency
//	title                 Tytuł, Tytuł operacji, Tytuł przelewu, Tytuł płatności,
//	                      Tytułem, Title
//	description           Opis, Opis operacji, Opis transakcji, Szczegóły,
//	                      Szczegóły operacji, Szczegóły transakcji, Description
//	counterparty          Nadawca, Kontrahent, Nazwa kontrahenta, Dane kontrahenta,
//	                      Nazwa nadawcy, Dane nadawcy, Nadawca/Odbiorca,
//	                      Odbiorca/Nadawca, Odbiorca/Zleceniodawca, Counterparty
//	counterparty account  Rachunek nadawcy, Numer rachunku, Numer konta,
//	                      Nr rachunku, Nr konta, Rachunek kontrahenta,
//	                      Numer rachunku nadawcy, Nr rachunku nadawcy,
//	                      Konto nadawcy, Rachunek nadawcy/odbiorcy,
//	                      Rachunek źródłowy, Na konto/Z konta, Counterparty account
//	own account           Rachunek odbiorcy, Konto, Numer rachunku odbiorcy,
//	                      Nr rachunku odbiorcy, Konto odbiorcy, Rachunek,
//	                      Rachunek wirtualny, Rachunek docelowy,
//	                      Numer rachunku/karty, Account
//	reference             Referencje, Referencja, Numer referencyjny,
//	                      Nr referencyjny, Numer transakcji, Nr transakcji,
//	                      Id transakcji, Identyfikator transakcji, Reference
//	balance after         Saldo po operacji, Saldo po transakcji, Saldo, Balance
//
// Statement.Account is the preamble's account, else the own-account column
// if every row names the same valid NRB. Opening and Closing come from the
// balance column when its values add up with the amounts (rows oldest first
// or newest first), and are zero otherwise. Transaction.Accounts holds the
// statement's account and every valid NRB in any cell of the row.
//
// A file that is none of these but an Elixir-O file of orders or operations
// (records "110,20261201,…") is refused by ParseCSV as what it is
// (KeyElixir), not as a CSV without a header.
//
// # ExternalID
//
// ExternalID lets an importer recognise an entry it has already imported.
// With a bank reference it is "ref:" followed by the statement account,
// booking date, amount in grosze and the reference, joined by ":"; the date
// and amount guard against a bank reusing a short reference. Without one
// (references such as NONREF, zeros or an account number do not count) it
// is "sha256:" and a digest of the statement account, dates, amount,
// accounts and the texts of the entry reduced to upper-case ASCII letters
// and digits, so the same entry gets the same ID whatever the charset, line
// endings, text wrapping or stripping of diacritics. For CSV the statement
// account in the ID is only one named in the preamble, since an account
// inferred from the rows depends on the period exported. Entries of one statement that would
// share an ID (the same payment made twice a day) get "#2", "#3"... in file
// order. IDs do not depend on line numbers.
//
// # Account numbers in text
//
// FindAccounts finds valid NRBs in free text: 26 digits in one piece or in
// groups separated by spaces or hyphens, with or without "PL".
package bankstmt
