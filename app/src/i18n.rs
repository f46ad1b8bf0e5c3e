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
    NavLabel,
    NavOverview,
    NavFunding,
    NavData,
    Undo,
    Redo,
    FundingHeading,
    FundingIntro,
    Source,
    Kind,
    Level,
    Amount,
    MayPayFor,
    Committed,
    Allocated,
    Remaining,
    SourceNote,
    Grant,
    Loan,
    LevelProvince,
    LevelDistrict,
    LevelCommune,
    Envelope,
    Grants,
    Loans,
    EntitlementsHeading,
    EntitlementsIntro,
    Program,
    Beneficiaries,
    Cost,
    Funded,
    Shortfall,
    ProblemsHeading,
    NoProblems,
    Error,
    Warning,
    AmountHelp,
    OverviewHeading,
    OverviewIntro,
    Baseline,
    Projected,
    ScorecardHeading,
    Target,
    Plan,
    ProjectedValue,
    Probability,
    Status,
    Likely,
    Uncertain,
    Unlikely,
    Met,
    NotMet,
    RunSimulation,
    Cancel,
    Simulating,
    PreparingHouseholds,
    Stale,
    NotRunYet,
    Draws,
    ParametersHeading,
    Parameter,
    Value,
    Confidence,
    PoorRateEnd,
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
        Msg::NavLabel => ("Các màn hình", "Screens"),
        Msg::NavOverview => ("Tổng quan", "Overview"),
        Msg::NavFunding => ("Nguồn vốn", "Funding"),
        Msg::NavData => ("Dữ liệu", "Data"),
        Msg::Undo => ("Hoàn tác", "Undo"),
        Msg::Redo => ("Làm lại", "Redo"),
        Msg::FundingHeading => ("Nguồn vốn năm 2019", "Funding envelope 2019"),
        Msg::FundingIntro => (
            "Sửa số tiền của một nguồn để xem ngay số đã phân bổ, số còn lại và các vấn đề. Gõ 1.500.000.000 hoặc 1,5 tỷ.",
            "Change a source's amount to see at once what is allocated, what remains and any problem. Type 1,500,000,000 or 1.5 billion.",
        ),
        Msg::Source => ("Nguồn vốn", "Source"),
        Msg::Kind => ("Loại", "Kind"),
        Msg::Level => ("Cấp", "Level"),
        Msg::Amount => ("Số tiền (đồng)", "Amount (đồng)"),
        Msg::MayPayFor => ("Được chi cho", "May pay for"),
        Msg::Committed => ("Đã giao cho chương trình", "Committed to programs"),
        Msg::Allocated => ("Đã phân bổ", "Allocated"),
        Msg::Remaining => ("Còn lại", "Remaining"),
        Msg::SourceNote => ("Nguồn số liệu", "Where the figure comes from"),
        Msg::Grant => ("Cấp phát", "Grant"),
        Msg::Loan => ("Tín dụng", "Loan"),
        Msg::LevelProvince => ("Tỉnh", "Province"),
        Msg::LevelDistrict => ("Huyện", "District"),
        Msg::LevelCommune => ("Xã", "Commune"),
        Msg::Envelope => ("Tổng nguồn lực", "Total envelope"),
        Msg::Grants => ("Vốn cấp phát", "Grants"),
        Msg::Loans => ("Vốn tín dụng", "Loans"),
        Msg::EntitlementsHeading => ("Chế độ theo quy định", "Entitlements set by law"),
        Msg::EntitlementsIntro => (
            "Chi phí tính từ số đối tượng và định mức theo quy định, tách riêng với phần phân bổ theo tiêu chí.",
            "Cost from head-counts and legal unit amounts, shown apart from discretionary allocations.",
        ),
        Msg::Program => ("Chương trình", "Program"),
        Msg::Beneficiaries => ("Số đối tượng", "Units"),
        Msg::Cost => ("Chi phí", "Cost"),
        Msg::Funded => ("Đã bố trí", "Funded"),
        Msg::Shortfall => ("Còn thiếu", "Shortfall"),
        Msg::ProblemsHeading => ("Vấn đề cần xem", "Problems"),
        Msg::NoProblems => ("Không có vấn đề.", "No problems."),
        Msg::Error => ("Lỗi", "Error"),
        Msg::Warning => ("Cảnh báo", "Warning"),
        Msg::AmountHelp => ("Số tiền của nguồn", "Amount of the source"),
        Msg::OverviewHeading => ("Tổng quan kế hoạch 2019", "2019 plan overview"),
        Msg::OverviewIntro => (
            "Dự báo cuối năm 2019 theo kịch bản hiện tại, với khoảng tin cậy P10–P90 từ mô phỏng Monte Carlo trên từng hộ.",
            "The end-2019 projection of the current scenario, with P10–P90 bands from a household-level Monte Carlo simulation.",
        ),
        Msg::Baseline => ("Cuối năm 2018", "End of 2018"),
        Msg::Projected => ("Dự báo cuối năm 2019", "Projected end of 2019"),
        Msg::ScorecardHeading => ("Các mục tiêu năm 2019", "The 2019 targets"),
        Msg::Target => ("Mục tiêu", "Target"),
        Msg::Plan => ("Kế hoạch", "Plan"),
        Msg::ProjectedValue => ("Dự báo: trung vị (P10–P90)", "Projected: median (P10–P90)"),
        Msg::Probability => ("Xác suất đạt", "Probability met"),
        Msg::Status => ("Đánh giá", "Status"),
        Msg::Likely => ("Nhiều khả năng đạt", "Likely"),
        Msg::Uncertain => ("Chưa chắc chắn", "Uncertain"),
        Msg::Unlikely => ("Khó đạt", "Unlikely"),
        Msg::Met => ("Đạt", "Met"),
        Msg::NotMet => ("Không đạt", "Not met"),
        Msg::RunSimulation => ("Chạy mô phỏng", "Run the simulation"),
        Msg::Cancel => ("Dừng", "Cancel"),
        Msg::Simulating => ("Đang mô phỏng", "Simulating"),
        Msg::PreparingHouseholds => ("Đang tạo 620.149 hộ mô phỏng…", "Building the 620,149 simulated households…"),
        Msg::Stale => (
            "Kịch bản đã thay đổi sau lần mô phỏng này; hãy chạy lại để cập nhật.",
            "The scenario changed after this simulation; run it again to update.",
        ),
        Msg::NotRunYet => ("Chưa chạy mô phỏng.", "The simulation has not been run yet."),
        Msg::Draws => ("lần mô phỏng", "draws"),
        Msg::ParametersHeading => ("Tham số mặc định và nguồn", "Default parameters and their sources"),
        Msg::Parameter => ("Tham số", "Parameter"),
        Msg::Value => ("Giá trị", "Value"),
        Msg::Confidence => ("Độ tin cậy", "Confidence"),
        Msg::PoorRateEnd => ("Tỷ lệ hộ nghèo", "Poverty rate"),
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
