//! The budget proposal as an Excel workbook (feature `xlsx`): six sheets laid out like the
//! forms Finance departments file, with every total a live `SUM` formula whose cached value
//! is the engine's figure to the đồng (`docs/proposal.md`).
//!
//! Amounts are written as spreadsheet numbers (IEEE doubles), exact for whole đồng below
//! 2^53 ≈ 9·10^15; a proposal with a larger figure is refused rather than rounded.

use crate::format::Lang;
use crate::money::Dong;
use crate::projection::TargetUnit;
use crate::proposal::{roman, target_unit, PlaceRow, Proposal, FUNDING};
use rust_xlsxwriter::{
    utility::row_col_to_cell, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

mod plan;
mod report;
pub use plan::household_plans;
pub use report::{monitoring_report, report_sheet_names};

/// The largest amount a spreadsheet number holds exactly.
const EXACT: i64 = 1 << 53;

/// A4 in Excel's paper sizes.
const A4: u8 = 9;

/// Why the workbook could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// A figure too large for a spreadsheet number to hold exactly.
    TooLarge(Dong),
    /// The writer failed (its words).
    Writer(String),
}

impl ExportError {
    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::TooLarge(d), Lang::Vi) => {
                format!("số tiền {} quá lớn để bảng tính lưu chính xác (tối đa 2^53 đồng)", d.format(lang))
            }
            (Self::TooLarge(d), Lang::En) => {
                format!(
                    "the amount {} is too large for a spreadsheet to hold exactly (at most 2^53 đồng)",
                    d.format(lang)
                )
            }
            (Self::Writer(e), Lang::Vi) => format!("không tạo được tệp Excel ({e})"),
            (Self::Writer(e), Lang::En) => format!("the Excel file could not be made ({e})"),
        }
    }
}

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> Self {
        Self::Writer(e.to_string())
    }
}

struct Formats {
    title: Format,
    subtitle: Format,
    bold: Format,
    center_bold: Format,
    center_italic: Format,
    right_italic: Format,
    header: Format,
    number_header: Format,
    text: Format,
    text_bold: Format,
    money: Format,
    money_bold: Format,
    count: Format,
    percent: Format,
    points: Format,
    note: Format,
    in_words: Format,
    link: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name("Times New Roman").set_font_size(11);
        let cell = base.clone().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        Self {
            title: base.clone().set_bold().set_font_size(14).set_align(FormatAlign::Center).set_text_wrap(),
            subtitle: base.clone().set_italic().set_align(FormatAlign::Center).set_text_wrap(),
            bold: base.clone().set_bold(),
            center_bold: base.clone().set_bold().set_align(FormatAlign::Center),
            center_italic: base.clone().set_italic().set_align(FormatAlign::Center),
            right_italic: base.clone().set_italic().set_align(FormatAlign::Right),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("#E2EFDA"),
            number_header: cell.clone().set_italic().set_align(FormatAlign::Center).set_font_size(9),
            text: cell.clone().set_text_wrap(),
            text_bold: cell.clone().set_text_wrap().set_bold().set_background_color("#F2F2F2"),
            money: cell.clone().set_num_format("#,##0"),
            money_bold: cell.clone().set_num_format("#,##0").set_bold().set_background_color("#F2F2F2"),
            count: cell.clone().set_num_format("#,##0"),
            percent: cell.clone().set_num_format("0.00%"),
            points: cell.clone().set_num_format("0.00"),
            note: base.clone().set_text_wrap().set_font_size(10).set_italic(),
            in_words: base.clone().set_bold().set_italic().set_text_wrap(),
            link: base.set_font_color("#0563C1").set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }
}

fn number(d: Dong) -> Result<f64, ExportError> {
    if d.get().abs() >= EXACT {
        return Err(ExportError::TooLarge(d));
    }
    // Exact: |d| < 2^53.
    #[allow(clippy::cast_precision_loss)]
    Ok(d.get() as f64)
}

/// A `SUM` formula with the engine's figure as its cached result.
fn sum(formula: String, value: Dong) -> Result<Formula, ExportError> {
    number(value)?;
    Ok(Formula::new(formula).set_result(value.get().to_string()))
}

/// Lines a text needs in a column `width` characters wide (an estimate: spreadsheet readers
/// do not all fit row heights to wrapped text on opening, so the heights are set).
fn lines(text: &str, width: f64) -> u32 {
    let chars = text.chars().count() as f64 * 1.1;
    (chars / width).ceil().max(1.0) as u32
}

/// The height of a row whose wrapped cells are `cells` (text, column width).
fn height(cells: &[(&str, f64)]) -> f64 {
    f64::from(cells.iter().map(|(t, w)| lines(t, *w)).max().unwrap_or(1)) * 15.0
}

fn cell(row: u32, col: u16) -> String {
    row_col_to_cell(row, col)
}

fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Vi {
        vi
    } else {
        en
    }
}

fn print_setup(sheet: &mut Worksheet, header_first: u32, header_last: u32, lang: Lang) -> Result<(), ExportError> {
    sheet.set_paper_size(A4);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(header_first, header_last)?;
    sheet.set_footer(tr(lang, "&CTrang &P/&N", "&CPage &P of &N"));
    Ok(())
}

/// The header block of the forms: the issuing body on the left, the national motto on the
/// right, the document number and date left to fill in.
fn header_block(sheet: &mut Worksheet, f: &Formats, p: &Proposal, last_col: u16) -> Result<(), ExportError> {
    let lang = p.lang;
    let mid = last_col / 2;
    let province = p.province.to_uppercase();
    let left = [
        format!("{} {province}", tr(lang, "UBND TỈNH", "PEOPLE'S COMMITTEE OF")),
        tr(lang, "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "DEPARTMENT OF LABOUR, INVALIDS AND SOCIAL AFFAIRS").to_owned(),
        tr(lang, "Số: ……/……-SLĐTBXH", "No.: ……/……-SLĐTBXH").to_owned(),
    ];
    let right = [
        tr(lang, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM").to_owned(),
        tr(lang, "Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness").to_owned(),
        match lang {
            Lang::Vi => format!("{}, ngày …… tháng …… năm ……", p.province),
            Lang::En => format!("{}, …… (date)", p.province),
        },
    ];
    for (i, (l, r)) in left.iter().zip(&right).enumerate() {
        let row = i as u32;
        let (fl, fr) = if i < 2 { (&f.center_bold, &f.center_bold) } else { (&f.center_italic, &f.center_italic) };
        sheet.merge_range(row, 0, row, mid.saturating_sub(1).max(1), l, fl)?;
        sheet.merge_range(row, mid, row, last_col, r, fr)?;
    }
    Ok(())
}

fn title(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    last_col: u16,
    text: &str,
    sub: &str,
) -> Result<(), ExportError> {
    sheet.merge_range(row, 0, row, last_col, text, &f.title)?;
    sheet.set_row_height(row, 36)?;
    sheet.merge_range(row + 1, 0, row + 1, last_col, sub, &f.subtitle)?;
    sheet.set_row_height(row + 1, 30)?;
    Ok(())
}

/// The workbook of a proposal, as the bytes of an .xlsx file. The same proposal always gives
/// the same bytes (the creation date is fixed), natively and in the browser.
///
/// # Errors
/// A figure too large to be exact in a spreadsheet, or a writer failure.
pub fn workbook(p: &Proposal) -> Result<Vec<u8>, ExportError> {
    let lang = p.lang;
    let f = Formats::new();
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2019, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(tr(lang, "Dự toán kinh phí Chương trình MTQG Giảm nghèo bền vững", "GNBV budget proposal"))
            .set_author("GNBV Planner")
            .set_company(tr(
                lang,
                "Sở Lao động - Thương binh và Xã hội",
                "Department of Labour, Invalids and Social Affairs",
            ))
            .set_comment(&p.data_note)
            .set_creation_datetime(&created),
    );
    summary_sheet(book.add_worksheet(), &f, p)?;
    credit_sheet(book.add_worksheet(), &f, p)?;
    places_sheet(book.add_worksheet(), &f, p, false)?;
    places_sheet(book.add_worksheet(), &f, p, true)?;
    targets_sheet(book.add_worksheet(), &f, p)?;
    assumptions_sheet(book.add_worksheet(), &f, p)?;
    Ok(book.save_to_buffer()?)
}

/// Sheet names, in order.
#[must_use]
pub fn sheet_names(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Vi => ["Dự toán tổng hợp", "Tín dụng chính sách", "Theo huyện", "Theo xã", "Chỉ tiêu", "Giả định"],
        Lang::En => ["Budget summary", "Credit plan", "By district", "By commune", "Targets", "Assumptions"],
    }
}

/// The credit plan (kế hoạch tín dụng chính sách): one row per lending program and a total
/// row of `SUM` formulas; the cost of the credit to the budget apart from the loans.
fn credit_sheet(sheet: &mut Worksheet, f: &Formats, p: &Proposal) -> Result<(), ExportError> {
    use crate::credit::ProgramCredit;
    let lang = p.lang;
    sheet.set_name(sheet_names(lang)[1])?;
    let headings = crate::credit::CreditPlan::headings(lang);
    let last = (headings.len() - 1) as u16;
    title(
        sheet,
        f,
        0,
        last,
        &match lang {
            Lang::Vi => format!("KẾ HOẠCH TÍN DỤNG CHÍNH SÁCH NĂM {}", p.year),
            Lang::En => format!("{} PREFERENTIAL CREDIT PLAN", p.year),
        },
        tr(
            lang,
            "Vốn cho vay của Ngân hàng Chính sách xã hội quay vòng: thu nợ được cho vay lại. Số cho vay là vốn tín dụng, hộ vay phải hoàn trả, không phải chi ngân sách; chi phí ngân sách là cấp bù lãi suất, phí ủy thác, hoa hồng và vốn ngân sách địa phương ủy thác. Đơn vị: đồng",
            "The Social Policy Bank's capital revolves: what is collected is lent again. Loans are credit, repaid by the households, not budget spending; the budget pays the interest-rate support, fees and commissions, and the local budget it entrusts. Unit: đồng",
        ),
    )?;
    let head = 3;
    for (col, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(head, col as u16, *h, &f.header)?;
    }
    sheet.set_row_height(head, 48)?;
    let first = head + 1;
    let mut row = first;
    // Every figure is whole đồng or a count of households, far inside i64.
    let value = |v: i128| Dong::new(i64::try_from(v).unwrap_or(i64::MAX));
    for c in &p.credit.programs {
        sheet.write_string_with_format(row, 0, &c.name, &f.text)?;
        for (i, v) in c.columns().into_iter().enumerate() {
            let format = if ProgramCredit::is_count(i) { &f.count } else { &f.money };
            sheet.write_number_with_format(row, 1 + i as u16, number(value(v))?, format)?;
        }
        row += 1;
    }
    let t = &p.credit.total;
    sheet.write_string_with_format(row, 0, &t.name, &f.text_bold)?;
    for (i, v) in t.columns().into_iter().enumerate() {
        let col = 1 + i as u16;
        let formula =
            if row > first { format!("SUM({}:{})", cell(first, col), cell(row - 1, col)) } else { "0".to_owned() };
        sheet.write_formula_with_format(row, col, sum(formula, value(v))?, &f.money_bold)?;
    }
    row += 2;
    let cost = p.credit.budget_note(lang);
    sheet.merge_range(row, 0, row, last, &cost, &f.in_words)?;
    sheet.set_row_height(row, 32)?;
    sheet.set_column_width(0, 36.0)?;
    for col in 1..=last {
        sheet.set_column_width(col, 16.0)?;
    }
    sheet.set_freeze_panes(first, 1)?;
    print_setup(sheet, head, head, lang)
}

/// Columns of the summary: A STT, B item, C unit, D quantity, E unit cost, F total, G–N the
/// funding columns, O lead agency, P notes.
const TOTAL_COL: u16 = 5;
const FIRST_FUNDING: u16 = 6;
const LAST_FUNDING: u16 = FIRST_FUNDING + 7;
const LEAD_COL: u16 = LAST_FUNDING + 1;
const NOTE_COL: u16 = LEAD_COL + 1;
const NAME_WIDTH: f64 = 40.0;
const LEAD_WIDTH: f64 = 18.0;
const NOTE_WIDTH: f64 = 32.0;
/// First data row of the summary (0-based; row 11 in Excel).
pub const SUMMARY_FIRST_ROW: u32 = 10;

fn summary_sheet(sheet: &mut Worksheet, f: &Formats, p: &Proposal) -> Result<(), ExportError> {
    let lang = p.lang;
    sheet.set_name(sheet_names(lang)[0])?;
    header_block(sheet, f, p, NOTE_COL)?;
    title(
        sheet,
        f,
        4,
        NOTE_COL,
        &match lang {
            Lang::Vi => {
                format!("DỰ TOÁN KINH PHÍ THỰC HIỆN CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA GIẢM NGHÈO BỀN VỮNG NĂM {}", p.year)
            }
            Lang::En => {
                format!("BUDGET PROPOSAL: NATIONAL TARGET PROGRAM FOR SUSTAINABLE POVERTY REDUCTION, {}", p.year)
            }
        },
        tr(
            lang,
            "(Kèm theo Kế hoạch số ……/KH-SLĐTBXH ngày …… của Sở Lao động - Thương binh và Xã hội)",
            "(Annexed to plan No. ……/KH-SLĐTBXH of …… of the Department of Labour, Invalids and Social Affairs)",
        ),
    )?;
    sheet.merge_range(6, LEAD_COL, 6, NOTE_COL, tr(lang, "Đơn vị tính: đồng", "Unit: đồng"), &f.right_italic)?;
    // Two header rows, then the column numbers.
    let (h1, h2) = (7, 8);
    let spanning = [
        (0, tr(lang, "STT", "No.")),
        (1, tr(lang, "Nội dung", "Item")),
        (2, tr(lang, "Đơn vị tính", "Unit")),
        (3, tr(lang, "Số lượng", "Quantity")),
        (4, tr(lang, "Đơn giá", "Unit cost")),
        (TOTAL_COL, tr(lang, "Tổng kinh phí", "Total")),
        (LEAD_COL, tr(lang, "Cơ quan chủ trì", "Lead agency")),
        (NOTE_COL, tr(lang, "Ghi chú", "Notes")),
    ];
    for (col, text) in spanning {
        sheet.merge_range(h1, col, h2, col, text, &f.header)?;
    }
    for fund in FUNDING {
        let col = FIRST_FUNDING + fund.index() as u16;
        match fund {
            crate::proposal::Funding::Province => {
                sheet.merge_range(h1, col, h1, col + 2, tr(lang, "Ngân sách địa phương", "Local budget"), &f.header)?;
                sheet.write_string_with_format(h2, col, fund.name(lang), &f.header)?;
            }
            crate::proposal::Funding::District | crate::proposal::Funding::Commune => {
                sheet.write_string_with_format(h2, col, fund.name(lang), &f.header)?;
            }
            _ => {
                sheet.merge_range(h1, col, h2, col, fund.name(lang), &f.header)?;
            }
        }
    }
    for col in 0..=NOTE_COL {
        sheet.write_string_with_format(9, col, format!("({})", col + 1), &f.number_header)?;
    }
    sheet.set_row_height(h1, 30)?;
    sheet.set_row_height(h2, 30)?;
    // Data: the grand total, then each group's subtotal and lines.
    let total_row = SUMMARY_FIRST_ROW;
    // The row under the total: its state-budget part.
    let budget_row = total_row + 1;
    let mut row = total_row + 2;
    let mut group_rows = Vec::new();
    for (gi, g) in p.groups.iter().enumerate() {
        let group_row = row;
        group_rows.push(group_row);
        sheet.write_string_with_format(group_row, 0, roman(gi + 1), &f.text_bold)?;
        sheet.write_string_with_format(group_row, 1, &g.title, &f.text_bold)?;
        sheet.set_row_height(group_row, height(&[(&g.title, NAME_WIDTH)]))?;
        for col in [2, 3, 4, LEAD_COL, NOTE_COL] {
            sheet.write_blank(group_row, col, &f.text_bold)?;
        }
        let first = group_row + 1;
        let last = group_row + g.activities.len() as u32;
        let subtotal = g.subtotal();
        for fund in FUNDING {
            let col = FIRST_FUNDING + fund.index() as u16;
            let formula = format!("=SUM({}:{})", cell(first, col), cell(last, col));
            sheet.write_formula_with_format(group_row, col, sum(formula, subtotal[fund.index()])?, &f.money_bold)?;
        }
        let formula = format!("=SUM({}:{})", cell(group_row, FIRST_FUNDING), cell(group_row, LAST_FUNDING));
        sheet.write_formula_with_format(
            group_row,
            TOTAL_COL,
            sum(formula, subtotal.iter().copied().sum())?,
            &f.money_bold,
        )?;
        row = first;
        for (ai, a) in g.activities.iter().enumerate() {
            sheet.write_string_with_format(row, 0, (ai + 1).to_string(), &f.text)?;
            sheet.write_string_with_format(row, 1, &a.name, &f.text)?;
            sheet.write_string_with_format(row, 2, &a.unit, &f.text)?;
            match a.quantity {
                #[allow(clippy::cast_precision_loss)]
                Some(q) => sheet.write_number_with_format(row, 3, q as f64, &f.count)?,
                None => sheet.write_blank(row, 3, &f.count)?,
            };
            match a.unit_cost {
                Some(c) => sheet.write_number_with_format(row, 4, number(c)?, &f.money)?,
                None => sheet.write_blank(row, 4, &f.money)?,
            };
            for fund in FUNDING {
                let col = FIRST_FUNDING + fund.index() as u16;
                sheet.write_number_with_format(row, col, number(a.amounts[fund.index()])?, &f.money)?;
            }
            let formula = format!("=SUM({}:{})", cell(row, FIRST_FUNDING), cell(row, LAST_FUNDING));
            sheet.write_formula_with_format(row, TOTAL_COL, sum(formula, a.total())?, &f.money)?;
            sheet.write_string_with_format(row, LEAD_COL, &a.lead, &f.text)?;
            sheet.write_string_with_format(row, NOTE_COL, &a.note, &f.text)?;
            sheet.set_row_height(
                row,
                height(&[(&a.name, NAME_WIDTH), (&a.lead, LEAD_WIDTH), (&a.note, NOTE_WIDTH), (&a.unit, 9.0)]),
            )?;
            row += 1;
        }
    }
    sheet.write_string_with_format(total_row, 0, "", &f.text_bold)?;
    sheet.write_string_with_format(total_row, 1, tr(lang, "TỔNG CỘNG", "TOTAL"), &f.text_bold)?;
    for col in [2, 3, 4, LEAD_COL, NOTE_COL] {
        sheet.write_blank(total_row, col, &f.text_bold)?;
    }
    let grand = p.grand_total();
    for fund in FUNDING {
        let col = FIRST_FUNDING + fund.index() as u16;
        let refs: Vec<String> = group_rows.iter().map(|r| cell(*r, col)).collect();
        let formula = format!("=SUM({})", refs.join(","));
        sheet.write_formula_with_format(total_row, col, sum(formula, grand[fund.index()])?, &f.money_bold)?;
    }
    let formula = format!("=SUM({}:{})", cell(total_row, FIRST_FUNDING), cell(total_row, LAST_FUNDING));
    sheet.write_formula_with_format(total_row, TOTAL_COL, sum(formula, p.total())?, &f.money_bold)?;
    sheet.write_blank(budget_row, 0, &f.text)?;
    sheet.write_string_with_format(budget_row, 1, p.state_budget_label(), &f.text_bold)?;
    let budget = p.state_budget();
    let mut budget_cells = Vec::new();
    for fund in FUNDING {
        let col = FIRST_FUNDING + fund.index() as u16;
        if fund.is_state_budget() {
            let formula = format!("=SUM({})", cell(total_row, col));
            sheet.write_formula_with_format(budget_row, col, sum(formula, budget[fund.index()])?, &f.money)?;
            budget_cells.push(cell(budget_row, col));
        } else {
            sheet.write_blank(budget_row, col, &f.text)?;
        }
    }
    for col in [2, 3, 4, LEAD_COL, NOTE_COL] {
        sheet.write_blank(budget_row, col, &f.text)?;
    }
    let formula = format!("=SUM({})", budget_cells.join(","));
    let budget_total: Dong = budget.iter().copied().sum();
    sheet.write_formula_with_format(budget_row, TOTAL_COL, sum(formula, budget_total)?, &f.money_bold)?;
    // The total in words, then notes and signatures.
    row += 1;
    sheet.merge_range(row, 0, row, NOTE_COL, &p.total_in_words(), &f.in_words)?;
    row += 1;
    sheet.merge_range(row, 0, row, NOTE_COL, &p.data_note, &f.note)?;
    sheet.set_row_height(row, 45)?;
    row += 2;
    sheet.merge_range(row, 1, row, 4, tr(lang, "NGƯỜI LẬP BIỂU", "PREPARED BY"), &f.center_bold)?;
    sheet.merge_range(row, LAST_FUNDING - 1, row, NOTE_COL, tr(lang, "GIÁM ĐỐC", "DIRECTOR"), &f.center_bold)?;
    // Widths that fit, frozen headings, A4 landscape with the headings on every page.
    let widths: [(u16, f64); 6] = [(0, 5.0), (1, NAME_WIDTH), (2, 9.0), (3, 10.0), (4, 12.0), (TOTAL_COL, 16.0)];
    for (col, w) in widths {
        sheet.set_column_width(col, w)?;
    }
    for col in FIRST_FUNDING..=LAST_FUNDING {
        sheet.set_column_width(col, 15.0)?;
    }
    sheet.set_column_width(LEAD_COL, LEAD_WIDTH)?;
    sheet.set_column_width(NOTE_COL, NOTE_WIDTH)?;
    sheet.set_freeze_panes(SUMMARY_FIRST_ROW, 2)?;
    print_setup(sheet, h1, 9, lang)?;
    Ok(())
}

/// Districts (or districts with their communes) × programs.
fn places_sheet(sheet: &mut Worksheet, f: &Formats, p: &Proposal, communes: bool) -> Result<(), ExportError> {
    let lang = p.lang;
    sheet.set_name(sheet_names(lang)[if communes { 3 } else { 2 }])?;
    let n = p.programs.len() as u16;
    let first_col = 2u16;
    let total_col = first_col + n;
    title(
        sheet,
        f,
        0,
        total_col,
        if communes {
            tr(lang, "PHÂN BỔ KINH PHÍ THEO XÃ, PHƯỜNG, THỊ TRẤN", "ALLOCATION BY COMMUNE")
        } else {
            tr(lang, "PHÂN BỔ KINH PHÍ THEO HUYỆN, THÀNH PHỐ", "ALLOCATION BY DISTRICT")
        },
        tr(lang, "Đơn vị tính: đồng", "Unit: đồng"),
    )?;
    let head = 3;
    sheet.write_string_with_format(head, 0, tr(lang, "Mã", "Code"), &f.header)?;
    sheet.write_string_with_format(
        head,
        1,
        if communes { tr(lang, "Đơn vị", "Unit") } else { tr(lang, "Huyện, thành phố", "District") },
        &f.header,
    )?;
    for (j, (_, name)) in p.programs.iter().enumerate() {
        sheet.write_string_with_format(head, first_col + j as u16, name, &f.header)?;
    }
    sheet.write_string_with_format(head, total_col, tr(lang, "Tổng cộng", "Total"), &f.header)?;
    sheet.set_row_height(head, 75)?;
    let mut row = head + 1;
    let write_numbers = |sheet: &mut Worksheet, row: u32, r: &PlaceRow, bold: bool| -> Result<(), ExportError> {
        let (text, money) = if bold { (&f.text_bold, &f.money_bold) } else { (&f.text, &f.money) };
        sheet.write_string_with_format(row, 0, &r.code, text)?;
        sheet.write_string_with_format(row, 1, &r.name, text)?;
        for (j, a) in r.amounts.iter().enumerate() {
            sheet.write_number_with_format(row, first_col + j as u16, number(*a)?, money)?;
        }
        let formula = format!("=SUM({}:{})", cell(row, first_col), cell(row, total_col - 1));
        sheet.write_formula_with_format(row, total_col, sum(formula, r.total())?, money)?;
        Ok(())
    };
    let mut totalled = Vec::new();
    for d in &p.districts {
        if communes {
            let district_row = row;
            totalled.push(district_row);
            sheet.write_string_with_format(row, 0, &d.district.code, &f.text_bold)?;
            sheet.write_string_with_format(row, 1, &d.district.name, &f.text_bold)?;
            let (first, last) = (row + 1, row + d.communes.len() as u32);
            for (j, a) in d.district.amounts.iter().enumerate() {
                let col = first_col + j as u16;
                let formula = format!("=SUM({}:{})", cell(first, col), cell(last, col));
                sheet.write_formula_with_format(row, col, sum(formula, *a)?, &f.money_bold)?;
            }
            let formula = format!("=SUM({}:{})", cell(row, first_col), cell(row, total_col - 1));
            sheet.write_formula_with_format(row, total_col, sum(formula, d.district.total())?, &f.money_bold)?;
            row += 1;
            for c in &d.communes {
                write_numbers(sheet, row, c, false)?;
                row += 1;
            }
        } else {
            totalled.push(row);
            write_numbers(sheet, row, &d.district, false)?;
            row += 1;
        }
    }
    totalled.push(row);
    write_numbers(sheet, row, &p.province_level, false)?;
    row += 1;
    // The total row: the districts (their subtotals on the commune sheet) and province level.
    let totals = p.program_totals();
    sheet.write_string_with_format(row, 0, "", &f.text_bold)?;
    sheet.write_string_with_format(row, 1, tr(lang, "TỔNG CỘNG", "TOTAL"), &f.text_bold)?;
    for (j, a) in totals.iter().enumerate() {
        let col = first_col + j as u16;
        let formula = if communes {
            format!("=SUM({})", totalled.iter().map(|r| cell(*r, col)).collect::<Vec<_>>().join(","))
        } else {
            format!("=SUM({}:{})", cell(head + 1, col), cell(row - 1, col))
        };
        sheet.write_formula_with_format(row, col, sum(formula, *a)?, &f.money_bold)?;
    }
    let formula = format!("=SUM({}:{})", cell(row, first_col), cell(row, total_col - 1));
    sheet.write_formula_with_format(row, total_col, sum(formula, totals.iter().copied().sum())?, &f.money_bold)?;
    sheet.set_column_width(0, 8.0)?;
    sheet.set_column_width(1, if communes { 26.0 } else { 24.0 })?;
    for col in first_col..total_col {
        sheet.set_column_width(col, 14.0)?;
    }
    sheet.set_column_width(total_col, 16.0)?;
    sheet.set_freeze_panes(head + 1, 2)?;
    print_setup(sheet, head, head, lang)?;
    Ok(())
}

fn targets_sheet(sheet: &mut Worksheet, f: &Formats, p: &Proposal) -> Result<(), ExportError> {
    let lang = p.lang;
    sheet.set_name(sheet_names(lang)[4])?;
    let sub = match p.draws {
        Some((draws, seed)) => {
            let bands = p.bands.clone().unwrap_or_default();
            match lang {
                Lang::Vi => {
                    format!("Dự báo Monte Carlo: {draws} lần mô phỏng, hạt giống {seed}; {bands} (khoảng 80 %)")
                }
                Lang::En => format!("Monte Carlo projection: {draws} draws, seed {seed}; {bands} (the 80 % interval)"),
            }
        }
        None => {
            tr(lang, "Chưa chạy dự báo cho kịch bản này", "The projection was not run for this scenario").to_owned()
        }
    };
    title(
        sheet,
        f,
        0,
        7,
        &match lang {
            Lang::Vi => format!("CHỈ TIÊU KẾ HOẠCH VÀ DỰ BÁO KẾT QUẢ NĂM {}", p.year),
            Lang::En => format!("{} TARGETS AND PROJECTED INDICATORS", p.year),
        },
        &sub,
    )?;
    let head = 3;
    let headings = [
        tr(lang, "Chỉ tiêu", "Target"),
        tr(lang, "Kế hoạch", "Plan"),
        tr(lang, "Đơn vị", "Unit"),
        tr(lang, "Dự báo (trung vị)", "Projected (median)"),
        "P10",
        "P90",
        tr(lang, "Xác suất đạt", "Probability met"),
        tr(lang, "Đánh giá", "Status"),
    ];
    for (col, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(head, col as u16, *h, &f.header)?;
    }
    let mut row = head + 1;
    let decimal = |d: rust_decimal::Decimal| d.to_string().parse::<f64>().unwrap_or(0.0);
    if let Some(rate) = p.poor_rate {
        sheet.write_string_with_format(
            row,
            0,
            tr(lang, "Tỷ lệ hộ nghèo cuối năm", "Poor-household rate at year end"),
            &f.text,
        )?;
        sheet.write_blank(row, 1, &f.percent)?;
        sheet.write_string_with_format(row, 2, "%", &f.text)?;
        sheet.write_number_with_format(row, 3, decimal(rate[1]), &f.percent)?;
        sheet.write_number_with_format(row, 4, decimal(rate[0]), &f.percent)?;
        sheet.write_number_with_format(row, 5, decimal(rate[2]), &f.percent)?;
        sheet.write_blank(row, 6, &f.percent)?;
        sheet.write_blank(row, 7, &f.text)?;
        row += 1;
    }
    for t in p.targets.iter().flatten() {
        let fmt = match t.unit {
            TargetUnit::Points => &f.points,
            TargetUnit::Share => &f.percent,
            TargetUnit::Communes => &f.count,
        };
        sheet.write_string_with_format(row, 0, &t.name, &f.text)?;
        sheet.set_row_height(row, height(&[(&t.name, 52.0)]))?;
        sheet.write_number_with_format(row, 1, decimal(t.plan), fmt)?;
        sheet.write_string_with_format(row, 2, target_unit(t.unit, lang), &f.text)?;
        sheet.write_number_with_format(row, 3, decimal(t.value[1]), fmt)?;
        sheet.write_number_with_format(row, 4, decimal(t.value[0]), fmt)?;
        sheet.write_number_with_format(row, 5, decimal(t.value[2]), fmt)?;
        sheet.write_number_with_format(row, 6, decimal(t.probability), &f.percent)?;
        sheet.write_string_with_format(row, 7, &t.status, &f.text)?;
        row += 1;
    }
    sheet.set_column_width(0, 52.0)?;
    for col in 1..=6 {
        sheet.set_column_width(col, 13.0)?;
    }
    sheet.set_column_width(7, 20.0)?;
    sheet.set_freeze_panes(head + 1, 1)?;
    print_setup(sheet, head, head, lang)?;
    Ok(())
}

fn assumptions_sheet(sheet: &mut Worksheet, f: &Formats, p: &Proposal) -> Result<(), ExportError> {
    let lang = p.lang;
    sheet.set_name(sheet_names(lang)[5])?;
    title(
        sheet,
        f,
        0,
        3,
        tr(lang, "GIẢ ĐỊNH, NGUỒN SỐ LIỆU VÀ ĐỘ TIN CẬY", "ASSUMPTIONS, SOURCES AND CONFIDENCE"),
        tr(
            lang,
            "Độ tin cậy: C đã xác nhận; C~ nguồn thứ cấp; D suy ra; R high/med/low ghi nhớ, cần kiểm tra",
            "Confidence: C confirmed; C~ secondary source; D derived; R high/med/low recalled, to be checked",
        ),
    )?;
    let mut row = 3;
    sheet.write_string_with_format(row, 0, tr(lang, "Liên kết kịch bản", "Scenario link"), &f.bold)?;
    if p.link.len() < 2000 {
        sheet.write_url_with_format(row, 1, p.link.as_str(), &f.link)?;
    } else {
        sheet.write_string(row, 1, &p.link)?;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, tr(lang, "Bộ dữ liệu", "Dataset"), &f.bold)?;
    sheet.write_string(row, 1, format!("{} ({})", p.dataset.0, p.dataset.1))?;
    row += 1;
    sheet.write_string_with_format(
        row,
        0,
        tr(lang, "Số liệu thật và minh họa", "Real and illustrative figures"),
        &f.bold,
    )?;
    sheet.merge_range(row, 1, row, 3, &p.data_note, &f.note)?;
    sheet.set_row_height(row, 60)?;
    row += 2;
    let head = row;
    for (col, h) in [
        tr(lang, "Tham số", "Parameter"),
        tr(lang, "Giá trị", "Value"),
        tr(lang, "Nguồn", "Source"),
        tr(lang, "Độ tin cậy", "Confidence"),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(row, col as u16, *h, &f.header)?;
    }
    row += 1;
    for a in &p.assumptions {
        sheet.write_string_with_format(row, 0, &a.name, &f.text)?;
        sheet.write_string_with_format(row, 1, &a.value, &f.text)?;
        sheet.write_string_with_format(row, 2, &a.source, &f.text)?;
        sheet.write_string_with_format(row, 3, &a.confidence, &f.text)?;
        sheet.set_row_height(row, height(&[(&a.name, 40.0), (&a.value, 28.0), (&a.source, 70.0)]))?;
        row += 1;
    }
    sheet.set_column_width(0, 40.0)?;
    sheet.set_column_width(1, 28.0)?;
    sheet.set_column_width(2, 70.0)?;
    sheet.set_column_width(3, 11.0)?;
    print_setup(sheet, head, head, lang)?;
    Ok(())
}
