//! The words of the plan file, autosave and drafts.

use super::Locale;
use crate::core::export::planfile::PlanFileError;

/// Why a plan file was refused; the open plan is always said to be kept.
pub fn error(error: &PlanFileError, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    let what = match error {
        PlanFileError::Damaged(detail) if vi => format!("Tệp kế hoạch bị hỏng (không đọc được JSON: {detail})."),
        PlanFileError::Damaged(detail) => format!("The plan file is damaged (not readable JSON: {detail})."),
        PlanFileError::NotAPlan if vi => "Tệp JSON này không phải tệp kế hoạch của Lập chỉ tiêu.".to_string(),
        PlanFileError::NotAPlan => "This JSON file is not a Quota Planner plan file.".to_string(),
        PlanFileError::NewerVersion(v) if vi => format!(
            "Tệp kế hoạch này được tạo bởi phiên bản Lập chỉ tiêu mới hơn (định dạng {v}); hãy cập nhật ứng dụng để mở."
        ),
        PlanFileError::NewerVersion(v) => format!(
            "This plan file was made by a newer Quota Planner (format {v}); update the app to open it."
        ),
        PlanFileError::BadShape(detail) if vi => format!("Tệp kế hoạch bị hỏng: {detail}."),
        PlanFileError::BadShape(detail) => format!("The plan file is damaged: {detail}."),
        PlanFileError::BadUnitId(id) if vi => format!("Tệp kế hoạch bị hỏng: mã đơn vị \"{id}\" sai hoặc bị trùng."),
        PlanFileError::BadUnitId(id) => format!("The plan file is damaged: unit id \"{id}\" is malformed or repeated."),
        PlanFileError::BadParent(detail) if vi => format!("Tệp kế hoạch bị hỏng: đơn vị cấp trên không có hoặc đứng sau đơn vị con ({detail})."),
        PlanFileError::BadParent(detail) => format!("The plan file is damaged: a parent is missing or comes after its child ({detail})."),
        PlanFileError::BadLevel(id) if vi => format!("Tệp kế hoạch bị hỏng: cấp của đơn vị {id} không khớp với đơn vị cấp trên."),
        PlanFileError::BadLevel(id) => format!("The plan file is damaged: the level of unit {id} does not follow from its parent."),
        PlanFileError::CountTooLarge(place) if vi => format!("Tệp kế hoạch có số quá lớn ở {place} (tối đa 9.007.199.254.740.991)."),
        PlanFileError::CountTooLarge(place) => format!("The plan file has a number too large at {place} (at most 9,007,199,254,740,991)."),
        PlanFileError::SumTooLarge(kind) => super::api::sum_too_large(*kind, super::api::SumRefused::File, locale),
        PlanFileError::BadPercent(detail) if vi => format!("Tệp kế hoạch có tỷ lệ không hợp lệ ({detail}): cần từ 0 đến 100, tối đa hai chữ số thập phân."),
        PlanFileError::BadPercent(detail) => format!("The plan file has an invalid percentage ({detail}): it must be 0–100 with at most two decimals."),
        PlanFileError::UnknownRounding(name) if vi => format!("Tệp kế hoạch dùng cách làm tròn không biết: \"{name}\"."),
        PlanFileError::UnknownRounding(name) => format!("The plan file uses an unknown rounding mode: \"{name}\"."),
        PlanFileError::UnknownExclusion(detail) if vi => format!("Tệp kế hoạch có loại trừ không biết ({detail})."),
        PlanFileError::UnknownExclusion(detail) => format!("The plan file has an unknown exclusion category ({detail})."),
        PlanFileError::BadDate(detail) if vi => format!("Tệp kế hoạch có ngày không hợp lệ ({detail}); cần dạng YYYY-MM-DD."),
        PlanFileError::BadDate(detail) => format!("The plan file has an invalid date ({detail}); expected YYYY-MM-DD."),
        PlanFileError::BadHistory(detail) if vi => format!("Lịch sử hoàn tác trong bản nháp không khớp với kế hoạch ({detail})."),
        PlanFileError::BadHistory(detail) => format!("The draft's undo history does not match its plan ({detail})."),
    };
    let kept = if vi {
        " Kế hoạch đang mở không thay đổi."
    } else {
        " The open plan is unchanged."
    };
    what + kept
}

/// Fixed texts of the plan file, autosave and drafts.
pub struct PersistTexts {
    pub save_plan: &'static str,
    pub save_plan_hint: &'static str,
    pub drafts: &'static str,
    pub drafts_title: &'static str,
    pub draft_name_label: &'static str,
    pub open: &'static str,
    pub rename: &'static str,
    pub duplicate: &'static str,
    pub delete: &'static str,
    pub new_draft: &'static str,
    pub close: &'static str,
    pub current: &'static str,
    pub no_drafts: &'static str,
    pub untitled: &'static str,
    pub copy_suffix: &'static str,
    pub storage_failed: &'static str,
    pub other_tab: &'static str,
    pub restored: &'static str,
    pub confirm_delete: &'static str,
    pub units: &'static str,
    pub saved_at: &'static str,
}

const VI: PersistTexts = PersistTexts {
    save_plan: "Lưu tệp kế hoạch",
    save_plan_hint: "Tải về tệp kế hoạch (.json) để mở lại sau (Ctrl+S)",
    drafts: "Bản nháp…",
    drafts_title: "Bản nháp đã lưu trong trình duyệt",
    draft_name_label: "Tên bản nháp",
    open: "Mở",
    rename: "Đổi tên",
    duplicate: "Nhân bản",
    delete: "Xóa",
    new_draft: "Bản nháp mới từ kế hoạch đang mở",
    close: "Đóng",
    current: "(đang mở)",
    no_drafts: "Chưa có bản nháp nào.",
    untitled: "Kế hoạch",
    copy_suffix: "(bản sao)",
    storage_failed: "Trình duyệt không cho lưu tự động (bộ nhớ đầy, bị từ chối hoặc chế độ ẩn danh). Hãy dùng \"Lưu tệp kế hoạch\" để giữ công việc.",
    other_tab: "Bản nháp này đang mở ở một thẻ khác; thẻ này làm việc trên một bản sao để hai thẻ không ghi đè lên nhau.",
    restored: "Đã khôi phục bản nháp",
    confirm_delete: "Xóa bản nháp này? Không thể hoàn tác.",
    units: "đơn vị",
    saved_at: "lưu lúc",
};

const EN: PersistTexts = PersistTexts {
    save_plan: "Save plan file",
    save_plan_hint: "Download the plan file (.json) to reopen later (Ctrl+S)",
    drafts: "Drafts…",
    drafts_title: "Drafts saved in this browser",
    draft_name_label: "Draft name",
    open: "Open",
    rename: "Rename",
    duplicate: "Duplicate",
    delete: "Delete",
    new_draft: "New draft from the open plan",
    close: "Close",
    current: "(open)",
    no_drafts: "No drafts yet.",
    untitled: "Plan",
    copy_suffix: "(copy)",
    storage_failed: "The browser does not allow autosave (storage full, refused or a private window). Use \"Save plan file\" to keep your work.",
    other_tab: "This draft is open in another tab; this tab works on a copy so that the two never overwrite each other.",
    restored: "Draft restored",
    confirm_delete: "Delete this draft? This cannot be undone.",
    units: "units",
    saved_at: "saved",
};

pub fn texts(locale: Locale) -> &'static PersistTexts {
    match locale {
        Locale::Vi => &VI,
        Locale::En => &EN,
    }
}

/// "Đã khôi phục bản nháp “name”."
pub fn restored(name: &str, locale: Locale) -> String {
    format!("{} “{name}”.", texts(locale).restored)
}

/// "Mở “plan.json”: 120 đơn vị."
pub fn opened_plan(file_name: &str, units: usize, locale: Locale) -> String {
    let count = crate::core::format::count(units as u64, locale);
    match locale {
        Locale::Vi => format!("Đã mở tệp kế hoạch “{file_name}”: {count} đơn vị."),
        Locale::En => format!("Opened plan file “{file_name}”: {count} units."),
    }
}
