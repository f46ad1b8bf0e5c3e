//! Every string the app shows, in Vietnamese and English, and the remembered language choice.

pub use gnbv_engine::format::Lang;
use gnbv_engine::provenance::Provenance;

/// Where the language choice is kept between visits.
const STORAGE_KEY: &str = "gnbv.lang";

/// A piece of interface text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    AppName,
    AppTagline,
    LanguageSwitch,
    DatasetHeading,
    DatasetSubheading,
    Households,
    People,
    PoorHouseholds,
    PoorRate,
    NearPoorHouseholds,
    NearPoorRate,
    EscapedLastYear,
    Units,
    DistrictsSuffix,
    NewRuralSuffix,
    PeopleSuffix,
    OfHouseholdsSuffix,
    Unit,
    IllustrativeNoteTitle,
    IllustrativeNote,
    PublishedMark,
    DerivedMark,
    PublishedLabel,
    DerivedLabel,
    TableCaption,
    TableHint,
    SortBy,
    ShowCommunes,
    HideCommunes,
    NewRuralFlag,
    DatasetFailed,
    SourcesHeading,
    PoorSplit,
    Footer,
}

/// The text of `msg` in `lang`.
#[must_use]
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    let (vi, en) = match msg {
        Msg::AppName => ("GNBV Planner", "GNBV Planner"),
        Msg::AppTagline => (
            "Lập kế hoạch và dự toán Chương trình mục tiêu quốc gia Giảm nghèo bền vững",
            "Planning and budgeting for the National Target Program for Sustainable Poverty Reduction",
        ),
        Msg::LanguageSwitch => ("Ngôn ngữ", "Language"),
        Msg::DatasetHeading => ("Tỉnh Thái Bình: số liệu cơ sở cuối năm 2018", "Thái Bình province: end-2018 baseline"),
        Msg::DatasetSubheading => (
            "Cơ sở của kế hoạch giảm nghèo năm 2019 (28/KH-SLĐTBXH)",
            "Baseline of the 2019 poverty-reduction plan (28/KH-SLĐTBXH)",
        ),
        Msg::Households => ("Số hộ", "Households"),
        Msg::People => ("Nhân khẩu", "People"),
        Msg::PoorHouseholds => ("Hộ nghèo", "Poor households"),
        Msg::PoorRate => ("Tỷ lệ hộ nghèo", "Poverty rate"),
        Msg::NearPoorHouseholds => ("Hộ cận nghèo", "Near-poor households"),
        Msg::NearPoorRate => ("Tỷ lệ hộ cận nghèo", "Near-poor rate"),
        Msg::EscapedLastYear => ("Thoát nghèo năm 2018", "Escaped poverty in 2018"),
        Msg::Units => ("Đơn vị cấp xã", "Commune-level units"),
        Msg::DistrictsSuffix => ("huyện, thành phố", "districts and city"),
        Msg::NewRuralSuffix => ("xã trong mục tiêu nông thôn mới 2019", "xã in the 2019 new-rural target"),
        Msg::PeopleSuffix => ("nhân khẩu", "people"),
        Msg::OfHouseholdsSuffix => ("số hộ", "of households"),
        Msg::Unit => ("Đơn vị", "Unit"),
        Msg::IllustrativeNoteTitle => ("Số liệu minh họa", "Illustrative figures"),
        Msg::IllustrativeNote => (
            "Tên, mã và loại đơn vị hành chính theo danh mục của Tổng cục Thống kê. Phần lớn số đếm là số liệu \
             minh họa, được hiệu chỉnh cho khớp với các số đã công bố; chỉ những số có dấu CB (công bố) hoặc SR \
             (suy ra từ số công bố) là số thực. Không dùng số minh họa làm số liệu chính thức.",
            "Unit names, codes and kinds come from the GSO list. Most counts are illustrative, calibrated to \
             match the published figures; only figures marked P (published) or D (derived from published \
             figures) are real. Do not quote illustrative figures as official.",
        ),
        Msg::PublishedMark => ("CB", "P"),
        Msg::DerivedMark => ("SR", "D"),
        Msg::PublishedLabel => ("Số liệu công bố", "Published figure"),
        Msg::DerivedLabel => ("Suy ra từ số liệu công bố", "Derived from published figures"),
        Msg::TableCaption => ("Huyện, thành phố và các xã, phường, thị trấn", "Districts and their communes"),
        Msg::TableHint => (
            "Bấm tên cột để sắp xếp; bấm tên huyện để xem các xã.",
            "Choose a column heading to sort; choose a district to show its communes.",
        ),
        Msg::SortBy => ("Sắp xếp theo", "Sort by"),
        Msg::ShowCommunes => ("Hiện các xã của", "Show the communes of"),
        Msg::HideCommunes => ("Ẩn các xã của", "Hide the communes of"),
        Msg::NewRuralFlag => ("Tính trong mục tiêu nông thôn mới 2019", "Counted in the 2019 new-rural target"),
        Msg::DatasetFailed => ("Không đọc được bộ dữ liệu dựng sẵn", "The built-in dataset could not be read"),
        Msg::SourcesHeading => ("Nguồn của các số liệu công bố", "Sources of the published figures"),
        Msg::PoorSplit => ("Hộ nghèo: thu nhập · đa chiều", "Poor: by income · multidimensional"),
        Msg::Footer => (
            "Mọi tính toán chạy trong trình duyệt; không có dữ liệu nào được gửi đi.",
            "Everything runs in your browser; no data leaves it.",
        ),
    };
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// Short mark and full label for a figure's provenance; `None` for illustrative figures,
/// which the note at the top of the page covers.
#[must_use]
pub fn provenance_mark(lang: Lang, p: Provenance) -> Option<(&'static str, &'static str)> {
    match p {
        Provenance::Published => Some((t(lang, Msg::PublishedMark), t(lang, Msg::PublishedLabel))),
        Provenance::Derived => Some((t(lang, Msg::DerivedMark), t(lang, Msg::DerivedLabel))),
        Provenance::Illustrative => None,
    }
}

/// The language chosen on an earlier visit; Vietnamese when none was (or storage is off).
#[must_use]
pub fn load_lang() -> Lang {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get::<String>(STORAGE_KEY).ok().and_then(|tag| Lang::from_tag(&tag)).unwrap_or_default()
}

/// Remembers the language choice. Private browsing or full storage only means it is not
/// remembered, so a failure is ignored.
pub fn save_lang(lang: Lang) {
    use gloo_storage::Storage;
    let _ = gloo_storage::LocalStorage::set(STORAGE_KEY, lang.tag());
}
