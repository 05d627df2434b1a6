//! Drafts in IndexedDB (through the `idb` crate). Values are JSON strings:
//! structured-cloning one string is a copy, far cheaper on the main thread
//! than building JS objects for 100,000 units.
//!
//! Stores of the database `quota-planner` (version 1):
//! - `drafts`: draft id → `DraftMeta` (name, planner key, when, view state);
//! - `snapshots`: draft id → the draft's plan file with its undo history;
//! - `journal`: `"<draft id>/<seq, 16 digits>"` → JSON list of `Step`s made
//!   after the snapshot, replayed in key order;
//! - `current`: planner key → the id of the draft that planner last had open.

use idb::{Database, Factory, KeyRange, ObjectStoreParams, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

const DB_NAME: &str = "quota-planner";
const DRAFTS: &str = "drafts";
const SNAPSHOTS: &str = "snapshots";
const JOURNAL: &str = "journal";
const CURRENT: &str = "current";

/// Where the planner was in the grid, restored with the draft.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewState {
    /// Unit index of the current cell's row, and the column position.
    pub unit: usize,
    pub column: usize,
    /// The other corner of a selected range (unit index, column).
    pub anchor: Option<(usize, usize)>,
    pub scroll_top: f64,
}

/// What the drafts list shows of a draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftMeta {
    pub id: String,
    pub name: String,
    /// The planner (autosave key) whose list it belongs to.
    pub key: String,
    /// Milliseconds since 1970, when it was last stored.
    pub updated: f64,
    pub units: usize,
    pub view: ViewState,
}

/// A failed storage call; the text is for the console only (the planner
/// is told once, in their language, by `Autosave`).
#[derive(Debug)]
pub struct StoreError(pub String);

impl From<idb::Error> for StoreError {
    fn from(e: idb::Error) -> Self {
        StoreError(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open draft database.
#[derive(Clone)]
pub struct Store {
    db: std::rc::Rc<Database>,
}

fn journal_key(draft: &str, seq: u64) -> String {
    format!("{draft}/{seq:016}")
}

/// Keys of one draft's journal ("/" < "0" … "9" < ":").
fn journal_range(draft: &str) -> Result<KeyRange> {
    Ok(KeyRange::bound(
        &JsValue::from_str(&format!("{draft}/")),
        &JsValue::from_str(&format!("{draft}/:")),
        None,
        None,
    )?)
}

/// Keys of one draft's journal up to `seq`, included.
fn journal_upto(draft: &str, seq: u64) -> Result<KeyRange> {
    Ok(KeyRange::bound(
        &JsValue::from_str(&format!("{draft}/")),
        &JsValue::from_str(&journal_key(draft, seq)),
        None,
        None,
    )?)
}

/// The sequence number of a journal key (`"<draft id>/<seq>"`).
fn seq_of(key: &JsValue) -> Option<u64> {
    key.as_string()?.rsplit('/').next()?.parse().ok()
}

/// A draft as stored: its snapshot and the journal after it.
pub struct StoredDraft {
    pub snapshot: String,
    /// Steps as JSON lists, oldest first.
    pub journal: Vec<String>,
    /// The sequence number of the journal's last record (0: none), after
    /// which new records are keyed.
    pub last_seq: u64,
}

fn meta_of(value: &JsValue) -> Option<DraftMeta> {
    serde_json::from_str(&value.as_string()?).ok()
}

impl Store {
    pub async fn open() -> Result<Store> {
        let factory = Factory::new()?;
        let mut request = factory.open(DB_NAME, Some(1))?;
        request.on_upgrade_needed(|event| {
            use idb::DatabaseEvent;
            // A failure here fails the open request, which reports it.
            if let Ok(db) = event.database() {
                for name in [DRAFTS, SNAPSHOTS, JOURNAL, CURRENT] {
                    if !db.store_names().iter().any(|n| n == name) {
                        let _ = db.create_object_store(name, ObjectStoreParams::new());
                    }
                }
            }
        });
        Ok(Store {
            db: std::rc::Rc::new(request.await?),
        })
    }

    /// Drafts of one planner key, most recently stored first.
    pub async fn list(&self, key: &str) -> Result<Vec<DraftMeta>> {
        let tx = self.db.transaction(&[DRAFTS], TransactionMode::ReadOnly)?;
        let all = tx.object_store(DRAFTS)?.get_all(None, None)?.await?;
        let mut drafts: Vec<DraftMeta> = all
            .iter()
            .filter_map(meta_of)
            .filter(|m| m.key == key)
            .collect();
        drafts.sort_by(|a, b| b.updated.total_cmp(&a.updated));
        Ok(drafts)
    }

    pub async fn meta(&self, id: &str) -> Result<Option<DraftMeta>> {
        let tx = self.db.transaction(&[DRAFTS], TransactionMode::ReadOnly)?;
        let value = tx.object_store(DRAFTS)?.get(JsValue::from_str(id))?.await?;
        Ok(value.as_ref().and_then(meta_of))
    }

    pub async fn current(&self, key: &str) -> Result<Option<String>> {
        let tx = self.db.transaction(&[CURRENT], TransactionMode::ReadOnly)?;
        let value = tx
            .object_store(CURRENT)?
            .get(JsValue::from_str(key))?
            .await?;
        Ok(value.and_then(|v| v.as_string()))
    }

    pub fn set_current(&self, key: &str, id: &str) -> Result<Pending> {
        let tx = self
            .db
            .transaction(&[CURRENT], TransactionMode::ReadWrite)?;
        tx.object_store(CURRENT)?
            .put(&JsValue::from_str(id), Some(&JsValue::from_str(key)))?;
        Ok(Pending(tx))
    }

    /// A draft's raw snapshot value, journal values and journal keys (in
    /// the same, key, order), read in one transaction.
    async fn stored(&self, id: &str) -> Result<(Option<JsValue>, Vec<JsValue>, Vec<JsValue>)> {
        let tx = self
            .db
            .transaction(&[SNAPSHOTS, JOURNAL], TransactionMode::ReadOnly)?;
        // All requests before the first await, so the transaction is still
        // active when they are made.
        let snapshot = tx.object_store(SNAPSHOTS)?.get(JsValue::from_str(id))?;
        let journal = tx
            .object_store(JOURNAL)?
            .get_all(Some(journal_range(id)?.into()), None)?;
        let keys = tx
            .object_store(JOURNAL)?
            .get_all_keys(Some(journal_range(id)?.into()), None)?;
        Ok((snapshot.await?, journal.await?, keys.await?))
    }

    /// The snapshot and the journal's steps after it, in order.
    pub async fn read_draft(&self, id: &str) -> Result<Option<StoredDraft>> {
        let (snapshot, journal, keys) = self.stored(id).await?;
        // Snapshots are Blobs; drafts stored before that are strings.
        let snapshot = match snapshot {
            // A Blob that cannot be read back is an error, not "no draft".
            Some(value) if value.is_instance_of::<web_sys::Blob>() => {
                let blob: web_sys::Blob = value.unchecked_into();
                let text = wasm_bindgen_futures::JsFuture::from(blob.text())
                    .await
                    .map_err(|e| StoreError(format!("{e:?}")))?;
                Some(
                    text.as_string()
                        .ok_or_else(|| StoreError("the snapshot is not text".to_string()))?,
                )
            }
            Some(value) => value.as_string(),
            None => None,
        };
        let Some(snapshot) = snapshot else {
            return Ok(None);
        };
        let journal = journal.iter().filter_map(JsValue::as_string).collect();
        let last_seq = keys.iter().filter_map(seq_of).max().unwrap_or(0);
        Ok(Some(StoredDraft {
            snapshot,
            journal,
            last_seq,
        }))
    }

    /// Copies a draft as stored (its snapshot, a Blob handed over by
    /// reference, and its journal) under `copy`'s id: nothing is read into
    /// the page, however large the plan. `None` when there is no such draft.
    pub async fn copy_draft(&self, from: &str, copy: &DraftMeta) -> Result<Option<Pending>> {
        let (snapshot, journal, keys) = self.stored(from).await?;
        let Some(snapshot) = snapshot else {
            return Ok(None);
        };
        let tx = self
            .db
            .transaction(&[DRAFTS, SNAPSHOTS, JOURNAL], TransactionMode::ReadWrite)?;
        let id = JsValue::from_str(&copy.id);
        tx.object_store(SNAPSHOTS)?.put(&snapshot, Some(&id))?;
        let steps_store = tx.object_store(JOURNAL)?;
        // Keys and values come in the same (key) order.
        for (key, steps) in keys.iter().zip(journal.iter()) {
            if let Some(seq) = seq_of(key) {
                let key = JsValue::from_str(&journal_key(&copy.id, seq));
                steps_store.put(steps, Some(&key))?;
            }
        }
        tx.object_store(DRAFTS)?.put(&meta_value(copy), Some(&id))?;
        Ok(Some(Pending(tx)))
    }

    /// Writes a whole draft's snapshot (a Blob, see `utf8_blob`) and meta
    /// in one transaction, a crash leaving the old or the new, never a mix;
    /// the journal is emptied only up to `upto` (the last step the snapshot
    /// holds): the steps stored after it stay, to be replayed on it.
    pub fn write_snapshot_blob(
        &self,
        meta: &DraftMeta,
        snapshot: &JsValue,
        upto: u64,
    ) -> Result<Pending> {
        // Never store anything else in place of a draft (its journal goes).
        if !snapshot.is_instance_of::<web_sys::Blob>() {
            return Err(StoreError("the snapshot is not a Blob".to_string()));
        }
        let tx = self
            .db
            .transaction(&[DRAFTS, SNAPSHOTS, JOURNAL], TransactionMode::ReadWrite)?;
        let id = JsValue::from_str(&meta.id);
        // As a Blob of UTF-8 bytes: a plan of 100,000 units is ~19 MB of
        // JSON, which as a string IndexedDB would serialise on the page.
        tx.object_store(SNAPSHOTS)?.put(snapshot, Some(&id))?;
        tx.object_store(JOURNAL)?
            .delete(journal_upto(&meta.id, upto)?)?;
        tx.object_store(DRAFTS)?.put(&meta_value(meta), Some(&id))?;
        Ok(Pending(tx))
    }

    /// Appends steps (as JSON) to a draft's journal with its new meta.
    pub fn append(&self, meta: &DraftMeta, seq: u64, steps: Option<&str>) -> Result<Pending> {
        let tx = self
            .db
            .transaction(&[DRAFTS, JOURNAL], TransactionMode::ReadWrite)?;
        if let Some(steps) = steps {
            tx.object_store(JOURNAL)?.put(
                &JsValue::from_str(steps),
                Some(&JsValue::from_str(&journal_key(&meta.id, seq))),
            )?;
        }
        tx.object_store(DRAFTS)?
            .put(&meta_value(meta), Some(&JsValue::from_str(&meta.id)))?;
        Ok(Pending(tx))
    }

    pub fn put_meta(&self, meta: &DraftMeta) -> Result<Pending> {
        self.append(meta, 0, None)
    }

    pub fn delete(&self, id: &str) -> Result<Pending> {
        let tx = self
            .db
            .transaction(&[DRAFTS, SNAPSHOTS, JOURNAL], TransactionMode::ReadWrite)?;
        let key = JsValue::from_str(id);
        tx.object_store(DRAFTS)?.delete(key.clone())?;
        tx.object_store(SNAPSHOTS)?.delete(key)?;
        tx.object_store(JOURNAL)?.delete(journal_range(id)?)?;
        Ok(Pending(tx))
    }
}

fn meta_value(meta: &DraftMeta) -> JsValue {
    JsValue::from_str(&serde_json::to_string(meta).unwrap_or_default())
}

/// A write issued on the main thread (the values are already copied into
/// the transaction); `done` waits for it to reach the disk.
pub struct Pending(idb::Transaction);

impl Pending {
    /// An abort (quota exceeded, storage refused) is an error.
    pub async fn done(self) -> Result<()> {
        let result = self.0.await?;
        if result.is_committed() {
            Ok(())
        } else {
            Err(StoreError("transaction aborted".to_string()))
        }
    }
}

/// Pieces of text as one Blob of their UTF-8 bytes (a byte copy, no
/// re-encoding).
pub fn utf8_blob<T: AsRef<str>>(pieces: &[T]) -> Result<JsValue> {
    let parts = js_sys::Array::new();
    for piece in pieces {
        parts.push(&js_sys::Uint8Array::from(piece.as_ref().as_bytes()));
    }
    blob_of(&parts)
}

/// A Blob of JS parts (Uint8Arrays, Blobs: these are joined by reference).
pub fn blob_of(parts: &js_sys::Array) -> Result<JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options)
        .map(JsValue::from)
        .map_err(|e| StoreError(format!("{e:?}")))
}
