// Package ledgercsv reads and writes the CSV format in which a cooperative's
// accounting system hands ledger entries (charges, payments, corrections,
// interest, settlements) to ebok. FORMAT.md beside this file documents the
// format for the people who write the export; this comment summarises it.
//
// # The file
//
//   - UTF-8, with or without a byte order mark; lines end in LF or CRLF.
//   - The separator is ';', or ',' if the header line has no ';' but has a
//     ','. A field holding the separator, a quotation mark or a line break is
//     put in quotation marks, and a quotation mark inside it is doubled.
//   - Empty lines are skipped. Spaces around values are ignored, and runs of
//     white space inside text become one space.
//   - The first line is a header naming the columns, in any order, in any
//     letter case, with or without Polish letters, with "_", "-" or " "
//     between words. Unknown and repeated columns are errors.
//
// # The columns
//
//	external_id       id_zewnetrzny      required; at most 100 characters;
//	                                     unique in the file and, for the
//	                                     import, in the cooperative
//	account           rachunek, nrb      the premises' 26-digit NRB; spaces,
//	                                     hyphens and "PL" allowed
//	premises          lokal              the premises as the cooperative
//	                                     numbers it, "Mickiewicza 5/12", or
//	                                     its code; at most 100 characters
//	booked_on         data_ksiegowania   required; 2026-11-21 or 21.11.2026
//	due_on            termin_platnosci   optional date
//	period            okres              optional month: 2026-11 or 11.2026
//	kind              rodzaj             required: naliczenie (charge),
//	                                     wplata (payment), korekta
//	                                     (correction), odsetki (interest),
//	                                     rozliczenie (settlement)
//	component         skladnik           optional, e.g. "eksploatacja"; at
//	                                     most 64 characters
//	amount            kwota              required; "1 234,56", "-12,30",
//	                                     "1234.56"; at most two decimals
//	description       opis               required for a correction (its
//	                                     reason); at most 1000 characters
//
// A file has an account column, a premises column or both, and each entry
// fills at least one of them. When both are filled the importer checks that
// they name the same premises.
//
// # Amounts are signed as stored
//
// A positive amount adds to what the premises owes and a negative one
// reduces it, exactly as the ledger stores it. So a charge and interest are
// positive, a payment is negative ("-250,00" for 250 zł received), and a
// correction or a settlement may be either. Zero is refused. A payment
// written as a positive number is an error, not silently turned round: it
// would mean the export does not follow the convention, and guessing could
// double a debt. To reverse a payment, book a correction with its reason.
//
// # Reading
//
// Parse reads a whole file into a File for a dry run; ParseFunc streams a
// file of any size, handing each good entry to a function. Both check every
// entry and report every problem, numbered by the line it is on, with a
// message in Polish for staff ([Problem]); repeated external ids are reported
// on each later line, naming the first. A file with any problem must not be
// applied ([Report.OK]). The Report also holds the SHA-256 of the file's
// bytes, for recognising a file imported before, and the count of entries.
//
// Write writes entries back in the same format.
package ledgercsv
