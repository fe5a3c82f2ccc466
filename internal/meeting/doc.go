// Package meeting is the general meeting (walne zgromadzenie, USM art. 8³)
// as IKCS shows it: a meeting held in parts, each with its day, place and
// the estates whose members vote in it; its notice, which must go out at
// least 21 days before the first part (ust. 6); the draft resolutions and
// reports attached to it, which members see from the notice; the draft
// resolutions members file until 15 days before the first part (ust. 11),
// each with a PDF receipt; the votes staff record after each part, summed
// across the parts (ust. 9); and the results and minutes members see once
// staff publish them.
//
// The deadlines are counted in whole days of the cooperative's time zone:
// the notice is lawful when sent on or before the first part's day minus
// 21 days, and a member's draft is accepted until the end of the first
// part's day minus 15 days.
package meeting
