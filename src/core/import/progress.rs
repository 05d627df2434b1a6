//! How far an import has come, for the progress bar: a stage and a
//! percentage, reported only when the percentage moves (a few hundred
//! calls per file, whatever its size).

use serde::{Deserialize, Serialize};

/// A stage of an import, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Reading the cells (unzipping a workbook, parsing CSV).
    Reading,
    /// Finding the header, the columns' roles and the rows' levels.
    Layout,
    /// Building the plan's units from the rows.
    Plan,
}

impl Stage {
    /// The stage's number in messages between the worker and the page.
    pub fn index(self) -> u32 {
        match self {
            Stage::Reading => 0,
            Stage::Layout => 1,
            Stage::Plan => 2,
        }
    }

    pub fn from_index(index: u32) -> Option<Stage> {
        [Stage::Reading, Stage::Layout, Stage::Plan]
            .get(index as usize)
            .copied()
    }
}

/// Where progress goes; `Progress::none()` when nobody watches.
pub struct Progress<'a> {
    sink: Option<&'a mut dyn FnMut(Stage, u32)>,
    last: Option<(Stage, u32)>,
}

impl<'a> Progress<'a> {
    pub fn new(sink: &'a mut dyn FnMut(Stage, u32)) -> Progress<'a> {
        Progress {
            sink: Some(sink),
            last: None,
        }
    }

    pub fn none() -> Progress<'static> {
        Progress {
            sink: None,
            last: None,
        }
    }

    /// `done` of `total` of a stage; told to the sink when the whole
    /// percentage changes.
    pub fn report(&mut self, stage: Stage, done: usize, total: usize) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        let percent = if total == 0 {
            0
        } else {
            // Integer percentage of the stage, rounded down, at most 100.
            ((done.min(total) as u128 * 100) / total as u128) as u32
        };
        if self.last != Some((stage, percent)) {
            self.last = Some((stage, percent));
            sink(stage, percent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_only_when_the_percentage_moves() {
        let mut seen = Vec::new();
        let mut sink = |stage: Stage, percent: u32| seen.push((stage, percent));
        {
            let mut progress = Progress::new(&mut sink);
            for done in 0..=1000 {
                progress.report(Stage::Reading, done, 1000);
            }
            progress.report(Stage::Layout, 5, 0);
        }
        assert_eq!(seen.len(), 102);
        assert_eq!(seen[0], (Stage::Reading, 0));
        assert_eq!(seen[100], (Stage::Reading, 100));
        assert_eq!(seen[101], (Stage::Layout, 0));
    }
}
