//! Issue 14's hostile files, natively: each limit is checked before the
//! memory is spent, with its own error (and message), and a text file cut
//! off is reported, never silently shortened.

use std::io::{Cursor, Read, Write};

use quota_planner::core::error::ImportError;
use quota_planner::core::i18n::Locale;
use quota_planner::core::import;
use rust_xlsxwriter::Workbook;

/// A small good appendix as xlsx.
fn appendix_xlsx(extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ("STT", "Đơn vị", "Số lượng"),
        ("1", "Xã A", "100"),
        ("2", "Xã B", "200"),
    ];
    for (r, (a, b, c)) in rows.iter().enumerate() {
        sheet.write(r as u32, 0, *a).unwrap();
        sheet.write(r as u32, 1, *b).unwrap();
        match c.parse::<f64>() {
            Ok(n) => sheet.write(r as u32, 2, n).unwrap(),
            Err(_) => sheet.write(r as u32, 2, *c).unwrap(),
        };
    }
    extra(sheet);
    book.save_to_buffer().unwrap()
}

/// The same zip with one part's text edited.
fn edit_part(xlsx: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut text = Vec::new();
        file.read_to_end(&mut text).unwrap();
        if name == part {
            text = edit(&String::from_utf8(text).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A stored (uncompressed) zip entry whose directory declares `declared`
/// bytes once inflated: a bomb as its directory tells it.
fn zip_declaring(entries: usize, declared: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for i in 0..entries {
        let name = format!("xl/part{i}.xml");
        let offset = out.len() as u32;
        let data = b"<x/>";
        let header = |sig: &[u8], central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(sig);
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&[0; 4]); // time, date
            h.extend_from_slice(&[0; 4]); // crc (never checked: refused first)
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&declared.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
                h.extend_from_slice(&[0; 4]); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(b"PK\x03\x04", false));
        out.extend_from_slice(data);
        central.extend(header(b"PK\x01\x02", true));
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries as u16).to_le_bytes());
    out.extend_from_slice(&(entries as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn message(error: &ImportError) -> String {
    error.message(Locale::Vi)
}

#[test]
fn a_zip_bomb_is_refused_from_its_directory() {
    let bomb = zip_declaring(2, 1_900_000_000);
    let t0 = std::time::Instant::now();
    let error = import::import(&bomb, "bom.xlsx").unwrap_err();
    assert!(t0.elapsed().as_millis() < 1000);
    assert!(
        matches!(error, ImportError::ZipTooLarge { .. }),
        "{error:?}"
    );
    assert!(message(&error).contains("giải nén"), "{}", message(&error));
    let many = zip_declaring(10_001, 4);
    let error = import::import(&many, "nhieu.xlsx").unwrap_err();
    assert_eq!(
        error,
        ImportError::ZipTooManyEntries {
            entries: 10_001,
            limit: 10_000
        }
    );
}

#[test]
fn a_far_away_cell_is_named_not_counted() {
    // XFD1048576: Excel's last cell, far right of the appendix.
    let far = appendix_xlsx(|sheet| {
        sheet.write(1_048_575, 16_383, "x").unwrap();
    });
    let error = import::import(&far, "xa.xlsx").unwrap_err();
    assert_eq!(
        error,
        ImportError::TooManyColumns {
            columns: 16_384,
            limit: import::MAX_COLUMNS
        }
    );
    assert!(
        message(&error).contains("16.384 cột"),
        "{}",
        message(&error)
    );
    // A row no spreadsheet has: 4294967295.
    let good = appendix_xlsx(|_| {});
    let deep = edit_part(&good, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace(
            "</sheetData>",
            r#"<row r="4294967295"><c r="A4294967295"><v>1</v></c></row></sheetData>"#,
        )
    });
    let error = import::import(&deep, "sau.xlsx").unwrap_err();
    assert_eq!(
        error,
        ImportError::RowTooFar {
            row: 4_294_967_295,
            limit: import::MAX_ROWS
        }
    );
    let text = message(&error);
    assert!(text.contains("dòng 4.294.967.295"), "{text}");
    assert!(!text.contains("487 ô"));
    // The good one reads.
    assert_eq!(import::import(&good, "tot.xlsx").unwrap().report.units, 2);
}

#[test]
fn a_hundred_thousand_columns_are_refused_at_once() {
    let mut csv = String::from("STT,Đơn vị,Số lượng");
    for i in 0..100_000 {
        csv.push_str(&format!(",c{i}"));
    }
    csv.push_str("\n1,Xã A,100\n");
    let t0 = std::time::Instant::now();
    let error = import::import(csv.as_bytes(), "rong.csv").unwrap_err();
    println!("100,000 columns refused in {:?}", t0.elapsed());
    assert_eq!(
        error,
        ImportError::TooManyColumns {
            columns: import::MAX_COLUMNS + 1,
            limit: import::MAX_COLUMNS
        }
    );
}

#[test]
fn one_huge_cell_is_refused_with_its_reference() {
    let csv = format!("STT,Đơn vị,Số lượng\n1,{},100\n", "ả".repeat(40_000));
    let error = import::import(csv.as_bytes(), "o.csv").unwrap_err();
    assert_eq!(
        error,
        ImportError::CellTooLong {
            cell: "B2".into(),
            chars: 40_000,
            limit: import::MAX_CELL_CHARS
        }
    );
}

#[test]
fn a_csv_cut_off_is_reported_not_silently_shortened() {
    let mut csv = String::from("STT;Đơn vị;Số lượng;Ghi chú\n");
    for i in 1..=40 {
        csv.push_str(&format!(
            "{i};\"Tổ {i}\";{};\"ghi chú\ndòng hai\"\n",
            100 + i
        ));
    }
    let whole = import::import(csv.as_bytes(), "to.csv").unwrap();
    assert!(whole.report.warnings.iter().all(|w| w.code() != "cut-off"));
    let cut_off = |len: usize| {
        let opened = import::import(&csv.as_bytes()[..len], "to.csv").unwrap();
        let warning = opened
            .report
            .warnings
            .iter()
            .find(|w| w.code() == "cut-off");
        warning.expect("a cut-off warning").message(Locale::Vi)
    };
    // Cut at a quarter, inside a quoted note.
    let quarter = csv.len() / 4;
    let cut = csv[..quarter].rfind("ghi chú\n").map(|i| i + 4).unwrap();
    assert!(cut_off(cut).contains("ngoặc kép"));
    // Cut inside a row, between its fields: fewer fields than the line above.
    let row_cut = csv[..quarter].rfind(";\"Tổ").unwrap() + 1;
    let message = cut_off(row_cut);
    assert!(message.contains("ít ô hơn"), "{message}");
}
