//! Column roles and the header vocabulary: which words in a header mean
//! the STT, the unit's name, the base, the target, a percentage, a daily
//! figure, or one of the exclusion categories (seed 003's list in the
//! phrasings officials write).

use crate::core::plan::ExclusionCategory;
use crate::core::text::fold_words;

/// What a column holds. `key()` gives the role strings of
/// `ImportReport.columns`; `from_key` reads them back.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ColumnRole {
    Code,
    Name,
    Base,
    Target,
    Percent,
    Daily,
    Result,
    Eligible,
    Excluded(ExclusionCategory),
    Unknown(String),
}

impl ColumnRole {
    /// Every role a column can be given, in the order a planner picks from
    /// (`Unknown`, "not used", is not listed).
    pub fn choices() -> Vec<ColumnRole> {
        let mut all = vec![
            ColumnRole::Code,
            ColumnRole::Name,
            ColumnRole::Base,
            ColumnRole::Target,
            ColumnRole::Percent,
            ColumnRole::Daily,
            ColumnRole::Result,
            ColumnRole::Eligible,
        ];
        all.extend(ExclusionCategory::ALL.into_iter().map(ColumnRole::Excluded));
        all
    }

    /// Reads a key given by `key()`: `code`, `name`, `base`, `target`,
    /// `percent`, `daily`, `result`, `eligible`, `excluded:<category>`,
    /// `unknown:<header>` (or `unknown`).
    pub fn from_key(key: &str) -> Option<ColumnRole> {
        Some(match key {
            "code" => ColumnRole::Code,
            "name" => ColumnRole::Name,
            "base" => ColumnRole::Base,
            "target" => ColumnRole::Target,
            "percent" => ColumnRole::Percent,
            "daily" => ColumnRole::Daily,
            "result" => ColumnRole::Result,
            "eligible" => ColumnRole::Eligible,
            "unknown" => ColumnRole::Unknown(String::new()),
            _ => {
                if let Some(header) = key.strip_prefix("unknown:") {
                    return Some(ColumnRole::Unknown(header.to_string()));
                }
                let category = key.strip_prefix("excluded:")?;
                let found = ExclusionCategory::ALL
                    .into_iter()
                    .find(|c| c.key() == category)?;
                ColumnRole::Excluded(found)
            }
        })
    }

    /// A column not used for the plan.
    pub fn is_unknown(&self) -> bool {
        matches!(self, ColumnRole::Unknown(_))
    }

    pub fn key(&self) -> String {
        match self {
            ColumnRole::Code => "code".into(),
            ColumnRole::Name => "name".into(),
            ColumnRole::Base => "base".into(),
            ColumnRole::Target => "target".into(),
            ColumnRole::Percent => "percent".into(),
            ColumnRole::Daily => "daily".into(),
            ColumnRole::Result => "result".into(),
            ColumnRole::Eligible => "eligible".into(),
            ColumnRole::Excluded(category) => format!("excluded:{}", category.key()),
            ColumnRole::Unknown(header) => format!("unknown:{header}"),
        }
    }

    /// Recognises a header text (one row's, or two rows' combined).
    pub(super) fn of_header(text: &str) -> Option<ColumnRole> {
        let words = fold_words(text);
        if words.is_empty() {
            return None;
        }
        let has = |k: &str| contains_words(&words, k);
        let any = |keys: &[&str]| keys.iter().any(|k| has(k));
        if matches!(
            words.as_str(),
            "stt" | "tt" | "so tt" | "so thu tu" | "no" | "#" | "ma" | "ma so" | "thu tu"
        ) {
            return Some(ColumnRole::Code);
        }
        if any(&[
            "moi ngay",
            "/ngay",
            "per day",
            "daily",
            "1 ngay",
            "hang ngay",
            "/day",
        ]) {
            return Some(ColumnRole::Daily);
        }
        if let Some(category) = exclusion_of(&words) {
            return Some(ColumnRole::Excluded(category));
        }
        if any(&["ket qua", "result", "da thuc hien", "da dat", "done"]) {
            return Some(ColumnRole::Result);
        }
        if any(&["con lai", "du dieu kien", "eligible"]) {
            return Some(ColumnRole::Eligible);
        }
        if !has("chi tieu")
            && (words.starts_with("ty le")
                || words.starts_with("ti le")
                || any(&["rate", "percent", "percentage"])
                || words == "%")
        {
            return Some(ColumnRole::Percent);
        }
        if any(&["chi tieu", "target", "quota", "giao"]) {
            return Some(ColumnRole::Target);
        }
        const BASE: [&str; 14] = [
            "so luong",
            "tong so",
            "so tai khoan",
            "muc 2",
            "ho so",
            "base",
            "count",
            "dan so",
            "so dan",
            "so nguoi",
            "so ho",
            "total",
            "tai khoan",
            "so tk",
        ];
        if any(&BASE) {
            return Some(ColumnRole::Base);
        }
        const NAME: [&str; 16] = [
            "don vi",
            "dia ban",
            "ten",
            "ho ten",
            "ho va ten",
            "to dan pho",
            "unit",
            "name",
            "area",
            "dia phuong",
            "xa phuong",
            "can bo",
            "thon",
            "ap",
            "khom",
            "co quan",
        ];
        if any(&NAME) {
            return Some(ColumnRole::Name);
        }
        None
    }
}

/// `key` occurs in `words` on word boundaries.
fn contains_words(words: &str, key: &str) -> bool {
    if key.starts_with('/') || key == "%" {
        return words.contains(key);
    }
    let padded = format!(" {words} ");
    padded.contains(&format!(" {key} "))
}

/// Exclusion category of a header, if it names one. The phrasings are
/// those officials write (seed 003's report and the appendices' column
/// headers), full and short, matched on folded words so that diacritics
/// and case do not matter.
fn exclusion_of(words: &str) -> Option<ExclusionCategory> {
    let has = |k: &str| contains_words(words, k);
    let any = |keys: &[&str]| keys.iter().any(|k| has(k));
    if any(&[
        "chet", "tu vong", "da mat", "qua doi", "tu tran", "died", "dead", "deceased", "death",
    ]) {
        return Some(ExclusionCategory::Died);
    }
    if any(&[
        "nghia vu quan su",
        "nvqs",
        "quan ngu",
        "nhap ngu",
        "tai ngu",
        "luc luong vu trang",
        "llvt",
        "bo doi",
        "quan doi",
        "military",
        "army",
        "armed forces",
        "enlisted",
    ]) {
        return Some(ExclusionCategory::MilitaryService);
    }
    if any(&[
        "chap hanh an",
        "thi hanh an",
        "an phat tu",
        "phat tu",
        "ngoi tu",
        "dang o tu",
        "trai giam",
        "tam giam",
        "giam giu",
        "prison",
        "prisoner",
        "jail",
        "imprisoned",
    ]) || words == "tu"
    {
        return Some(ExclusionCategory::Prison);
    }
    if any(&[
        "nuoc ngoai",
        "xuat canh",
        "xuat khau lao dong",
        "xkld",
        "dinh cu",
        "abroad",
        "overseas",
        "emigrated",
    ]) {
        return Some(ExclusionCategory::Abroad);
    }
    if any(&[
        "thay doi so",
        "doi so dien thoai",
        "doi so",
        "thay so",
        "doi sdt",
        "thay sdt",
        "chua phe duyet",
        "phone change",
        "number change",
        "change pending",
        "cap nhat so",
    ]) {
        return Some(ExclusionCategory::PhoneChangePending);
    }
    if any(&["het han", "qua han", "expired"]) {
        return Some(ExclusionCategory::ExpiredId);
    }
    if any(&["dien thoai", "dt", "sdt", "smartphone", "phone"])
        && any(&["khong", "no", "chua", "without", "ko"])
    {
        return Some(ExclusionCategory::NoPhone);
    }
    let short = words.split(' ').count() <= 4;
    if any(&[
        "ly do khac",
        "truong hop khac",
        "nguyen nhan khac",
        "chua duoc ghi nhan",
        "chua ghi nhan",
        "chua tru chi tieu",
        "chua tru",
        "he thong chua",
        "chua dong bo",
    ]) || (short && (words.ends_with("khac") || words.ends_with("other")))
        || (words.ends_with("khac")
            && any(&[
                "khong tham gia",
                "loai tru",
                "khong tinh",
                "khong du dieu kien",
            ]))
    {
        return Some(ExclusionCategory::Other);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::ColumnRole;
    use crate::core::plan::ExclusionCategory::{self, *};

    /// Headers as officials write them (full, short, with and without
    /// diacritics) → the exclusion category they name.
    const EXCLUSION_HEADERS: &[(&str, ExclusionCategory)] = &[
        ("Đã chết", Died),
        ("Chết", Died),
        ("Số người chết", Died),
        ("Đã mất", Died),
        ("Từ trần", Died),
        ("Qua đời", Died),
        ("Tử vong", Died),
        ("da chet", Died),
        ("Died", Died),
        ("Nhập ngũ", MilitaryService),
        ("nhap ngu", MilitaryService),
        ("Nghĩa vụ quân sự", MilitaryService),
        ("NVQS", MilitaryService),
        ("Đi nghĩa vụ quân sự", MilitaryService),
        ("Công tác trong lực lượng vũ trang", MilitaryService),
        (
            "Nhập ngũ, công tác trong lực lượng vũ trang không ở địa phương",
            MilitaryService,
        ),
        ("Tại ngũ", MilitaryService),
        ("Đi bộ đội", MilitaryService),
        ("Military service", MilitaryService),
        ("Chấp hành án", Prison),
        ("Đang chấp hành án phạt tù", Prison),
        ("Chấp hành án phạt tù", Prison),
        ("Phạt tù", Prison),
        ("Thi hành án", Prison),
        ("Tạm giam", Prison),
        ("chap hanh an", Prison),
        ("In prison", Prison),
        ("Đi nước ngoài", Abroad),
        ("Ở nước ngoài", Abroad),
        ("Đi nước ngoài không liên lạc được", Abroad),
        ("Xuất cảnh", Abroad),
        ("Xuất khẩu lao động", Abroad),
        ("di nuoc ngoai", Abroad),
        ("Abroad", Abroad),
        ("Không dùng điện thoại", NoPhone),
        ("Không còn dùng điện thoại", NoPhone),
        ("Không sử dụng điện thoại thông minh", NoPhone),
        ("Không có ĐT", NoPhone),
        ("Không có điện thoại", NoPhone),
        ("khong dung dien thoai", NoPhone),
        ("No phone", NoPhone),
        ("CCCD hết hạn", ExpiredId),
        ("Có CCCD hết hạn", ExpiredId),
        ("Căn cước hết hạn", ExpiredId),
        ("Thẻ quá hạn", ExpiredId),
        ("cccd het han", ExpiredId),
        ("Expired ID", ExpiredId),
        ("Chờ thay đổi số điện thoại", PhoneChangePending),
        ("Thay số điện thoại chưa phê duyệt", PhoneChangePending),
        (
            "Làm thủ tục thay số điện thoại nhưng chưa phê duyệt",
            PhoneChangePending,
        ),
        ("Đổi số điện thoại", PhoneChangePending),
        ("Đổi SĐT", PhoneChangePending),
        ("Phone change pending", PhoneChangePending),
        ("Khác", Other),
        ("Lý do khác", Other),
        ("Trường hợp khác", Other),
        ("Đã làm nhưng hệ thống chưa trừ chỉ tiêu", Other),
        ("Chưa được ghi nhận", Other),
        ("Other", Other),
    ];

    #[test]
    fn exclusion_headers_name_their_category() {
        let wrong: Vec<String> = EXCLUSION_HEADERS
            .iter()
            .filter_map(|(header, category)| {
                let role = ColumnRole::of_header(header);
                (role != Some(ColumnRole::Excluded(*category)))
                    .then(|| format!("{header:?} → {role:?}, expected {category:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// Headers that mention a word of the vocabulary but name something
    /// else keep their own role.
    #[test]
    fn look_alike_headers_keep_their_role() {
        let cases: &[(&str, Option<ColumnRole>)] = &[
            ("Số điện thoại", None),
            ("Mật khẩu", None),
            ("Tổng quan", None),
            ("Số lượng hồ sơ mức 2", Some(ColumnRole::Base)),
            ("Chỉ tiêu 90%", Some(ColumnRole::Target)),
            ("Tỷ lệ giao (%)", Some(ColumnRole::Percent)),
            ("Số ca mỗi ngày", Some(ColumnRole::Daily)),
            ("Đơn vị", Some(ColumnRole::Name)),
        ];
        for (header, role) in cases {
            assert_eq!(&ColumnRole::of_header(header), role, "{header}");
        }
    }
}
