//! The import worker's reply, as bytes: a whole import's result (the plan
//! and its report, or why the file was refused) in postcard's compact
//! binary form, so it crosses from the worker to the page as one
//! transferred buffer instead of a tree of JS objects built and copied.

use super::Imported;
use crate::core::error::ImportError;

/// The reply for one import.
pub fn encode(result: &Result<Imported, ImportError>) -> Vec<u8> {
    match postcard::to_allocvec(result) {
        Ok(bytes) => bytes,
        // Only a serializer error (none is expected for these types);
        // say so rather than send nothing.
        Err(e) => {
            postcard::to_allocvec(&Err::<Imported, _>(ImportError::Unreadable(e.to_string())))
                .unwrap_or_default()
        }
    }
}

/// Reads a reply back; a reply that does not decode is a refusal that
/// says so, never a plan.
pub fn decode(bytes: &[u8]) -> Result<Imported, ImportError> {
    let result: Result<Imported, ImportError> = postcard::from_bytes(bytes)
        .map_err(|e| ImportError::ReaderCrashed(format!("reply: {e}")))?;
    let mut imported = result?;
    imported.plan.reindex();
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::import;

    #[test]
    fn a_plan_and_a_refusal_cross_intact() {
        let sample = import::sample().unwrap();
        let back = decode(&encode(&Ok(sample.clone()))).unwrap();
        assert_eq!(back.plan, sample.plan);
        assert_eq!(back.report, sample.report);
        assert_eq!(back.plan.children(0), sample.plan.children(0));
        let refused = ImportError::TooManyCells { cells: 5, limit: 4 };
        assert_eq!(decode(&encode(&Err(refused.clone()))).unwrap_err(), refused);
        assert!(matches!(
            decode(&[0xFF, 0xFF, 0xFF]),
            Err(ImportError::ReaderCrashed(_))
        ));
    }
}
