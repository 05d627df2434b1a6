//! Fixtures the import tests build themselves: xlsx through
//! rust_xlsxwriter, csv through the csv crate, legacy encodings by hand.
#![allow(dead_code)]

use quota_planner::core::import::Imported;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

/// One row of the Sóc Trăng appendix (assets/soc-trang-2025.csv).
#[derive(Clone, Debug)]
pub struct Row {
    pub code: String,
    pub name: String,
    pub base: u64,
    pub target: u64,
}

pub fn soc_trang_rows() -> Vec<Row> {
    let bytes = include_bytes!("../../assets/soc-trang-2025.csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(&bytes[..]);
    reader
        .records()
        .map(|r| {
            let r = r.expect("sample csv");
            Row {
                code: r[0].to_string(),
                name: r[1].to_string(),
                base: r[2].parse().expect("base"),
                target: r[3].parse().expect("target"),
            }
        })
        .collect()
}

/// The Sóc Trăng appendix laid out as published: title rows, a two-row
/// header with merged cells, bold parents whose bases are SUM formulas,
/// targets as ROUND formulas (cached values set), a footer.
pub fn soc_trang_xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Phụ lục").expect("name");
    write_soc_trang(sheet);
    book.save_to_buffer().expect("xlsx")
}

pub fn write_soc_trang(sheet: &mut Worksheet) {
    let bold = Format::new().set_bold();
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 0, 3, "PHỤ LỤC", &bold)
        .expect("merge");
    sheet
        .merge_range(
            1,
            0,
            1,
            3,
            "CHỈ TIÊU TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ MỨC 2 THAM GIA GÓP Ý DỰ THẢO SỬA ĐỔI, BỔ SUNG HIẾN PHÁP NĂM 2013 TRÊN ỨNG DỤNG VNEID",
            &bold,
        )
        .expect("merge");
    sheet
        .merge_range(
            2,
            0,
            2,
            3,
            "(Ban hành kèm theo Kế hoạch số 490/KH-CAT ngày 09/5/2025 của Công an tỉnh Sóc Trăng)",
            &plain,
        )
        .expect("merge");
    sheet.merge_range(4, 0, 5, 0, "STT", &bold).expect("merge");
    sheet
        .merge_range(4, 1, 5, 1, "Đơn vị", &bold)
        .expect("merge");
    sheet
        .write_string_with_format(4, 2, "Số lượng hồ sơ mức 2", &bold)
        .expect("write");
    sheet
        .write_string_with_format(
            5,
            2,
            "(theo nơi thường trú) tính đến ngày 09/05/2025",
            &bold,
        )
        .expect("write");
    sheet
        .write_string_with_format(4, 3, "Chỉ tiêu 90% tài khoản có ý kiến", &bold)
        .expect("write");
    sheet
        .write_string_with_format(5, 3, "\"Tán thành\"", &bold)
        .expect("write");
    let rows = soc_trang_rows();
    let first = 6u32;
    // Children ranges for SUM formulas.
    let mut district_rows: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        let r = first + i as u32;
        let excel_row = r + 1;
        let is_parent = row.code.is_empty() || row.code.chars().all(|c| "IVX".contains(c));
        let format = if is_parent { &bold } else { &plain };
        if !row.code.is_empty() {
            if let Ok(n) = row.code.parse::<f64>() {
                sheet
                    .write_number_with_format(r, 0, n, format)
                    .expect("write");
            } else {
                sheet
                    .write_string_with_format(r, 0, &row.code, format)
                    .expect("write");
            }
        }
        sheet
            .write_string_with_format(r, 1, &row.name, format)
            .expect("write");
        if row.code.is_empty() {
            // Province: sum of the districts, filled in below.
        } else if is_parent {
            district_rows.push(excel_row);
            let last = rows[i + 1..]
                .iter()
                .position(|c| c.code.chars().all(|ch| "IVX".contains(ch)))
                .map_or(rows.len(), |p| i + 1 + p);
            let formula = format!("=SUM(C{}:C{})", excel_row + 1, first + last as u32);
            sheet
                .write_formula_with_format(
                    r,
                    2,
                    Formula::new(formula).set_result(row.base.to_string()),
                    format,
                )
                .expect("write");
        } else {
            sheet.write_number(r, 2, row.base as f64).expect("write");
        }
        sheet
            .write_formula_with_format(
                r,
                3,
                Formula::new(format!("=ROUND(C{excel_row}*90%,0)"))
                    .set_result(row.target.to_string()),
                format,
            )
            .expect("write");
        i += 1;
    }
    let province = district_rows
        .iter()
        .map(|r| format!("C{r}"))
        .collect::<Vec<_>>()
        .join("+");
    sheet
        .write_formula_with_format(
            first,
            2,
            Formula::new(format!("={province}")).set_result(rows[0].base.to_string()),
            &bold,
        )
        .expect("write");
    let end = first + rows.len() as u32 + 1;
    sheet
        .write_string(end, 1, "Ghi chú: số liệu theo hệ thống định danh điện tử")
        .expect("write");
    sheet
        .write_string(end + 1, 2, "KT. GIÁM ĐỐC")
        .expect("write");
    sheet
        .write_string(end + 2, 2, "PHÓ GIÁM ĐỐC")
        .expect("write");
}

/// A plain grid of strings written as xlsx (numbers written as numbers
/// when `numbers` is set).
pub fn grid_xlsx(sheets: &[(&str, Vec<Vec<String>>)], numbers: bool) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, grid) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("name");
        for (r, row) in grid.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                if value.is_empty() {
                    continue;
                }
                match value.parse::<f64>() {
                    Ok(n) if numbers => sheet.write_number(r as u32, c as u16, n),
                    _ => sheet.write_string(r as u32, c as u16, value),
                }
                .expect("write");
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

pub fn to_csv(grid: &[Vec<String>], delimiter: u8) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_writer(Vec::new());
    for row in grid {
        writer.write_record(row).expect("csv");
    }
    writer.into_inner().expect("csv")
}

pub fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// Text in Windows-1258: precomposed where the code page has the letter,
/// else the base letter followed by the tone mark.
pub fn windows_1258(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let encoding = encoding_rs::WINDOWS_1258;
    let mut out = Vec::new();
    for c in text.chars() {
        let s = c.to_string();
        let (bytes, _, unmappable) = encoding.encode(&s);
        if !unmappable {
            out.extend_from_slice(&bytes);
            continue;
        }
        let decomposed: Vec<char> = s.nfd().collect();
        let is_tone = |c: &char| {
            matches!(
                *c,
                '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'
            )
        };
        let mark = *decomposed.iter().find(|c| is_tone(c)).expect("a tone mark");
        let base: String = decomposed
            .iter()
            .filter(|c| !is_tone(c))
            .collect::<String>()
            .nfc()
            .collect();
        let (b, _, e1) = encoding.encode(&base);
        let mark = mark.to_string();
        let (m, _, e2) = encoding.encode(&mark);
        assert!(!e1 && !e2, "cannot encode {c}");
        out.extend_from_slice(&b);
        out.extend_from_slice(&m);
    }
    out
}

pub fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

pub fn utf16be_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The report's column roles as "role=letter", in column order.
pub fn roles(imported: &Imported) -> Vec<String> {
    imported
        .report
        .columns
        .iter()
        .map(|(r, l)| format!("{r}={l}"))
        .collect()
}
