//! The words of working offline: the saved offline copy (the single file
//! with the plan inside) and the hosted page's new version.

use super::Locale;
use crate::core::export::offline::OfflineError;

/// Fixed texts of offline use.
pub struct OfflineTexts {
    /// The toolbar action that downloads the single file with the plan.
    pub save_offline: &'static str,
    pub save_offline_hint: &'static str,
    /// A new release is cached and ready (hosted page).
    pub update_ready: &'static str,
    /// Reloads onto the new release.
    pub reload: &'static str,
    pub reload_hint: &'static str,
}

const VI: OfflineTexts = OfflineTexts {
    save_offline: "Lưu bản dùng ngoại tuyến",
    save_offline_hint: "Tải về một tệp .html chứa cả ứng dụng và kế hoạch đang mở: mở bằng trình duyệt, không cần mạng, gửi được cho người khác",
    update_ready: "Đã có phiên bản mới của Lập chỉ tiêu. Công việc của bạn vẫn được giữ; tải lại trang khi thuận tiện để dùng bản mới.",
    reload: "Tải lại",
    reload_hint: "Tải lại trang để dùng phiên bản mới (kế hoạch đang mở được giữ trong bản nháp)",
};

const EN: OfflineTexts = OfflineTexts {
    save_offline: "Save an offline copy",
    save_offline_hint: "Download one .html file holding the app and the open plan: it opens in a browser with no network and can be sent to others",
    update_ready: "A new version of Quota Planner is ready. Your work is kept; reload when convenient to use it.",
    reload: "Reload",
    reload_hint: "Reload the page onto the new version (the open plan is kept in its draft)",
};

pub fn texts(locale: Locale) -> &'static OfflineTexts {
    match locale {
        Locale::Vi => &VI,
        Locale::En => &EN,
    }
}

/// "Đã tải về “name”…": the offline copy was handed to the browser.
pub fn saved(name: &str, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!(
            "Đã tải về “{name}”: mở tệp này bằng trình duyệt để dùng kế hoạch khi không có mạng."
        ),
        Locale::En => {
            format!("Downloaded “{name}”: open it in a browser to use the plan with no network.")
        }
    }
}

/// Why no offline copy was made.
pub fn error(error: &OfflineError, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    match error {
        OfflineError::NoPlanBlock if vi => {
            "Không tạo được bản dùng ngoại tuyến: tệp ứng dụng không có chỗ chứa kế hoạch.".to_string()
        }
        OfflineError::NoPlanBlock => {
            "No offline copy was made: the app's file has no place for the plan.".to_string()
        }
        OfflineError::PageUnavailable(detail) if vi => format!(
            "Không tạo được bản dùng ngoại tuyến: không đọc được tệp quota-planner.html của ứng dụng ({detail})."
        ),
        OfflineError::PageUnavailable(detail) => format!(
            "No offline copy was made: the app's quota-planner.html could not be read ({detail})."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for e in [
            OfflineError::NoPlanBlock,
            OfflineError::PageUnavailable("404".into()),
        ] {
            assert_ne!(error(&e, Locale::Vi), error(&e, Locale::En));
        }
        assert!(saved("a.html", Locale::Vi).contains("a.html"));
        assert_eq!(texts(Locale::Vi).save_offline, "Lưu bản dùng ngoại tuyến");
    }
}
