//! Getting a plan out of the browser: the plan file (and drafts).

pub mod planfile;
