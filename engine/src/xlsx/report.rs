//! The monitoring report as a workbook: the indicator table's columns (plan for the year, done
//! in the period, year to date, % of plan, note) by project and source, by source, by district
//! and commune, the outputs and the targets; every total a live `SUM` and every share a live
//! formula, with the engine's figures cached (`docs/monitoring.md`).

use super::{cell, number, print_setup, sum, title, tr, ExportError, Formats};
use crate::format::Lang;
use crate::money::Dong;
use crate::monitoring::{progress_headings, Progress, Report};
use crate::projection::TargetUnit;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Formula, Workbook, Worksheet};

/// Sheet names, in order.
#[must_use]
pub fn report_sheet_names(lang: Lang) -> [&'static str; 5] {
    [
        tr(lang, "Theo dự án, nguồn vốn", "By project and source"),
        tr(lang, "Theo nguồn vốn", "By source"),
        tr(lang, "Theo huyện, xã", "By district and commune"),
        tr(lang, "Kết quả đầu ra", "Outputs"),
        tr(lang, "Chỉ tiêu", "Targets"),
    ]
}

/// The workbook of a monitoring report, as the bytes of an .xlsx file.
///
/// # Errors
/// A figure too large to be exact in a spreadsheet, or a writer failure.
pub fn monitoring_report(r: &Report) -> Result<Vec<u8>, ExportError> {
    let lang = r.lang;
    let f = Formats::new();
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2019, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(r.title())
            .set_author("GNBV Planner")
            .set_comment(&r.data_note)
            .set_creation_datetime(&created),
    );
    let names = report_sheet_names(lang);
    // Program rows sum their sources' rows; the total sums the programs.
    {
        let sheet = book.add_worksheet().set_name(names[0])?;
        let mut rows: Vec<Row> = Vec::new();
        for (i, (p, sources)) in r.programs.iter().enumerate() {
            rows.push(Row::group(crate::proposal::roman(i + 1), p, sources.len()));
            for (j, s) in sources.iter().enumerate() {
                rows.push(Row::leaf(format!("{}.{}", i + 1, j + 1), s));
            }
        }
        progress_sheet(sheet, &f, r, &rows)?;
    }
    {
        let sheet = book.add_worksheet().set_name(names[1])?;
        let rows: Vec<Row> = r.sources.iter().enumerate().map(|(i, s)| Row::leaf((i + 1).to_string(), s)).collect();
        progress_sheet(sheet, &f, r, &rows)?;
    }
    {
        let sheet = book.add_worksheet().set_name(names[2])?;
        let mut rows: Vec<Row> = vec![Row::leaf(String::new(), &r.province_level)];
        for (i, d) in r.districts.iter().enumerate() {
            let code: u16 = d.key.parse().unwrap_or(0);
            let communes: Vec<&Progress> = r.communes.iter().filter(|(dc, _)| *dc == code).map(|(_, c)| c).collect();
            rows.push(Row::group(crate::proposal::roman(i + 1), d, communes.len()));
            for (j, c) in communes.into_iter().enumerate() {
                rows.push(Row::leaf(format!("{}.{}", i + 1, j + 1), c));
            }
        }
        progress_sheet(sheet, &f, r, &rows)?;
    }
    outputs_sheet(book.add_worksheet().set_name(names[3])?, &f, r)?;
    targets_sheet(book.add_worksheet().set_name(names[4])?, &f, r)?;
    Ok(book.save_to_buffer()?)
}

/// A row of a progress sheet: a leaf with its figures, or a group summing the `children` rows
/// under it.
struct Row<'a> {
    number: String,
    progress: &'a Progress,
    children: usize,
}

impl<'a> Row<'a> {
    fn leaf(number: String, progress: &'a Progress) -> Self {
        Self { number, progress, children: 0 }
    }

    fn group(number: String, progress: &'a Progress, children: usize) -> Self {
        Self { number, progress, children }
    }
}

fn heading(sheet: &mut Worksheet, f: &Formats, r: &Report, last: u16) -> Result<u32, ExportError> {
    title(sheet, f, 0, last, &r.title(), &r.subtitle())?;
    sheet.merge_range(2, 0, 2, last, &r.data_note, &f.note)?;
    sheet.set_row_height(2, 30)?;
    Ok(4)
}

/// The share formula of a row: to date ÷ plan, blank without a plan.
fn share(row: u32, plan: Dong, to_date: Dong) -> Formula {
    let cached = if plan > Dong::ZERO {
        (to_date.to_decimal() / plan.to_decimal()).round_dp(6).to_string()
    } else {
        String::new()
    };
    Formula::new(format!("IF({p}=0,\"\",{d}/{p})", p = cell(row, 3), d = cell(row, 5))).set_result(cached)
}

fn progress_sheet(sheet: &mut Worksheet, f: &Formats, r: &Report, rows: &[Row<'_>]) -> Result<(), ExportError> {
    let lang = r.lang;
    let head = heading(sheet, f, r, 7)?;
    for (col, h) in progress_headings(lang).iter().enumerate() {
        sheet.write_string_with_format(head, col as u16, *h, &f.header)?;
    }
    sheet.set_row_height(head, 30)?;
    let first = head + 1;
    let mut top: Vec<u32> = Vec::new();
    let mut row = first;
    let mut i = 0;
    while i < rows.len() {
        let x = &rows[i];
        let bold = x.children > 0;
        let (text, money) = if bold { (&f.text_bold, &f.money_bold) } else { (&f.text, &f.money) };
        top.push(row);
        sheet.write_string_with_format(row, 0, &x.number, text)?;
        sheet.write_string_with_format(row, 1, &x.progress.name, text)?;
        sheet.write_string_with_format(row, 2, "đồng", text)?;
        let values = [x.progress.plan, x.progress.period, x.progress.to_date];
        if x.children > 0 {
            for (k, v) in values.iter().enumerate() {
                let col = 3 + k as u16;
                let formula = sum(format!("SUM({}:{})", cell(row + 1, col), cell(row + x.children as u32, col)), *v)?;
                sheet.write_formula_with_format(row, col, formula, money)?;
            }
        } else {
            for (k, v) in values.iter().enumerate() {
                sheet.write_number_with_format(row, 3 + k as u16, number(*v)?, money)?;
            }
        }
        sheet.write_formula_with_format(row, 6, share(row, x.progress.plan, x.progress.to_date), &f.percent)?;
        sheet.write_blank(row, 7, text)?;
        row += 1;
        // The group's children.
        for child in &rows[i + 1..=i + x.children] {
            sheet.write_string_with_format(row, 0, &child.number, &f.text)?;
            sheet.write_string_with_format(row, 1, &child.progress.name, &f.text)?;
            sheet.write_string_with_format(row, 2, "đồng", &f.text)?;
            for (k, v) in [child.progress.plan, child.progress.period, child.progress.to_date].iter().enumerate() {
                sheet.write_number_with_format(row, 3 + k as u16, number(*v)?, &f.money)?;
            }
            sheet.write_formula_with_format(
                row,
                6,
                share(row, child.progress.plan, child.progress.to_date),
                &f.percent,
            )?;
            sheet.write_blank(row, 7, &f.text)?;
            row += 1;
        }
        i += 1 + x.children;
    }
    // The total: the top-level rows.
    sheet.write_blank(row, 0, &f.text_bold)?;
    sheet.write_string_with_format(row, 1, &r.total.name, &f.text_bold)?;
    sheet.write_string_with_format(row, 2, "đồng", &f.text_bold)?;
    let totals = [top_sum(rows, |p| p.plan), top_sum(rows, |p| p.period), top_sum(rows, |p| p.to_date)];
    for (k, v) in totals.iter().enumerate() {
        let col = 3 + k as u16;
        let cells: Vec<String> = top.iter().map(|&t| cell(t, col)).collect();
        let formula = if cells.is_empty() {
            Formula::new("0").set_result("0")
        } else {
            sum(format!("SUM({})", cells.join(",")), *v)?
        };
        sheet.write_formula_with_format(row, col, formula, &f.money_bold)?;
    }
    sheet.write_formula_with_format(row, 6, share(row, totals[0], totals[2]), &f.percent)?;
    sheet.write_blank(row, 7, &f.text_bold)?;
    for (col, w) in [6.0, 48.0, 7.0, 18.0, 18.0, 18.0, 11.0, 16.0].iter().enumerate() {
        sheet.set_column_width(col as u16, *w)?;
    }
    sheet.set_freeze_panes(first, 2)?;
    print_setup(sheet, head, head, lang)?;
    Ok(())
}

/// The sum of the top-level rows' figure `of`.
fn top_sum(rows: &[Row<'_>], of: impl Fn(&Progress) -> Dong) -> Dong {
    let mut total = Dong::ZERO;
    let mut i = 0;
    while i < rows.len() {
        total += of(rows[i].progress);
        i += 1 + rows[i].children;
    }
    total
}

fn outputs_sheet(sheet: &mut Worksheet, f: &Formats, r: &Report) -> Result<(), ExportError> {
    let lang = r.lang;
    let head = heading(sheet, f, r, 7)?;
    for (col, h) in progress_headings(lang).iter().enumerate() {
        sheet.write_string_with_format(head, col as u16, *h, &f.header)?;
    }
    for (row, (i, o)) in (head + 1..).zip(r.outputs.iter().enumerate()) {
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &f.count)?;
        sheet.write_string_with_format(row, 1, &o.name, &f.text)?;
        sheet.write_string_with_format(row, 2, &o.unit, &f.text)?;
        match o.planned {
            Some(p) => sheet.write_number_with_format(row, 3, p as f64, &f.count)?,
            None => sheet.write_blank(row, 3, &f.count)?,
        };
        sheet.write_number_with_format(row, 4, o.period as f64, &f.count)?;
        sheet.write_number_with_format(row, 5, o.to_date as f64, &f.count)?;
        let planned = Dong::new(o.planned.map_or(0, |p| i64::try_from(p).unwrap_or(i64::MAX)));
        let done = Dong::new(i64::try_from(o.to_date).unwrap_or(i64::MAX));
        sheet.write_formula_with_format(row, 6, share(row, planned, done), &f.percent)?;
        sheet.write_blank(row, 7, &f.text)?;
    }
    for (col, w) in [6.0, 48.0, 10.0, 14.0, 14.0, 14.0, 11.0, 16.0].iter().enumerate() {
        sheet.set_column_width(col as u16, *w)?;
    }
    sheet.set_freeze_panes(head + 1, 2)?;
    print_setup(sheet, head, head, lang)?;
    Ok(())
}

fn targets_sheet(sheet: &mut Worksheet, f: &Formats, r: &Report) -> Result<(), ExportError> {
    let lang = r.lang;
    let head = heading(sheet, f, r, 8)?;
    let headings = [
        tr(lang, "Chỉ tiêu", "Target"),
        tr(lang, "ĐVT", "Unit"),
        tr(lang, "Kế hoạch", "Plan"),
        tr(lang, "Dự báo (trung vị)", "Projected (median)"),
        "P10",
        "P90",
        tr(lang, "Thực hiện", "Actual"),
        tr(lang, "Nguồn số thực hiện", "Actual from"),
        tr(lang, "Trong khoảng dự báo", "Inside the projected band"),
    ];
    for (col, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(head, col as u16, *h, &f.header)?;
    }
    sheet.set_row_height(head, 30)?;
    let decimal = |d: Decimal| d.to_string().parse::<f64>().unwrap_or(0.0);
    for (row, t) in (head + 1..).zip(r.targets.iter()) {
        let fmt = match t.unit {
            TargetUnit::Points => &f.points,
            TargetUnit::Share => &f.percent,
            TargetUnit::Communes => &f.count,
        };
        sheet.write_string_with_format(row, 0, &t.name, &f.text)?;
        sheet.set_row_height(row, super::height(&[(&t.name, 48.0)]))?;
        sheet.write_string_with_format(row, 1, crate::proposal::target_unit(t.unit, lang), &f.text)?;
        sheet.write_number_with_format(row, 2, decimal(t.plan), fmt)?;
        match t.projected {
            Some(p) => {
                sheet.write_number_with_format(row, 3, decimal(p[1]), fmt)?;
                sheet.write_number_with_format(row, 4, decimal(p[0]), fmt)?;
                sheet.write_number_with_format(row, 5, decimal(p[2]), fmt)?;
            }
            None => {
                for col in 3..=5 {
                    sheet.write_blank(row, col, fmt)?;
                }
            }
        }
        match t.actual {
            Some(a) => sheet.write_number_with_format(row, 6, decimal(a), fmt)?,
            None => sheet.write_string_with_format(row, 6, tr(lang, "chưa có số liệu", "not known yet"), &f.text)?,
        };
        sheet.write_string_with_format(row, 7, &t.actual_from, &f.text)?;
        let inside = match t.inside {
            Some(true) => tr(lang, "trong khoảng", "inside"),
            Some(false) => tr(lang, "ngoài khoảng", "outside"),
            None => "",
        };
        sheet.write_string_with_format(row, 8, inside, &f.text)?;
    }
    sheet.set_column_width(0, 48.0)?;
    for col in 1..=6 {
        sheet.set_column_width(col, 12.0)?;
    }
    sheet.set_column_width(7, 24.0)?;
    sheet.set_column_width(8, 14.0)?;
    sheet.set_freeze_panes(head + 1, 1)?;
    print_setup(sheet, head, head, lang)?;
    Ok(())
}
