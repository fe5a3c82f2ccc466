package demo

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/meeting"
)

// Meeting calls the demo cooperative's coming general meeting: its first
// part 35 days after today (so the notice, recorded today, is in time and
// members may file draft resolutions for another 20 days), the estates
// split between two parts two days apart, with two draft resolutions and
// the board's report attached as real PDFs.
func Meeting(ctx context.Context, m *meeting.Service, render RenderPDF, coopID int64, today civil.Date) error {
	by := audit.System(coopID)
	estates, err := m.Estates(ctx, coopID)
	if err != nil {
		return err
	}
	first := today.AddDays(35)
	parts := []meeting.PartInput{{Day: first, Hour: "17:00", Place: "Klub Osiedlowy „Sąsiad”, ul. Mickiewicza 12"}}
	if len(estates) > 1 {
		half := (len(estates) + 1) / 2
		parts = append(parts, meeting.PartInput{Day: first.AddDays(2), Hour: "17:00", Place: "Szkoła Podstawowa nr 5, ul. Leśna 3 (aula)"})
		for i, e := range estates {
			p := &parts[0]
			if i >= half {
				p = &parts[1]
			}
			p.Estates = append(p.Estates, e.ID)
		}
	}
	mt, err := m.Create(ctx, by, meeting.Draft{Title: fmt.Sprintf("Walne Zgromadzenie Członków Spółdzielni %d", first.Year), Parts: parts})
	if err != nil {
		return fmt.Errorf("demo: meeting: %w", err)
	}
	year := first.Year - 1
	items := []struct {
		kind          meeting.ItemKind
		number, title string
		text          []string
	}{
		{meeting.Resolution, fmt.Sprintf("1/%d", first.Year), fmt.Sprintf("Uchwała w sprawie zatwierdzenia sprawozdania finansowego za rok %d", year),
			[]string{fmt.Sprintf("§ 1. Walne Zgromadzenie zatwierdza sprawozdanie finansowe Spółdzielni za rok %d.", year), "§ 2. Uchwała wchodzi w życie z dniem podjęcia."}},
		{meeting.Resolution, fmt.Sprintf("2/%d", first.Year), fmt.Sprintf("Uchwała w sprawie podziału nadwyżki bilansowej za rok %d", year),
			[]string{"§ 1. Nadwyżkę bilansową przeznacza się na fundusz remontowy zasobów mieszkaniowych.", "§ 2. Uchwała wchodzi w życie z dniem podjęcia."}},
		{meeting.Report, "", fmt.Sprintf("Sprawozdanie Zarządu z działalności Spółdzielni w roku %d", year),
			[]string{"Zarząd przedstawia sprawozdanie z działalności, w tym z wykonania planu remontów i gospodarki zasobami mieszkaniowymi."}},
	}
	for _, it := range items {
		data, err := render(it.title, it.text)
		if err != nil {
			return err
		}
		if _, err := m.AddItem(ctx, by, mt.ID, it.kind, it.number, it.title, "material.pdf", data); err != nil {
			return fmt.Errorf("demo: meeting material %q: %w", it.title, err)
		}
	}
	return m.SendNotice(ctx, by, mt.ID)
}
