//! Every string the app shows, in Vietnamese and English, and the remembered language choice.

pub use gnbv_engine::format::Lang;

/// Where the language choice is kept between visits.
const STORAGE_KEY: &str = "gnbv.lang";

/// Declares every message once, with its Vietnamese and English side by side, and generates
/// the `Msg` enum and `t`.
macro_rules! messages {
    ($($name:ident => ($vi:expr, $en:expr $(,)?)),* $(,)?) => {
        /// A piece of interface text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg {
            $($name,)*
        }

        /// The text of `msg` in `lang`.
        #[must_use]
        pub fn t(lang: Lang, msg: Msg) -> &'static str {
            match msg {
                $(Msg::$name => lang.pick($vi, $en),)*
            }
        }
    };
}

// Every string the app shows: (Vietnamese, English). A figure that comes from the dataset or
// the engine is never written into a message: it is a `{name}` that `t_with` fills in.
messages! {
    AppName => ("GNBV Planner", "GNBV Planner"),
    AppTagline => (
        "Lập kế hoạch và dự toán Chương trình mục tiêu quốc gia Giảm nghèo bền vững",
        "Planning and budgeting for the National Target Program for Sustainable Poverty Reduction",
    ),
    LanguageSwitch => ("Ngôn ngữ", "Language"),
    DatasetHeading => ("Tỉnh {province}: số liệu cơ sở cuối năm 2018", "{province} province: end-2018 baseline"),
    DatasetSubheading => (
        "Cơ sở của kế hoạch giảm nghèo năm 2019 (28/KH-SLĐTBXH)",
        "Baseline of the 2019 poverty-reduction plan (28/KH-SLĐTBXH)",
    ),
    Households => ("Số hộ", "Households"),
    People => ("Nhân khẩu", "People"),
    PoorHouseholds => ("Hộ nghèo", "Poor households"),
    PoorRate => ("Tỷ lệ hộ nghèo", "Poverty rate"),
    NearPoorHouseholds => ("Hộ cận nghèo", "Near-poor households"),
    NearPoorRate => ("Tỷ lệ hộ cận nghèo", "Near-poor rate"),
    EscapedLastYear => ("Thoát nghèo năm 2018", "Escaped poverty in 2018"),
    Units => ("Đơn vị cấp xã", "Commune-level units"),
    DistrictsSuffix => ("huyện, thành phố", "districts and city"),
    NewRuralSuffix => ("xã trong mục tiêu nông thôn mới 2019", "xã in the 2019 new-rural target"),
    PeopleSuffix => ("nhân khẩu", "people"),
    OfHouseholdsSuffix => ("số hộ", "of households"),
    Unit => ("Đơn vị", "Unit"),
    IllustrativeNoteTitle => ("Số liệu minh họa", "Illustrative figures"),
    IllustrativeNote => (
        "Tên, mã và loại đơn vị hành chính theo danh mục của Tổng cục Thống kê. Phần lớn số đếm là số liệu \
         minh họa, được hiệu chỉnh cho khớp với các số đã công bố; chỉ những số có dấu CB (công bố) hoặc SR \
         (suy ra từ số công bố) là số thực. Không dùng số minh họa làm số liệu chính thức.",
        "Unit names, codes and kinds come from the GSO list. Most counts are illustrative, calibrated to \
         match the published figures; only figures marked P (published) or D (derived from published \
         figures) are real. Do not quote illustrative figures as official.",
    ),
    TableCaption => ("Huyện, thành phố và các xã, phường, thị trấn", "Districts and their communes"),
    TableHint => (
        "Bấm tên cột để sắp xếp; bấm tên huyện để xem các xã.",
        "Choose a column heading to sort; choose a district to show its communes.",
    ),
    SortBy => ("Sắp xếp theo", "Sort by"),
    ShowCommunes => ("Hiện các xã của", "Show the communes of"),
    HideCommunes => ("Ẩn các xã của", "Hide the communes of"),
    NewRuralFlag => ("Tính trong mục tiêu nông thôn mới 2019", "Counted in the 2019 new-rural target"),
    DatasetFailed => ("Không đọc được bộ dữ liệu dựng sẵn", "The built-in dataset could not be read"),
    SourcesHeading => ("Nguồn của các số liệu công bố", "Sources of the published figures"),
    PoorSplit => ("Hộ nghèo: thu nhập · đa chiều", "Poor: by income · multidimensional"),
    Footer => (
        "Mọi tính toán chạy trong trình duyệt; không có dữ liệu nào được gửi đi.",
        "Everything runs in your browser; no data leaves it.",
    ),
    NavLabel => ("Các màn hình", "Screens"),
    NavOverview => ("Tổng quan", "Overview"),
    NavFunding => ("Nguồn vốn", "Funding"),
    NavData => ("Dữ liệu", "Data"),
    Undo => ("Hoàn tác", "Undo"),
    Redo => ("Làm lại", "Redo"),
    FundingHeading => ("Nguồn vốn năm {year}", "Funding envelope {year}"),
    FundingIntro => (
        "Sửa số tiền của một nguồn để xem ngay số đã phân bổ, số còn lại và các vấn đề. Gõ 1.500.000.000 hoặc 1,5 tỷ.",
        "Change a source's amount to see at once what is allocated, what remains and any problem. Type 1,500,000,000 or 1.5 billion.",
    ),
    Source => ("Nguồn vốn", "Source"),
    Kind => ("Loại", "Kind"),
    Level => ("Cấp", "Level"),
    Amount => ("Số tiền (đồng)", "Amount (đồng)"),
    MayPayFor => ("Được chi cho", "May pay for"),
    Committed => ("Đã giao cho chương trình", "Committed to programs"),
    Allocated => ("Đã phân bổ", "Allocated"),
    Remaining => ("Còn lại", "Remaining"),
    SourceNote => ("Nguồn số liệu", "Where the figure comes from"),
    Grant => ("Cấp phát", "Grant"),
    Loan => ("Tín dụng", "Loan"),
    LevelProvince => ("Tỉnh", "Province"),
    LevelDistrict => ("Huyện", "District"),
    LevelCommune => ("Xã", "Commune"),
    HeldLocally => ("chỉ chi tại nơi giữ quỹ", "spent only where held"),
    LocalFundsHeading => ("Quỹ “Vì người nghèo” và hộ chính sách xã hội theo huyện", "Day for the Poor funds and social-policy households by district"),
    LocalFundsNote => (
        "Số dư quỹ của từng huyện, xã và số hộ chính sách xã hội là số liệu minh họa: chia chỉ tiêu năm 2018 (cấp huyện 3,6 tỷ đồng, cấp xã 5,5 tỷ đồng) theo số hộ. Quỹ cấp huyện chỉ chi trong các xã của huyện, quỹ cấp xã chỉ chi tại xã. Số dư của từng xã có trong mẫu số liệu xã; nhập tệp số liệu xã để thay bằng số thực.",
        "Each district's and commune's fund balance and the social-policy households are illustrative: the 2018 targets (3.6 bn đ at district level, 5.5 bn đ at commune level) shared by households. A district's fund is spent only in its communes, a commune's only in the commune. Each commune's balance is in the commune template; import a commune file to replace them with real figures."
    ),
    DistrictFund => ("Quỹ cấp huyện", "District fund"),
    CommuneFunds => ("Quỹ cấp xã (cộng các xã)", "Commune funds (sum)"),
    SocialPolicyHouseholds => ("Hộ chính sách xã hội", "Social-policy households"),
    Envelope => ("Tổng nguồn lực", "Total envelope"),
    StateBudget => ("Ngân sách nhà nước", "State budget"),
    CreditNotSpending => ("tín dụng (cho vay, không phải chi ngân sách)", "credit (lent, not budget spending)"),
    OtherResources => ("lồng ghép, huy động", "integrated and mobilised"),
    Grants => ("Vốn cấp phát", "Grants"),
    Loans => ("Nguồn vốn cho vay (tín dụng)", "Lending capacity (credit)"),
    FlowOtherGrants => ("Nguồn cấp phát khác ({n})", "Other grants ({n})"),
    FlowOtherCredit => ("Tín dụng khác ({n})", "Other credit ({n})"),
    FlowOtherPrograms => ("Chương trình khác ({n})", "Other programs ({n})"),
    FlowLegendBudget => ("Ngân sách, quỹ, huy động (cấp phát)", "Budget, funds and donations (grants)"),
    FlowLegendCredit => ("Tín dụng chính sách (cho vay, phải hoàn trả)", "Preferential credit (lent, repaid)"),
    CreditHeading => ("Kế hoạch tín dụng chính sách", "Preferential credit plan"),
    CreditIntro => (
        "Vốn cho vay của Ngân hàng Chính sách xã hội quay vòng: nợ thu về được cho vay lại. Nguồn vốn cho vay của mỗi chương trình là thu nợ, vốn trung ương mới và vốn ngân sách địa phương tỉnh ủy thác. Số cho vay là vốn tín dụng, hộ vay phải hoàn trả; chi phí ngân sách là cấp bù lãi suất, phí ủy thác, hoa hồng và vốn ủy thác. Sửa vốn ủy thác và dư nợ đầu năm ngay trong bảng.",
        "The Social Policy Bank's capital revolves: what is collected is lent again. Each program can lend its collections, new central capital and the local budget the province entrusts. Loans are credit, repaid by the households; the budget pays the interest-rate support, fees and commissions, and the entrusted capital. Edit the entrusted capital and the opening balance in the table.",
    ),
    CreditCaption => ("Kế hoạch tín dụng chính sách năm {year} (đồng)", "{year} preferential credit plan (đồng)"),
    CreditCapacity => ("Nguồn vốn cho vay", "Lending capacity"),
    CreditLent => ("Doanh số cho vay", "Lent"),
    CreditClosing => ("Dư nợ cuối năm", "Outstanding at year end"),
    CreditCost => ("Chi phí ngân sách cho tín dụng", "Cost of the credit to the budget"),
    CreditEntrusted => ("Vốn ngân sách địa phương ủy thác", "Local budget entrusted"),
    CreditEntrustedField => ("Vốn ngân sách địa phương ủy thác (đồng)", "Local budget entrusted (đồng)"),
    CreditOpeningField => ("Dư nợ đầu năm (đồng)", "Outstanding at the start of the year (đồng)"),
    CreditNoBook => ("chưa có số dư nợ: cho vay đúng số vốn", "no loan book given: lends its amount"),
    LoanAmountHint => ("vốn trung ương mới; nguồn vốn cho vay {capacity}", "new central capital; lending capacity {capacity}"),
    EntitlementsHeading => ("Chế độ theo quy định", "Entitlements set by law"),
    EntitlementsIntro => (
        "Chi phí tính từ số đối tượng và định mức theo quy định, tách riêng với phần phân bổ theo tiêu chí.",
        "Cost from head-counts and legal unit amounts, shown apart from discretionary allocations.",
    ),
    Program => ("Chương trình", "Program"),
    Beneficiaries => ("Số đối tượng", "Units"),
    Cost => ("Chi phí", "Cost"),
    Funded => ("Đã bố trí", "Funded"),
    Shortfall => ("Còn thiếu", "Shortfall"),
    ProblemsHeading => ("Vấn đề cần xem", "Problems"),
    NoProblems => ("Không có vấn đề.", "No problems."),
    AmountHelp => ("Số tiền của nguồn", "Amount of the source"),
    OverviewHeading => ("Tổng quan kế hoạch {year}", "{year} plan overview"),
    OverviewIntro => (
        "Dự báo cuối năm {year} theo kịch bản hiện tại, với khoảng tin cậy P10–P90 từ mô phỏng Monte Carlo trên từng hộ.",
        "The end-{year} projection of the current scenario, with P10–P90 bands from a household-level Monte Carlo simulation.",
    ),
    LaterYearStart => (
        "Năm {year} bắt đầu từ cuối năm trước trong từng lần mô phỏng: hộ đã thoát nghèo có thể tái nghèo, hộ đang vay không vay thêm, thiếu hụt đã được giải quyết giữ nguyên; số đầu năm là trung vị. Các đơn vị hành chính giữ theo năm 2019 (Nghị quyết 892/NQ-UBTVQH14 sáp nhập còn 260 xã từ 2020, mô hình chưa tính).",
        "{year} starts where the year before ended in each draw: households that left poverty may fall back, borrowers do not borrow again, deprivations removed stay removed; start figures are medians. Units are 2019's (Resolution 892/NQ-UBTVQH14 merged them into 260 communes from 2020; the model does not).",
    ),
    YearLabel => ("Năm kế hoạch", "Plan year"),
    AddYear => ("Thêm năm {year}", "Add {year}"),
    AddYearHelp => (
        "Thêm năm tiếp theo (đến 2020, năm cuối của chương trình), nhắc lại kế hoạch năm trước để minh họa",
        "Add the next year (up to 2020, the program's last), repeating the year before's plan as an illustration",
    ),
    RemoveYear => ("Bỏ năm {year}", "Remove {year}"),
    StartOfYear => ("Đầu năm {year} (trung vị)", "Start of {year} (median)"),
    LoanBookOpening => ("Dư nợ đầu năm", "Opening balance"),
    LoanBookCollected => ("Thu nợ", "Collected"),
    LoanBookHeading => ("Dư nợ qua các năm", "The loan book over the years"),
    LoanBookCaption => (
        "Dư nợ đầu năm, doanh số cho vay, thu nợ và dư nợ cuối năm của các chương trình tín dụng chính sách",
        "Opening balance, lending, collections and closing balance of the preferential credit programs",
    ),
    Baseline => ("Cuối năm 2018", "End of 2018"),
    Projected => ("Dự báo cuối năm {year}", "Projected end of {year}"),
    ScorecardHeading => ("Các mục tiêu năm {year}", "The {year} targets"),
    Target => ("Mục tiêu", "Target"),
    Plan => ("Kế hoạch", "Plan"),
    ProjectedValue => ("Dự báo: trung vị (P10–P90)", "Projected: median (P10–P90)"),
    Probability => ("Xác suất đạt", "Probability met"),
    Status => ("Đánh giá", "Status"),
    Likely => ("Nhiều khả năng đạt", "Likely"),
    Uncertain => ("Chưa chắc chắn", "Uncertain"),
    Unlikely => ("Khó đạt", "Unlikely"),
    Met => ("Đạt", "Met"),
    NotMet => ("Không đạt", "Not met"),
    RunSimulation => ("Chạy mô phỏng", "Run the simulation"),
    Cancel => ("Dừng", "Cancel"),
    Simulating => ("Đang mô phỏng", "Simulating"),
    PreparingHouseholds => ("Đang tạo {n} hộ mô phỏng…", "Building the {n} simulated households…"),
    ReadingHouseholds => ("Đang đọc {n} hộ của tệp hộ gia đình…", "Reading the {n} households of the household file…"),
    Stale => (
        "Kịch bản đã thay đổi sau lần mô phỏng này; hãy chạy lại để cập nhật.",
        "The scenario changed after this simulation; run it again to update.",
    ),
    NotRunYet => ("Chưa chạy mô phỏng.", "The simulation has not been run yet."),
    Draws => ("lần mô phỏng", "draws"),
    ParametersHeading => ("Tham số mặc định và nguồn", "Default parameters and their sources"),
    Parameter => ("Tham số", "Parameter"),
    Value => ("Giá trị", "Value"),
    Confidence => ("Độ tin cậy", "Confidence"),
    PoorRateEnd => ("Tỷ lệ hộ nghèo", "Poverty rate"),
    NavOutcomes => ("Kết quả", "Outcomes"),
    OutcomesHeading => ("Kết quả dự báo theo huyện và xã", "Projected outcomes by district and commune"),
    OutcomesIntro => (
        "Tỷ lệ hộ nghèo, cận nghèo đầu năm và dự báo cuối năm (trung vị, P10–P90); số hộ thoát nghèo và phát sinh, tái nghèo.",
        "Poor and near-poor rates at the start and projected at the end (median, P10–P90); households exiting and entering poverty.",
    ),
    OutcomesCaption => ("Kết quả dự báo cuối năm {year}", "Projected end-{year} outcomes"),
    OnlyMissingNewRural => (
        "Chỉ hiện các xã chưa đạt tiêu chí hộ nghèo nông thôn mới",
        "Show only the xã that miss the new-rural poverty criterion",
    ),
    MissesNewRural => (
        "Chưa đạt tiêu chí hộ nghèo nông thôn mới (theo trung vị)",
        "Misses the new-rural poverty criterion (median)",
    ),
    PoorRateBefore => ("Tỷ lệ nghèo đầu năm", "Poor rate, start"),
    PoorRateAfter => ("Tỷ lệ nghèo cuối năm", "Poor rate, end"),
    ChangePoints => ("Thay đổi (điểm %)", "Change (points)"),
    NearPoorRateBefore => ("Tỷ lệ cận nghèo đầu năm", "Near-poor rate, start"),
    NearPoorRateAfter => ("Tỷ lệ cận nghèo cuối năm", "Near-poor rate, end"),
    Exits => ("Thoát nghèo", "Exits"),
    Entries => ("Phát sinh, tái nghèo", "Entries"),
    NavAllocation => ("Phân bổ", "Allocation"),
    AllocationHeading => ("Phân bổ theo chương trình và huyện", "Allocation by program and district"),
    AllocationIntro => (
        "Mỗi ô là tổng số tiền về các xã của huyện. Bấm một ô để xem từng xã, sửa quy tắc phân bổ và cố định số tiền cho một xã.",
        "Each cell is the sum over the district's communes. Choose a cell to see each commune, edit the rule and lock a commune's amount.",
    ),
    MatrixCaption => ("Chương trình × huyện (đồng)", "Program × district (đồng)"),
    Total => ("Tổng", "Total"),
    Close => ("Đóng", "Close"),
    Locked => ("Số cố định", "Locked amount"),
    Unlock => ("Bỏ cố định", "Unlock"),
    BadWeight => ("Trọng số phải là số từ 0 đến 1.000.000", "A weight must be a number from 0 to 1,000,000"),
    NotMultiple => ("Phải là bội số của đơn vị làm tròn", "Must be a multiple of the rounding unit"),
    RuleCriteria => ("Phân bổ theo tiêu chí", "Criteria formula"),
    RuleDemand => ("Theo nhu cầu, theo thứ tự ưu tiên", "Demand, in priority order"),
    RuleEntitlement => ("Theo chế độ quy định", "Legal entitlement"),
    RuleEntitlementShare => ("Theo chế độ quy định, dòng này chi {share} mức đóng", "Legal entitlement, this line paying {share} of the cost"),
    RuleProvinceLevel => ("Giữ lại ở cấp tỉnh", "Kept at province level"),
    WeightPoor => ("Điểm/hộ nghèo", "Points per poor household"),
    WeightNearPoor => ("Điểm/hộ cận nghèo", "Points per near-poor household"),
    WeightEscaped => ("Điểm/hộ thoát nghèo", "Points per escaped household"),
    WeightBase => ("Điểm cố định/xã", "Base points per commune"),
    Floor => ("Mức tối thiểu/xã", "Floor per commune"),
    Cap => ("Mức tối đa/xã", "Cap per commune"),
    OverridesHeading => ("Số tiền cố định cho xã", "Locked commune amounts"),
    Reason => ("Lý do", "Reason"),
    ReasonRequired => ("Hãy ghi lý do cố định số tiền.", "Give the reason for locking the amount."),
    LockAmount => ("Cố định số tiền", "Lock the amount"),
    ShowCell => ("Xem ô", "Show the cell"),
    LockedBadge => ("cố định", "locked"),
    DownloadCsv => ("Tải số liệu (CSV)", "Download data as CSV"),
    From => ("Từ", "From"),
    To => ("Đến", "To"),
    AmountDong => ("Số tiền (đồng)", "Amount (đồng)"),
    FundFlowTitle => ("Dòng vốn: nguồn → chương trình → huyện", "Fund flows: source → program → district"),
    FundFlowDesc => (
        "Độ rộng mỗi dải tỷ lệ với số tiền. Cột trái: nguồn vốn; giữa: chương trình; phải: huyện và cấp tỉnh.",
        "Each band is as wide as its money. Left: sources; middle: programs; right: districts and province level.",
    ),
    TargetLine => ("Mục tiêu", "Target"),
    Figure => ("Chỉ tiêu", "Figure"),
    RateChartTitle => (
        "Tỷ lệ hộ nghèo toàn tỉnh: đầu năm và dự báo cuối năm",
        "Province poverty rate: start and projected end of year",
    ),
    RateChartDesc => (
        "Điểm: tỷ lệ cuối năm 2018. Khối: khoảng P10–P90 dự báo cuối năm 2019, vạch ngang là trung vị. Đường ngang: mục tiêu giảm 0,5 điểm %.",
        "Point: the end-2018 rate. Box: the projected end-2019 P10–P90 interval, the bar its median. Line: the target, 0.5 points lower.",
    ),
    DistrictChartTitle => (
        "Tỷ lệ hộ nghèo theo huyện: đầu năm và dự báo cuối năm",
        "Poverty rate by district: start and projected end of year",
    ),
    DistrictChartDesc => (
        "Mỗi huyện hai thanh: tỷ lệ đầu năm và trung vị dự báo cuối năm, kèm khoảng P10–P90.",
        "Two bars per district: the rate at the start and the projected median at the end, with its P10–P90 range.",
    ),
    GridTitle => ("Các xã theo tỷ lệ hộ nghèo dự báo", "Communes by projected poverty rate"),
    GridDesc => (
        "Mỗi ô là một xã, theo huyện; màu càng đậm tỷ lệ nghèo càng cao so với tiêu chí nông thôn mới; dấu ✕ là xã chưa đạt tiêu chí.",
        "Each square is a commune, by district; darker means a higher rate relative to the new-rural criterion; a ✕ marks a xã that misses it.",
    ),
    GridLegend => ("Thấp → cao so với tiêu chí:", "Low → high relative to the criterion:"),
    WhyThisNumber => ("Vì sao có số này?", "Why this number?"),
    CloseExplanation => ("Đóng phần giải thích", "Close the explanation"),
    Priority => ("Thứ tự ưu tiên", "Priority"),
    MoveUp => ("Lên trước", "Move up"),
    MoveDown => ("Xuống sau", "Move down"),
    CommuneOrder => ("Thứ tự xét các xã", "Order of communes"),
    OrderRate => ("Tỷ lệ nghèo cao trước", "Highest poverty rate first"),
    OrderPoor => ("Nhiều hộ nghèo trước", "Most poor households first"),
    OrderCode => ("Theo mã xã", "By GSO code"),
    UnitCostPerUnit => ("Mức chi mỗi đối tượng", "Cost per unit"),
    RunAt => ("chạy lúc", "run at"),
    SimulationFailed => (
        "Mô phỏng không chạy được; kết quả trước vẫn giữ nguyên:",
        "The simulation could not run; the last result is kept:",
    ),
    AccessCaption => (
        "Hộ nghèo, cận nghèo cuối năm được tiếp cận dịch vụ cơ bản (trung vị, P10–P90)",
        "Poor and near-poor households at the end of the year with access to basic services (median, P10–P90)",
    ),
    AccessHealthInsurance => ("Bảo hiểm y tế", "Health insurance"),
    AccessSchooling => ("Trẻ em đi học", "Children in school"),
    AccessWater => ("Nước sạch", "Clean water"),
    AccessSanitation => ("Nhà tiêu hợp vệ sinh", "Hygienic sanitation"),
    AccessInformation => ("Tiếp cận thông tin", "Information"),
    NavScenarios => ("Kịch bản", "Scenarios"),
    CopyLink => ("Sao chép liên kết", "Copy link"),
    LinkCopied => ("Đã sao chép liên kết vào bộ nhớ tạm.", "Link copied to the clipboard."),
    LinkCopyByHand => (
        "Trình duyệt không cho sao chép tự động: hãy chọn và sao chép liên kết dưới đây.",
        "The browser does not allow copying: select and copy the link below.",
    ),
    Characters => ("ký tự", "characters"),
    ShareLinkLabel => ("Liên kết chia sẻ kịch bản", "Share link of the scenario"),
    ScenariosHeading => ("Kịch bản: lưu, chia sẻ và so sánh", "Scenarios: save, share and compare"),
    ScenariosIntro => (
        "Công việc được tự động lưu trong trình duyệt này. Lưu các phương án (cơ sở, đề xuất, điều chỉnh) vào thư viện, xuất ra tệp JSON để gửi, và so sánh hai hoặc ba phương án.",
        "Work is saved automatically in this browser. Keep versions of the plan (baseline, proposal, amendment) in the library, export them as JSON files to send, and compare two or three side by side.",
    ),
    CurrentWorkFile => ("kịch bản đang làm", "current scenario"),
    CurrentWork => ("Kịch bản đang làm", "Current scenario"),
    AutosaveSaved => ("✓ Đã tự động lưu trong trình duyệt.", "✓ Saved automatically in this browser."),
    AutosavePending => ("Đang lưu…", "Saving…"),
    AutosaveOff => (
        "⚠ Không lưu được trong trình duyệt: xem cảnh báo ở đầu trang.",
        "⚠ Not saved in this browser: see the warning at the top.",
    ),
    ExportJson => ("Xuất JSON", "Export JSON"),
    ImportJson => ("Nhập tệp JSON…", "Import JSON file…"),
    SaveAsName => ("Lưu vào thư viện với tên", "Save to the library as"),
    ReplaceSaved => ("Thay thế kịch bản cùng tên", "Replace the scenario of that name"),
    SaveToLibrary => ("Lưu vào thư viện", "Save to library"),
    SavedAs => ("Đã lưu thành", "Saved as"),
    LibraryHeading => ("Thư viện kịch bản", "Scenario library"),
    CompareHint => (
        "Đánh dấu hai hoặc ba kịch bản để so sánh; kịch bản chọn đầu tiên là gốc so sánh.",
        "Tick two or three scenarios to compare; the first ticked is the baseline.",
    ),
    CompareColumn => ("So sánh", "Compare"),
    ScenarioName => ("Tên", "Name"),
    SavedAt => ("Lưu lúc", "Saved"),
    Actions => ("Thao tác", "Actions"),
    Autosaved => ("tự động", "automatic"),
    LibraryEmpty => (
        "Thư viện chưa có kịch bản nào. Đặt tên và lưu kịch bản đang làm ở trên.",
        "The library is empty. Name and save the current scenario above.",
    ),
    RoleBaseline => ("Gốc so sánh", "Baseline"),
    RoleProposal => ("Phương án 2", "Option 2"),
    RoleAmendment => ("Phương án 3", "Option 3"),
    NewName => ("Tên mới", "New name"),
    Save => ("Lưu", "Save"),
    Opened => ("Đã mở ✓", "Opened ✓"),
    Open => ("Mở", "Open"),
    Rename => ("Đổi tên", "Rename"),
    Duplicate => ("Nhân bản", "Duplicate"),
    ConfirmDelete => ("Bấm lần nữa để xóa", "Click again to delete"),
    Delete => ("Xóa", "Delete"),
    ChangedFromBaseline => ("thay đổi so với gốc:", "change from the baseline:"),
    CompareHeading => ("So sánh kịch bản", "Compare scenarios"),
    ComparePickTwo => (
        "Chọn hai hoặc ba kịch bản trong bảng trên để so sánh.",
        "Pick two or three scenarios in the table above to compare them.",
    ),
    ChangedLegend => (
        "Ô tô màu: khác với gốc so sánh (kèm mức chênh lệch, đồng).",
        "Shaded cells differ from the baseline (with the difference, đồng).",
    ),
    CompareEnvelope => ("Tổng nguồn vốn theo nguồn (đồng)", "Funding envelope by source (đồng)"),
    ComparePrograms => ("Phân bổ theo dự án, chính sách (đồng)", "Allocation by project and policy (đồng)"),
    CompareDistricts => (
        "Phân bổ theo huyện, mở để xem từng xã (đồng)",
        "Allocation by district, open for communes (đồng)",
    ),
    ProvinceLevel => ("Cấp tỉnh", "Province level"),
    CommunesChanged => ("xã thay đổi", "communes changed"),
    CompareOutcomes => (
        "Kết quả dự báo và chỉ tiêu (trung vị, P10–P90)",
        "Projected outcomes and targets (median, P10–P90)",
    ),
    CompareProject => ("Chạy dự báo cho các kịch bản", "Project outcomes for these scenarios"),
    NavProposal => ("Dự toán", "Proposal"),
    ProposalHeading => ("Dự toán kinh phí năm {year}", "Budget proposal for {year}"),
    ProposalIntro => (
        "Dự toán của kịch bản đang làm, theo mẫu biểu: tải về tệp Excel (tổng có công thức, dùng tiếp được) hoặc CSV, hoặc in ra PDF.",
        "The current scenario's budget proposal as the forms lay it out: download it as an Excel workbook (totals are live formulas) or CSV files, or print it to PDF.",
    ),
    ExportXlsx => ("Tải về Excel (.xlsx)", "Download Excel (.xlsx)"),
    ExportWaiting => ("Đang chạy dự báo để đưa vào dự toán…", "Running the projection for the proposal…"),
    PrintProposal => ("In / lưu PDF", "Print / save as PDF"),
    CsvFiles => ("Tải từng bảng (CSV)", "Download each table (CSV)"),
    ProposalNeedsProjection => (
        "Chưa có dự báo kết quả cho kịch bản này.",
        "This scenario has not been projected yet.",
    ),
    ExportMaking => ("Đang tạo tệp Excel…", "Making the Excel file…"),
    ImportHeading => ("Số liệu của tỉnh", "The province's own figures"),
    DataBuiltIn => (
        "Đang dùng số liệu tích hợp sẵn (phần lớn là số MINH HỌA).",
        "Using the built-in figures (mostly ILLUSTRATIVE).",
    ),
    DataFromFile => ("Đang dùng số liệu các xã nhập từ tệp", "Using commune figures imported from the file"),
    DataUnderHouseholds => (
        "Số hộ, nhân khẩu, hộ nghèo, cận nghèo… của các xã có trong tệp hộ gia đình được đếm từ tệp đó (bên dưới); các số còn lại (thôn, cán bộ, quỹ Vì người nghèo, và mọi số của xã không có trong tệp) lấy từ",
        "Households, people, poor, near-poor… of the communes in the household file are counted from it (below); the other figures (villages, cadres, Day for the Poor funds, and every figure of communes not in the file) come from",
    ),
    BuiltInFigures => ("số liệu tích hợp sẵn", "the built-in figures"),
    DownloadTemplate => ("Tải mẫu số liệu xã (CSV)", "Download the commune template (CSV)"),
    ImportCommunes => ("Nhập tệp số liệu xã (CSV, Excel)…", "Import a commune file (CSV, Excel)…"),
    BackToBuiltIn => ("Quay lại số liệu tích hợp sẵn", "Back to the built-in figures"),
    ImportHint => (
        "Mỗi xã một dòng, đủ {n} đơn vị; tệp được kiểm tra toàn bộ và chỉ áp dụng khi không còn lỗi.",
        "One row per commune, all {n} units; the whole file is checked and only applied when it has no problem.",
    ),
    ImportDone => ("Đã nhập số liệu từ tệp", "Imported the figures of"),
    ImportProblems => (
        "lỗi; chưa áp dụng gì. Sửa tệp rồi nhập lại.",
        "problems; nothing was applied. Fix the file and import it again.",
    ),
    ImportReport => ("Danh sách lỗi của tệp", "Problems found in the file"),
    Row => ("Dòng", "Row"),
    Column => ("Cột", "Column"),
    Problem => ("Lỗi", "Problem"),
    HouseholdsHeading => ("Tệp hộ gia đình (rà soát)", "Household file (review)"),
    HouseholdsSynthetic => (
        "Chưa dùng tệp hộ gia đình: số liệu là của bộ số liệu, dự báo chạy trên dân số mô phỏng khớp số liệu từng xã.",
        "No household file in use: the figures are the dataset's, and the projection runs on a synthetic population matching each commune's figures.",
    ),
    HouseholdsInUse => ("Mọi số liệu (số hộ, hộ nghèo, cận nghèo, phân bổ, dự toán, dự báo) tính từ", "Every figure (households, poor, near-poor, allocation, proposal, projection) comes from"),
    HouseholdsKept => ("Tệp được lưu trong trình duyệt này và mở lại khi tải lại trang.", "The file is kept in this browser and reopened on reload."),
    HouseholdsStoring => ("Đang lưu tệp vào trình duyệt…", "Storing the file in this browser…"),
    HouseholdsNotKeptShort => ("Trình duyệt không cho lưu tệp: chỉ dùng được trong lần mở này.", "The browser refused to store the file: it is used for this visit only."),
    HouseholdsReading => ("Đang đọc tệp “{file}”…", "Reading “{file}”…"),
    HouseholdsUnit => ("hộ", "households"),
    DownloadHouseholdTemplate => ("Tải mẫu tệp hộ (CSV)", "Download the household template (CSV)"),
    ImportHouseholds => ("Nhập tệp hộ gia đình (CSV)…", "Import a household file (CSV)…"),
    BackToSynthetic => ("Bỏ tệp hộ gia đình, dùng lại bộ số liệu", "Drop the household file, use the dataset again"),
    ReviewHeading => ("Kiểm tra tệp “{file}” trước khi dùng", "Check “{file}” before using it"),
    ReviewCoverage => ("Tệp có {households} hộ ở {covered} trên {communes} xã, phường, thị trấn.", "The file has {households} households in {covered} of {communes} communes."),
    ReviewUncovered => ("{n} xã không có hộ nào trong tệp:", "{n} communes have no household in the file:"),
    ReviewFindings => ("Cần lưu ý:", "To note:"),
    ReviewKeep => ("Dùng tệp, giữ số liệu của bộ số liệu cho {n} xã không có trong tệp", "Use the file, keeping the dataset's figures for the {n} communes not in it"),
    ReviewUse => ("Vẫn dùng tệp", "Use the file anyway"),
    ReviewRefuse => ("Không dùng tệp", "Do not use the file"),
    ReviewRefused => ("Không dùng tệp “{file}”. Số liệu không thay đổi.", "“{file}” is not used. The figures are unchanged."),
    FindingsInUse => ("Lưu ý về tệp đang dùng ({n})", "Notes on the file in use ({n})"),
    KeptFromDataset => ("số liệu của bộ số liệu (xã không có trong tệp hộ gia đình)", "the dataset's figures (commune not in the household file)"),
    PopulationLabel => ("Số liệu đang dùng:", "Figures in use:"),
    HouseholdsHint => (
        "Định dạng trong docs/households.md: mỗi hộ một dòng (mã hộ, mã xã, khu vực, nhân khẩu, thu nhập bình quân/người/tháng, 10 chỉ số thiếu hụt, nguyên nhân; có thể thêm thoát nghèo năm trước, bảo trợ xã hội). Số hộ, hộ nghèo, cận nghèo của từng xã được đếm từ tệp và thay số liệu của bộ số liệu.",
        "Format in docs/households.md: one row per household (id, commune code, area, members, monthly income per person, the 10 deprivations, causes; optionally escaped last year and social protection). Each commune's households, poor and near-poor are counted from the file and replace the dataset's.",
    ),
}

/// The text of `msg` in `lang` with each `{name}` replaced by its value.
#[must_use]
pub fn t_with(lang: Lang, msg: Msg, values: &[(&str, &str)]) -> String {
    values.iter().fold(t(lang, msg).to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
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
