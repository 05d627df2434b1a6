//! The column-mapping panel's data: what the importer inferred (`Layout`:
//! header rows, each column's role, each row's level) and what a planner
//! corrected (`Corrections`), to import the same sheet again with.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::layout::ColumnRole;

impl Serialize for ColumnRole {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for ColumnRole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ColumnRole, D::Error> {
        let key = String::deserialize(deserializer)?;
        ColumnRole::from_key(&key)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown column role “{key}”")))
    }
}

/// One column of the sheet as the importer read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnLayout {
    /// 0-based column index (the key of `Corrections.columns`).
    pub index: usize,
    /// "A", "B", …, "AA".
    pub letter: String,
    /// The header text over the column (header rows combined).
    pub header: String,
    /// The role used; `None` or `Unknown` for a column not used.
    pub role: Option<ColumnRole>,
}

/// One non-empty row below the header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowLevel {
    /// 1-based source row (the key of `Corrections.rows`).
    pub row: usize,
    /// Level of the unit read from the row (0 = top), `None` when the row
    /// was not taken as a unit (a total, a note, a signature, a row of
    /// column numbers).
    pub level: Option<u8>,
    /// The row's text, given only for rows not taken as units (the plan
    /// holds the others' names).
    pub text: String,
}

/// What the importer inferred, and can be corrected.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// 1-based rows of the header (empty when none was found).
    #[serde(rename = "headerRows")]
    pub header_rows: Vec<usize>,
    /// Every column up to the last one holding anything, in order.
    pub columns: Vec<ColumnLayout>,
    /// Every non-empty row below the header, in order.
    pub rows: Vec<RowLevel>,
}

impl Layout {
    /// The role of a column (0-based), if it has one that is used.
    pub fn role(&self, column: usize) -> Option<&ColumnRole> {
        self.columns
            .get(column)
            .and_then(|c| c.role.as_ref())
            .filter(|r| !r.is_unknown())
    }

    /// The column (0-based) holding a role.
    pub fn column_of(&self, role: &ColumnRole) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.role.as_ref() == Some(role))
    }

    /// The level of a source row (1-based); `None` when it is not a unit
    /// or not listed.
    pub fn level(&self, row: usize) -> Option<u8> {
        self.rows
            .binary_search_by_key(&row, |r| r.row)
            .ok()
            .and_then(|i| self.rows[i].level)
    }

    /// Corrections that pin everything to this layout: importing the same
    /// sheet with them gives the same plan and report. Columns not used are
    /// left unpinned: pinning one as "not used" is the planner's decision
    /// about it, which silences its unknown-column warning.
    pub fn corrections(&self) -> Corrections {
        Corrections {
            header_rows: Some(self.header_rows.clone()),
            columns: self
                .columns
                .iter()
                .filter_map(|c| {
                    let role = c.role.clone().filter(|r| !r.is_unknown())?;
                    Some((c.index, Some(role)))
                })
                .collect(),
            rows: self.rows.iter().map(|r| (r.row, r.level)).collect(),
        }
    }
}

/// A planner's corrections to an inferred layout. Whatever is not
/// corrected is inferred as usual.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrections {
    /// 1-based header rows, in increasing order; `None` to infer them,
    /// `Some(vec![])` for a sheet without a header (data from row 1).
    /// Changing them infers the roles again from the new header, except
    /// the columns pinned below.
    #[serde(rename = "headerRows", default)]
    pub header_rows: Option<Vec<usize>>,
    /// 0-based column → role; `None` (or an `Unknown` role) for a column
    /// not to use. A role pinned on one column is taken from any other
    /// column that was given it by inference.
    #[serde(default)]
    pub columns: BTreeMap<usize, Option<ColumnRole>>,
    /// 1-based source row → level of its unit (0 = top); `None` for a row
    /// not to take as a unit. A level pinned on a row that inference left
    /// out (a total, a note) takes it in. Parents follow from the levels:
    /// a unit's parent is the nearest unit above it with a smaller level.
    #[serde(default)]
    pub rows: BTreeMap<usize, Option<u8>>,
}

impl Corrections {
    pub fn new() -> Corrections {
        Corrections::default()
    }

    /// Nothing corrected.
    pub fn is_empty(&self) -> bool {
        self.header_rows.is_none() && self.columns.is_empty() && self.rows.is_empty()
    }

    /// Pins the header rows (1-based).
    pub fn set_header_rows(&mut self, rows: &[usize]) -> &mut Corrections {
        self.header_rows = Some(rows.to_vec());
        self
    }

    /// Pins a column's role (`None`: not used).
    pub fn set_role(&mut self, column: usize, role: Option<ColumnRole>) -> &mut Corrections {
        self.columns.insert(column, role);
        self
    }

    /// Pins a row's level.
    pub fn set_level(&mut self, row: usize, level: u8) -> &mut Corrections {
        self.rows.insert(row, Some(level));
        self
    }

    /// Pins a row as not a unit.
    pub fn exclude_row(&mut self, row: usize) -> &mut Corrections {
        self.rows.insert(row, None);
        self
    }

    /// Drops the correction of a row (its level is inferred again).
    pub fn clear_row(&mut self, row: usize) -> &mut Corrections {
        self.rows.remove(&row);
        self
    }

    /// Drops the correction of a column (its role is inferred again).
    pub fn clear_column(&mut self, column: usize) -> &mut Corrections {
        self.columns.remove(&column);
        self
    }
}

/// Every role a column can be given, for the panel's choice list (labels:
/// `i18n::column_role`).
pub fn role_choices() -> Vec<ColumnRole> {
    ColumnRole::choices()
}
