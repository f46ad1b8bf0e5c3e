//! The household plan as a workbook: one sheet per commune laid out for printing (A4
//! landscape, the headings repeated on every page, the households' total a live `SUM`), and
//! for a district a first sheet rolling the communes up (`docs/household-plan.md`).

use super::{cell, height, number, print_setup, sum, title, tr, ExportError, Formats};
use crate::format::Lang;
use crate::household_plan::{coverage_rows, headings, rollup_headings, CommunePlan, DistrictRollup};
use crate::money::Dong;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Formula, Workbook, Worksheet};

/// Column widths of a commune's sheet (characters).
const WIDTHS: [f64; 12] = [5.0, 11.0, 12.0, 8.0, 12.0, 24.0, 22.0, 50.0, 13.0, 13.0, 20.0, 16.0];

/// The workbook of one commune's plan, or of a district's (`rollup` and its communes'
/// `plans`), as the bytes of an .xlsx file; the same plans always give the same bytes.
///
/// # Errors
/// A figure too large to be exact in a spreadsheet, or a writer failure.
pub fn household_plans(
    plans: &[CommunePlan],
    rollup: Option<&DistrictRollup>,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2019, 1, 1)?;
    let note = plans.first().map(|p| p.population.describe(lang)).unwrap_or_default();
    book.set_properties(
        &DocProperties::new()
            .set_title(tr(lang, "Kế hoạch hỗ trợ đến từng hộ", "Household support plan"))
            .set_author("GNBV Planner")
            .set_comment(&note)
            .set_creation_datetime(&created),
    );
    if let Some(r) = rollup {
        rollup_sheet(book.add_worksheet(), &f, r, plans, lang)?;
    }
    let mut names: Vec<String> = Vec::new();
    for p in plans {
        let sheet = book.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\, unique.
        let base: String = format!("{:05} {}", p.commune.0, p.commune_name)
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        let name = if names.contains(&base) { format!("{:05}", p.commune.0) } else { base };
        sheet.set_name(&name)?;
        names.push(name);
        commune_sheet(sheet, &f, p, lang)?;
    }
    Ok(book.save_to_buffer()?)
}

fn commune_sheet(sheet: &mut Worksheet, f: &Formats, p: &CommunePlan, lang: Lang) -> Result<(), ExportError> {
    let last = (WIDTHS.len() - 1) as u16;
    title(sheet, f, 0, last, &p.title(lang), &p.place(lang))?;
    let population = p.population.describe(lang);
    sheet.merge_range(2, 0, 2, last, &population, if p.population.illustrative() { &f.in_words } else { &f.note })?;
    sheet.set_row_height(2, 30)?;
    let head = 4;
    for (col, h) in headings(lang).iter().enumerate() {
        sheet.write_string_with_format(head, col as u16, *h, &f.header)?;
    }
    sheet.set_row_height(head, 45)?;
    let mut row = head + 1;
    for (n, h) in p.households.iter().enumerate() {
        let cells = p.row(n, h, lang, true);
        for (col, text) in cells.iter().enumerate() {
            let col = col as u16;
            match col {
                0 | 3 => sheet.write_number_with_format(row, col, text.parse::<f64>().unwrap_or(0.0), &f.count)?,
                4 => sheet.write_number_with_format(row, col, f64::from(h.income), &f.money)?,
                8 => sheet.write_number_with_format(row, col, number(h.total())?, &f.money)?,
                9 => sheet.write_number_with_format(row, col, number(h.loans())?, &f.money)?,
                _ => sheet.write_string_with_format(row, col, text, &f.text)?,
            };
        }
        let wrapped: Vec<(&str, f64)> = [5usize, 6, 7, 10].iter().map(|&c| (cells[c].as_str(), WIDTHS[c])).collect();
        sheet.set_row_height(row, height(&wrapped))?;
        row += 1;
    }
    // The total: a live SUM with the engine's figure cached.
    let first = head + 1;
    sheet.merge_range(row, 0, row, 7, tr(lang, "Tổng cộng", "Total"), &f.text_bold)?;
    let formula = if p.households.is_empty() {
        Formula::new("0").set_result("0")
    } else {
        sum(format!("SUM({}:{})", cell(first, 8), cell(row - 1, 8)), p.coverage.amount)?
    };
    sheet.write_formula_with_format(row, 8, formula, &f.money_bold)?;
    let formula = if p.households.is_empty() {
        Formula::new("0").set_result("0")
    } else {
        sum(format!("SUM({}:{})", cell(first, 9), cell(row - 1, 9)), p.coverage.loans)?
    };
    sheet.write_formula_with_format(row, 9, formula, &f.money_bold)?;
    sheet.write_blank(row, 10, &f.text_bold)?;
    sheet.write_blank(row, 11, &f.text_bold)?;
    row += 2;
    // Supports by program.
    let totals = p.totals_rows(lang, true);
    for (i, r) in totals.iter().enumerate() {
        for (col, text) in r.iter().enumerate() {
            let col = col as u16;
            let format = if i == 0 {
                &f.header
            } else if col >= 2 {
                &f.money
            } else {
                &f.text
            };
            if i > 0 && col >= 2 {
                sheet.write_number_with_format(row, col, text.parse::<f64>().unwrap_or(0.0), format)?;
            } else {
                sheet.write_string_with_format(row, col, text, format)?;
            }
        }
        row += 1;
    }
    row += 1;
    for (label, n) in p.coverage_rows(lang) {
        sheet.merge_range(row, 0, row, 4, &label, &f.text)?;
        sheet.write_number_with_format(row, 5, n as f64, &f.count)?;
        row += 1;
    }
    row += 1;
    sheet.merge_range(row, 0, row, 4, tr(lang, "NGƯỜI LẬP BIỂU", "PREPARED BY"), &f.center_bold)?;
    sheet.merge_range(
        row,
        7,
        row,
        last,
        tr(lang, "TM. ỦY BAN NHÂN DÂN XÃ\nCHỦ TỊCH", "FOR THE COMMUNE PEOPLE'S COMMITTEE\nCHAIR"),
        &f.center_bold,
    )?;
    sheet.set_row_height(row, 30)?;
    for (col, w) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *w)?;
    }
    sheet.set_freeze_panes(head + 1, 2)?;
    print_setup(sheet, head, head, lang)?;
    Ok(())
}

fn rollup_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    r: &DistrictRollup,
    plans: &[CommunePlan],
    lang: Lang,
) -> Result<(), ExportError> {
    sheet.set_name(tr(lang, "Tổng hợp huyện", "District"))?;
    let last = 8u16;
    let year = plans.first().map_or(crate::scenario::FIRST_YEAR, |p| p.year);
    let heading = match lang {
        Lang::Vi => format!("TỔNG HỢP KẾ HOẠCH HỖ TRỢ ĐẾN TỪNG HỘ NĂM {year}"),
        Lang::En => format!("HOUSEHOLD SUPPORT PLANS, {year}: DISTRICT SUMMARY"),
    };
    title(sheet, f, 0, last, &heading, &r.district_name)?;
    let note = plans.first().map(|p| p.population.describe(lang)).unwrap_or_default();
    sheet.merge_range(2, 0, 2, last, &note, &f.note)?;
    sheet.set_row_height(2, 30)?;
    let head = 4;
    for (col, h) in rollup_headings(lang).iter().enumerate() {
        sheet.write_string_with_format(head, col as u16, *h, &f.header)?;
    }
    sheet.set_row_height(head, 45)?;
    let mut row = head + 1;
    for (code, name, c) in &r.communes {
        sheet.write_string_with_format(row, 0, format!("{:05} {name}", code.0), &f.text)?;
        let counts = [c.households, c.poor, c.near_poor, c.deprived, c.all_addressed, c.cause_unmatched];
        for (i, n) in counts.iter().enumerate() {
            sheet.write_number_with_format(row, i as u16 + 1, *n as f64, &f.count)?;
        }
        sheet.write_number_with_format(row, 7, number(c.amount)?, &f.money)?;
        sheet.write_number_with_format(row, 8, number(c.loans)?, &f.money)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, tr(lang, "Toàn huyện", "District total"), &f.text_bold)?;
    let t = &r.total;
    let counts = [t.households, t.poor, t.near_poor, t.deprived, t.all_addressed, t.cause_unmatched];
    let first = head + 1;
    for (i, n) in counts.iter().enumerate() {
        let col = i as u16 + 1;
        let formula = if r.communes.is_empty() {
            Formula::new("0").set_result("0")
        } else {
            sum(format!("SUM({}:{})", cell(first, col), cell(row - 1, col)), Dong::new(*n as i64))?
        };
        sheet.write_formula_with_format(row, col, formula, &f.money_bold)?;
    }
    for (col, value) in [(7u16, t.amount), (8, t.loans)] {
        let formula = if r.communes.is_empty() {
            Formula::new("0").set_result("0")
        } else {
            sum(format!("SUM({}:{})", cell(first, col), cell(row - 1, col)), value)?
        };
        sheet.write_formula_with_format(row, col, formula, &f.money_bold)?;
    }
    row += 2;
    for (label, n) in coverage_rows(t, lang) {
        sheet.merge_range(row, 0, row, 4, &label, &f.text)?;
        sheet.write_number_with_format(row, 5, n as f64, &f.count)?;
        row += 1;
    }
    sheet.set_column_width(0, 34.0)?;
    for col in 1..=8 {
        sheet.set_column_width(col, 14.0)?;
    }
    sheet.set_freeze_panes(head + 1, 1)?;
    print_setup(sheet, head, head, lang)?;
    Ok(())
}
