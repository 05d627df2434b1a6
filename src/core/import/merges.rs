//! The merged cells of an xlsx sheet without parsing the sheet's XML a
//! second time. calamine's `merge_cells_by_sheet_name` runs quick_xml over
//! the whole sheet part (every cell) to reach `<mergeCells>`, which the
//! schema places after `<sheetData>`: on a 100,000-unit sheet that pass was
//! as long as reading the cells (BENCHMARKS.md, "Import off the page").
//! Here the part is inflated and searched for the end of `sheetData` with a
//! byte search, and only what follows is parsed. The sheet's part is found
//! the way calamine finds it (the package's and the workbook's
//! relationships); where that does not give a part, `None` says to ask
//! calamine instead.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::layout::Merge;

/// Most bytes kept after the last `sheetData>` of a part (what follows the
/// cells: margins, merges, conditional formats…). Past it calamine's own
/// streaming pass is used.
const MAX_TAIL_BYTES: usize = 16 * 1024 * 1024;

/// The workbook's sheet parts in the order of its `<sheet>` elements (the
/// order of calamine's `sheet_names`): each sheet's name as written (XML
/// escapes left in) and the zip path of its part. `None` when the package
/// cannot be read this simple way.
pub fn sheet_parts(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<Vec<(String, String)>> {
    let paths = zip_paths(archive);
    let package = read_part(archive, &paths, "_rels/.rels")?;
    let target = relationships(&package)?
        .into_values()
        .find(|(_, kind)| kind.ends_with("/relationships/officeDocument"))
        .map(|(target, _)| target)?;
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir).to_string();
    let name = if name.is_empty() {
        "workbook.xml"
    } else {
        name
    };
    let rels = relationships(&read_part(
        archive,
        &paths,
        &format!("{dir}_rels/{name}.rels"),
    )?)?;
    let workbook = read_part(archive, &paths, &format!("{dir}{name}"))?;
    let mut reader = Reader::from_reader(&workbook[..]);
    let mut parts = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let sheet = attribute(&e, "name")?;
                let id = e.attributes().find_map(|a| {
                    let a = a.ok()?;
                    (a.key.local_name().as_ref() == "id").then(|| a.value.into_owned())
                })?;
                let (target, _) = rels.get(&id)?;
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("{dir}{target}"),
                };
                parts.push((sheet, zip_path(&paths, &path)?.to_string()));
            }
            Event::Eof => return Some(parts),
            _ => {}
        }
    }
}

/// The merged ranges of the sheet part at `path`, or `None` to ask calamine
/// (no end of `sheetData` found, too much after it, XML it could not read).
/// A reference calamine would refuse gives no merges, as calamine's error
/// did where it was read.
pub fn merges_of_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    path: &str,
) -> Option<Vec<Merge>> {
    let part = archive.by_name(path).ok()?;
    let tail = after_sheet_data(part)?;
    let mut reader = Reader::from_reader(&tail[..]);
    // The tail closes elements opened before it.
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    let mut merges = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == "mergeCells" => inside = true,
            Event::End(e) if e.local_name().as_ref() == "mergeCells" => break,
            Event::Start(e) | Event::Empty(e)
                if inside && e.local_name().as_ref() == "mergeCell" =>
            {
                let Some(range) = attribute(&e, "ref") else {
                    continue;
                };
                match parse_range(&range) {
                    Some(merge) => merges.push(merge),
                    None => return Some(Vec::new()),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Some(merges)
}

/// What follows the last `sheetData>` or `sheetData/>` of `part` (the end
/// of `</sheetData>`, `</x:sheetData>` or of an empty `<sheetData/>`;
/// inside the cells a `<` is always escaped, so these bytes cannot be a
/// cell's text), read as it inflates, keeping only that.
fn after_sheet_data(mut part: impl Read) -> Option<Vec<u8>> {
    const ENDS: [&[u8]; 2] = [b"sheetData>", b"sheetData/>"];
    let finders = ENDS.map(memchr::memmem::FinderRev::new);
    // The last bytes of the previous read go first, so an end split
    // between two reads is found.
    let keep = ENDS[1].len() - 1;
    let mut buf = vec![0u8; keep + 64 * 1024];
    let mut carried = 0;
    let mut tail: Option<Vec<u8>> = None;
    loop {
        let n = match part.read(&mut buf[carried..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(_) => return None,
        };
        let window = &buf[..carried + n];
        let last = ENDS
            .iter()
            .zip(&finders)
            .filter_map(|(end, finder)| finder.rfind(window).map(|at| at + end.len()))
            .max();
        match last {
            Some(after) => tail = Some(window[after..].to_vec()),
            None => {
                if let Some(tail) = tail.as_mut() {
                    tail.extend_from_slice(&window[carried..]);
                }
            }
        }
        if tail
            .as_ref()
            .is_some_and(|tail| tail.len() > MAX_TAIL_BYTES)
        {
            return None;
        }
        let next = window.len().min(keep);
        let from = window.len() - next;
        buf.copy_within(from..from + next, 0);
        carried = next;
    }
    tail
}

/// Every part's path by its lowercase form with `/` separators (calamine
/// finds parts so, whatever the case the package wrote).
fn zip_paths(archive: &zip::ZipArchive<Cursor<&[u8]>>) -> HashMap<String, String> {
    archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| {
            (
                name.replace('\\', "/").to_ascii_lowercase(),
                name.to_string(),
            )
        })
        .collect()
}

fn zip_path<'a>(paths: &'a HashMap<String, String>, path: &str) -> Option<&'a str> {
    paths.get(&path.to_ascii_lowercase()).map(String::as_str)
}

/// Most bytes of a relationships or workbook part read here (they are a few
/// KB; a larger one is left to calamine).
const MAX_SMALL_PART: u64 = 4 * 1024 * 1024;

fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    paths: &HashMap<String, String>,
    path: &str,
) -> Option<Vec<u8>> {
    let part = archive.by_name(zip_path(paths, path)?).ok()?;
    let mut out = Vec::new();
    part.take(MAX_SMALL_PART + 1).read_to_end(&mut out).ok()?;
    (out.len() as u64 <= MAX_SMALL_PART).then_some(out)
}

/// A relationships part: id → (target, type), as written.
fn relationships(xml: &[u8]) -> Option<HashMap<String, (String, String)>> {
    let mut reader = Reader::from_reader(xml);
    let mut out = HashMap::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let Some(id) = attribute(&e, "Id") {
                    let target = attribute(&e, "Target").unwrap_or_default();
                    let kind = attribute(&e, "Type").unwrap_or_default();
                    out.insert(id, (target, kind));
                }
            }
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

/// An attribute's value as written (escapes left in).
fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().find_map(|a| {
        let a = a.ok()?;
        (a.key.as_ref() == name).then(|| a.value.into_owned())
    })
}

/// "B2:D3" (or one cell, "B2") as a merge, as calamine reads it; `None`
/// where calamine refuses the reference.
fn parse_range(range: &str) -> Option<Merge> {
    let mut parts = range.split(':');
    let first = cell_ref(parts.next()?)?;
    let last = match parts.next() {
        Some(part) => cell_ref(part)?,
        None => first,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(Merge {
        first_row: first.0,
        first_col: first.1,
        last_row: last.0,
        last_col: last.1,
    })
}

/// "B2" as (row, column) from 0; `None` without a column or a row, or with
/// anything but letters then digits.
fn cell_ref(text: &str) -> Option<(usize, usize)> {
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = text.split_at(letters);
    if col.is_empty() || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = col.bytes().try_fold(0usize, |n, b| {
        n.checked_mul(26)?
            .checked_add(usize::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: usize = row.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_calamine_reads_them() {
        let m = parse_range("B2:D3").expect("range");
        assert_eq!(
            (m.first_row, m.first_col, m.last_row, m.last_col),
            (1, 1, 2, 3)
        );
        let one = parse_range("aa10").expect("one cell");
        assert_eq!((one.first_row, one.first_col), (9, 26));
        assert_eq!((one.last_row, one.last_col), (9, 26));
        for bad in ["", "B", "2", "B0", "A1:B2:C3", "A-1", "1A"] {
            assert!(parse_range(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_tail_is_found_across_reads() {
        // A reader that gives one byte at a time splits every marker.
        struct Bytewise<'a>(&'a [u8]);
        impl Read for Bytewise<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let Some((first, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                buf[0] = *first;
                self.0 = rest;
                Ok(1)
            }
        }
        let xml = b"<sheetData><row/></sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>";
        let tail = after_sheet_data(Bytewise(xml)).expect("tail");
        assert_eq!(
            tail,
            b"<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>"
        );
        assert_eq!(after_sheet_data(&b"<worksheet/>"[..]), None);
        let empty = b"<sheetData/><mergeCells/></worksheet>";
        assert_eq!(
            after_sheet_data(Bytewise(empty)).expect("tail"),
            b"<mergeCells/></worksheet>"
        );
    }

    /// The merges read here are calamine's, sheet by sheet, on a workbook
    /// with sheets without, with one and with several merges.
    #[test]
    fn the_same_merges_as_calamine() {
        use calamine::{Reader, Xlsx};
        let mut book = rust_xlsxwriter::Workbook::new();
        let format = rust_xlsxwriter::Format::new();
        book.add_worksheet().set_name("Trống").expect("name");
        let one = book.add_worksheet();
        one.set_name("Một & hai").expect("name");
        one.merge_range(0, 0, 0, 3, "PHỤ LỤC", &format)
            .expect("merge");
        let many = book.add_worksheet();
        many.set_name("Phụ lục").expect("name");
        many.merge_range(4, 0, 5, 0, "STT", &format).expect("merge");
        many.merge_range(4, 1, 5, 1, "Đơn vị", &format)
            .expect("merge");
        many.merge_range(100, 27, 101, 30, "x", &format)
            .expect("merge");
        many.write(300, 2, 7).expect("write");
        let bytes = book.save_to_buffer().expect("xlsx");

        let mut calamine: Xlsx<_> = Xlsx::new(Cursor::new(&bytes[..])).expect("open");
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("zip");
        let parts = sheet_parts(&mut archive).expect("parts found");
        let names = calamine.sheet_names();
        assert_eq!(parts.len(), names.len());
        let mut seen = 0;
        for ((_, path), name) in parts.iter().zip(&names) {
            let ours: Vec<_> = merges_of_part(&mut archive, path)
                .unwrap_or_else(|| panic!("{name} ({path}) not read here"))
                .iter()
                .map(|m| (m.first_row, m.first_col, m.last_row, m.last_col))
                .collect();
            let theirs: Vec<_> = calamine
                .merge_cells_by_sheet_name(name)
                .expect("calamine")
                .iter()
                .map(|d| {
                    let (s, e) = (d.start, d.end);
                    (s.0 as usize, s.1 as usize, e.0 as usize, e.1 as usize)
                })
                .collect();
            assert_eq!(ours, theirs, "{name}");
            seen += ours.len();
        }
        assert_eq!(seen, 4);
    }
}
