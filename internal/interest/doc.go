// Package interest computes Polish statutory interest for delay (odsetki
// ustawowe za opóźnienie) on late charges, and settles payments against
// charges oldest first.
//
// # The rate
//
// Since 1 January 2016 the rate for delay equals the NBP reference rate
// (stopa referencyjna) plus 5.5 percentage points and changes on the day
// the reference rate changes (art. 481 § 2 of the Civil Code, Kodeks
// cywilny); the Minister of Justice announces each new rate in Monitor
// Polski (art. 481 § 2⁴), but the announcement only declares it. Before
// 2016 delay bore statutory interest (odsetki ustawowe) at a rate the
// Council of Ministers set by regulation: 13% from 15.12.2008 (Dz.U. 2008
// nr 220 poz. 1434) and 8% from 23.12.2014 to 31.12.2015 (Dz.U. 2014 poz.
// 1858, https://eli.gov.pl/eli/DU/2014/1858/ogl).
//
// The rates live in rates.csv, embedded in the binary and read by Default.
// Every row names its source and a status: "official" where the legal act
// itself was read, for example the Minister of Justice's announcements
// M.P. 2016 poz. 47 (7% from 1.01.2016), M.P. 2020 poz. 627 (6,5%, 6% and
// 5,6% from 18.03, 9.04 and 29.05.2020), M.P. 2021 poz. 953, M.P. 2022
// poz. 109, 285, 375 and 586; "secondary" where the date and value are
// confirmed by ZUS's list of rates
// (https://www.zus.pl/pl/baza-wiedzy/skladki-wskazniki-odsetki/odsetki/wysokosc-odsetek-ustawowych)
// or by banks and the press quoting the NBP's communiqués, but the
// announcement in Monitor Polski was not found. All changes from May 2025
// on (the NBP cuts of 8.05, 3.07, 4.09, 9.10, 6.11 and 4.12.2025 and
// 5.03.2026) are of the second kind. The table ends with the rate in force
// since its last row; when the Monetary Policy Council changes the
// reference rate, add a row.
//
// # Counting interest
//
// Interest runs on each late amount from the day after its due date up to
// and including the day it is paid. Each run of days at one rate is a
// Slice: amount × rate × days / 365 (actual/365, also in leap years, as
// Polish courts and calculators count), rounded half up to the grosz once
// per slice. For example 1000,00 zł due 10.01.2023 and paid 10.03.2023
// is late 59 days (11.01 to 10.03) at 12,25%:
// 1000 × 0,1225 × 59 / 365 = 19,80 zł.
//
// # Settling payments
//
// Allocate settles payments against debts oldest first, unless a payment
// targets a debt; no debt is paid more than it owes and the rest remains as
// credit. Statement combines both: per debt, what was paid when, what is
// still owed, and the interest on each late part. Payments settle principal
// only; applying a payment to overdue interest first (art. 451 § 1 k.c.)
// is a ledger policy left to the caller.
package interest
