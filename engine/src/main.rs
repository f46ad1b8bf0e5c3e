//! `gnbv`: the GNBV Planner engine on the command line.
//!
//! A thin caller of the `gnbv_engine` library: every number it prints is computed there.

use clap::{Parser, Subcommand, ValueEnum};
use gnbv_engine::allocation::allocate;
use gnbv_engine::dataset::{Dataset, Field};
use gnbv_engine::format::{decimal, group, percent, Lang};
use gnbv_engine::households::{classify, Households};
use gnbv_engine::money::Dong;
use gnbv_engine::population::synthesize;
use gnbv_engine::projection::{project_years, Band, Projection, Status, TargetUnit};
use gnbv_engine::provenance::Provenance;
use gnbv_engine::review::{HouseholdFile, Review, Uncovered};
use gnbv_engine::scenario::Scenario;
use gnbv_engine::simulation::Model;
use gnbv_engine::standard::PovertyStandard;
use gnbv_engine::summary::{Row, Summary};
use rust_decimal::Decimal;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gnbv",
    version,
    about = "GNBV Planner: plan and simulate Vietnam's sustainable poverty-reduction program"
)]
struct Cli {
    /// Language of text output.
    #[arg(long, value_enum, default_value_t = LangArg::Vi, global = true)]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Print the built-in dataset: province totals, districts and communes.
    Dataset {
        #[command(flatten)]
        population: PopulationArgs,
        /// Print JSON (documented in docs/cli-json.md) instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Write the synthetic population of the built-in dataset as a household file
    /// (docs/households.md): a full-size example of a review file, 620,149 households.
    Synthesize {
        /// The CSV file to write.
        #[arg(long)]
        out: PathBuf,
        /// Seed of the population.
        #[arg(long, default_value_t = 2019)]
        seed: u64,
    },
    /// Scenario files.
    Scenario {
        #[command(subcommand)]
        command: ScenarioCommand,
    },
    /// Allocate a scenario: who gets what from which source for which program, and problems.
    Allocate {
        /// The scenario file (JSON, docs/scenario.md).
        #[arg(long)]
        scenario: PathBuf,
        /// The year (default: the scenario's first, 2019).
        #[arg(long)]
        year: Option<u16>,
        #[command(flatten)]
        population: PopulationArgs,
        /// Print JSON (docs/cli-json.md) instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// The credit plan (kế hoạch tín dụng chính sách): per lending program, the loan book,
    /// what comes back, what can be lent and is, and what the credit costs the budget
    /// (docs/credit.md).
    Credit {
        /// The scenario file (JSON, docs/scenario.md).
        #[arg(long)]
        scenario: PathBuf,
        /// The year (default: the scenario's first, 2019).
        #[arg(long)]
        year: Option<u16>,
        #[command(flatten)]
        population: PopulationArgs,
        /// Print JSON (docs/cli-json.md) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Project the end of the year: poor and near-poor per commune with P10–P90, and the
    /// year's targets with the probability each is met (a later year from the year before's end).
    Simulate {
        /// The scenario file (JSON, docs/scenario.md).
        #[arg(long)]
        scenario: PathBuf,
        /// The year (default: the scenario's first, 2019).
        #[arg(long)]
        year: Option<u16>,
        #[command(flatten)]
        population: PopulationArgs,
        /// Monte Carlo draws (default: the scenario's, 200).
        #[arg(long)]
        draws: Option<u32>,
        /// Seed (default: the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Threads to run the draws on (default: every core); the result is the same to the
        /// bit whatever the number.
        #[arg(long)]
        threads: Option<usize>,
        /// Print JSON (docs/cli-json.md) instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Which assumption matters most (docs/simulation.md, Uncertainty): every uncertain parameter
    /// at its P10 and P90 with the others at their values, and what that does to the fall of the
    /// poor rate and to each target; widest swing first (a tornado).
    Sensitivity {
        /// The scenario file (JSON, docs/scenario.md).
        #[arg(long)]
        scenario: PathBuf,
        #[command(flatten)]
        population: PopulationArgs,
        /// Draws of each run (default 20: with the parameters fixed only the households' chance
        /// is left).
        #[arg(long)]
        draws: Option<u32>,
        /// Threads (default: every core); the result is the same whatever the number.
        #[arg(long)]
        threads: Option<usize>,
        /// Also write the table as CSV to this file.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Print JSON (docs/cli-json.md) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Backtests against published outcomes (docs/simulation.md, Uncertainty): each published
    /// figure, the projection's P10–P90 band of it, and whether it lies inside.
    Backtest {
        /// The scenario file (default: the built-in default scenario).
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Monte Carlo draws (default: the scenario's, 200).
        #[arg(long)]
        draws: Option<u32>,
        /// Threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// Print JSON (docs/cli-json.md) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// "What would it take?" (docs/optimiser.md): the allocation of the adjustable lines that does
    /// the most for an objective within the sources (--mode impact), or the least province
    /// budget that reaches chosen targets (--mode cost); writes the optimised scenario.
    Optimise {
        /// The scenario file (JSON, docs/scenario.md).
        #[arg(long)]
        scenario: PathBuf,
        #[command(flatten)]
        population: PopulationArgs,
        /// What to maximise in impact mode.
        #[arg(long, value_enum, default_value_t = ObjectiveArg::Exits)]
        objective: ObjectiveArg,
        /// Impact (most within the envelope) or cost (least budget for the targets).
        #[arg(long, value_enum, default_value_t = ModeArg::Impact)]
        mode: ModeArg,
        /// Cost mode: the targets to reach, comma-separated (rate, ntm, access).
        #[arg(long, value_delimiter = ',', default_values_t = vec![TargetArg::Rate, TargetArg::Ntm])]
        targets: Vec<TargetArg>,
        /// Mix: weights of the rate, ntm and access terms, comma-separated (default 1,1,1).
        #[arg(long, value_delimiter = ',', num_args = 3)]
        weights: Option<Vec<u32>>,
        /// Where to write the optimised scenario (JSON).
        #[arg(long)]
        out: PathBuf,
        /// Print JSON (docs/cli-json.md) instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Write the budget proposal (dự toán) as an Excel workbook or CSV files (docs/proposal.md):
    /// allocation and projection of the scenario, with totals as live formulas.
    Export {
        /// The scenario file (JSON, docs/scenario.md).
        #[arg(long)]
        scenario: PathBuf,
        /// The year (default: the scenario's first, 2019).
        #[arg(long)]
        year: Option<u16>,
        /// xlsx: one workbook; csv: a directory of one CSV file per table.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The file (xlsx) or directory (csv) to write.
        #[arg(long)]
        out: PathBuf,
        /// The app's address, for the scenario's share link in the assumptions.
        #[arg(long, default_value = "http://127.0.0.1:8080/")]
        base_url: String,
        #[command(flatten)]
        population: PopulationArgs,
    },
    /// The commune's household support plan (docs/household-plan.md): each poor, near-poor and
    /// newly escaped household with its supports, amounts and helper; a district's as one
    /// workbook with a sheet per commune and a roll-up.
    PlanHouseholds {
        /// The scenario file (JSON, docs/scenario.md).
        #[arg(long)]
        scenario: PathBuf,
        #[command(flatten)]
        population: PopulationArgs,
        /// The commune's GSO code.
        #[arg(long, conflicts_with = "district")]
        commune: Option<u32>,
        /// A district's GSO code: every commune of it.
        #[arg(long)]
        district: Option<u16>,
        /// xlsx: laid out for printing; csv: the table.
        #[arg(long, value_enum, requires = "out")]
        format: Option<ExportFormat>,
        /// The file to write.
        #[arg(long, requires = "format")]
        out: Option<PathBuf>,
        /// Print the plans as JSON (docs/cli-json.md).
        #[arg(long)]
        json: bool,
    },
    /// Actuals: what was disbursed and delivered (docs/monitoring.md).
    Actuals {
        #[command(subcommand)]
        command: ActualsCommand,
    },
    /// The monitoring report: the actuals against the plan by project and source, district and
    /// commune, the outputs, and the targets with plan, projection and actual (docs/monitoring.md).
    Report {
        /// The scenario file (JSON, docs/scenario.md).
        #[arg(long)]
        scenario: PathBuf,
        /// The actuals file (.csv or .xlsx, docs/monitoring.md).
        #[arg(long)]
        actuals: PathBuf,
        /// A later household review file (CSV, docs/households.md): the poverty rate and access
        /// it measures are the targets' actuals.
        #[arg(long)]
        review: Option<PathBuf>,
        #[command(flatten)]
        population: PopulationArgs,
        /// Monte Carlo draws of the projection (default: the scenario's).
        #[arg(long)]
        draws: Option<u32>,
        /// xlsx: one workbook; csv: a directory of one CSV file per table.
        #[arg(long, value_enum, requires = "out")]
        format: Option<ExportFormat>,
        /// The file (xlsx) or directory (csv) to write.
        #[arg(long, requires = "format")]
        out: Option<PathBuf>,
        /// Print the report as JSON (docs/cli-json.md).
        #[arg(long)]
        json: bool,
    },
    /// Write the commune template (docs/import.md) with the built-in figures: .xlsx or .csv by
    /// the file's extension.
    Template {
        /// The file to write (`mau-so-lieu-xa.xlsx` or `.csv`).
        #[arg(long)]
        out: PathBuf,
    },
    /// Share links: a whole scenario in an address's fragment (docs/links.md).
    Link {
        #[command(subcommand)]
        command: LinkCommand,
    },
    /// Classify a household file under the poverty standard: poor and near-poor per commune.
    Classify {
        /// The household file (CSV, docs/households.md).
        #[arg(long)]
        households: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// The population a command runs on: the built-in dataset, or a household review file whose
/// counts replace the dataset's (as in the app: docs/households.md, "One population").
#[derive(clap::Args)]
struct PopulationArgs {
    /// A household file (CSV, docs/households.md): its counts per commune replace the
    /// dataset's, and the projection runs on its households.
    #[arg(long)]
    households: Option<PathBuf>,
    /// Communes the household file does not cover: keep the dataset's counts for them, or
    /// refuse the file.
    #[arg(long, value_enum, default_value_t = UncoveredArg::Refuse)]
    uncovered: UncoveredArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum UncoveredArg {
    Keep,
    Refuse,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Xlsx,
    Csv,
}

#[derive(Subcommand)]
enum ActualsCommand {
    /// Write the actuals template: a row per line and commune with money in the scenario, the
    /// actual columns blank; .xlsx or .csv by the file's extension.
    Template {
        /// The file to write (`thuc-hien.xlsx` or `.csv`).
        #[arg(long)]
        out: PathBuf,
        /// The scenario whose lines it lists (default: the built-in default scenario).
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// The reporting date written on every row.
        #[arg(long, default_value = "2019-06-30")]
        date: String,
    },
}

#[derive(Subcommand)]
enum LinkCommand {
    /// Print the fragment (`#s=1.…`) that opens this scenario in the app.
    Encode {
        /// The scenario file (JSON, docs/scenario.md).
        #[arg(long)]
        scenario: PathBuf,
    },
    /// Print the scenario JSON a link holds, or why it cannot be opened (exit status 1).
    Decode {
        /// The address, or its fragment (`#s=1.…`).
        link: String,
    },
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Print the built-in default scenario (a plausible 2019 envelope for Thái Bình).
    Default,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = Lang::from(cli.lang);
    let result = match cli.command {
        Command::Dataset { population: p, json } => dataset(&p, json, lang),
        Command::Synthesize { out, seed } => builtin(lang).and_then(|d| {
            let standard = PovertyStandard::qd59_2015();
            write_file(&out, synthesize(&d, &standard, seed).to_csv(&d, &standard).as_bytes(), lang)
        }),
        Command::Scenario { command: ScenarioCommand::Default } => {
            builtin(lang).and_then(|d| print(&gnbv_engine::defaults::scenario(&d).to_json()))
        }
        Command::Allocate { scenario, year, population, json } => {
            allocate_command(&scenario, year, &population, json, lang)
        }
        Command::Credit { scenario, year, population, json } => {
            credit_command(&scenario, year, &population, json, lang)
        }
        Command::Simulate { scenario, year, population, draws, seed, threads, json } => {
            simulate_command(&scenario, year, &population, (draws, seed, threads), json, lang)
        }
        Command::Sensitivity { scenario, population, draws, threads, csv, json } => {
            sensitivity_command(&scenario, &population, (draws, threads), csv.as_deref(), json, lang)
        }
        Command::Backtest { scenario, draws, threads, json } => {
            backtest_command(scenario.as_deref(), (draws, threads), json, lang)
        }
        Command::Optimise { scenario, population, objective, mode, targets, weights, out, json } => {
            let request = gnbv_engine::optimise::Request {
                mode: match mode {
                    ModeArg::Impact => gnbv_engine::optimise::Mode::Impact,
                    ModeArg::Cost => gnbv_engine::optimise::Mode::Cost,
                },
                objective: match objective {
                    ObjectiveArg::Exits => gnbv_engine::optimise::Objective::Exits,
                    ObjectiveArg::Rate => gnbv_engine::optimise::Objective::Rate,
                    ObjectiveArg::Ntm => gnbv_engine::optimise::Objective::Ntm,
                    ObjectiveArg::Access => gnbv_engine::optimise::Objective::Access,
                    ObjectiveArg::Mix => gnbv_engine::optimise::Objective::Mix,
                },
                weights: weights.map_or_else(Default::default, |w| gnbv_engine::optimise::Weights {
                    rate: w[0],
                    ntm: w[1],
                    access: w[2],
                }),
                goals: gnbv_engine::optimise::Goals {
                    rate: targets.contains(&TargetArg::Rate),
                    ntm: targets.contains(&TargetArg::Ntm),
                    access: targets.contains(&TargetArg::Access),
                },
            };
            optimise_command(&scenario, &population, &request, &out, json, lang)
        }
        Command::Export { scenario, year, format, out, base_url, population } => {
            export_command(&scenario, year, format, &out, &base_url, &population, lang)
        }
        Command::PlanHouseholds { scenario, population, commune, district, format, out, json } => {
            plan_households_command(&scenario, &population, (commune, district), format.zip(out), json, lang)
        }
        Command::Actuals { command: ActualsCommand::Template { out, scenario, date } } => {
            actuals_template_command(&out, scenario.as_deref(), &date, lang)
        }
        Command::Report { scenario, actuals, review, population, draws, format, out, json } => {
            report_command(&scenario, &actuals, review.as_deref(), &population, draws, format.zip(out), json, lang)
        }
        Command::Template { out } => builtin(lang).and_then(|d| {
            let extension = out.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
            let bytes = match extension.as_deref() {
                Some("xlsx") => gnbv_engine::import::commune_template_xlsx(&d, lang)?,
                Some("csv") => gnbv_engine::import::commune_template(&d, lang).into_bytes(),
                _ => {
                    return Err(format!(
                        "{}: {}",
                        out.display(),
                        lang.pick(
                            "tên tệp phải kết thúc bằng .csv hoặc .xlsx",
                            "the file name must end in .csv or .xlsx"
                        )
                    ))
                }
            };
            write_file(&out, &bytes, lang)
        }),
        Command::Link { command: LinkCommand::Encode { scenario } } => link_encode(&scenario, lang),
        Command::Link { command: LinkCommand::Decode { link } } => builtin(lang).and_then(|d| {
            let scenario = gnbv_engine::link::decode(&link, &d).map_err(|e| e.message(lang))?;
            print(&scenario.to_json())
        }),
        Command::Classify { households, json } => classify_command(&households, json, lang),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gnbv: {message}");
            ExitCode::FAILURE
        }
    }
}

fn builtin(lang: Lang) -> Result<Dataset, String> {
    Dataset::builtin().map_err(|e| e.message(lang))
}

/// Writes `text` and a newline to stdout. A closed pipe (`gnbv dataset | head`) is not an
/// error worth reporting.
fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| writeln!(out)) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("engine output always serializes")
}

fn dataset(population_args: &PopulationArgs, as_json: bool, lang: Lang) -> Result<(), String> {
    let summary = Summary::of(&population(population_args, lang)?.0);
    print(&if as_json { json(&summary) } else { dataset_text(&summary, lang) })
}

/// A file that cannot be read or written, in `lang`, with the system's own words in brackets.
fn io_error(path: &std::path::Path, e: &std::io::Error, writing: bool, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let what = match (e.kind(), writing) {
        (K::NotFound, false) => lang.pick("không tìm thấy tệp", "no such file"),
        (K::NotFound, true) => lang.pick("không có thư mục để ghi tệp", "the folder to write it in does not exist"),
        (K::PermissionDenied, _) => lang.pick("không có quyền truy cập tệp", "permission denied"),
        (K::InvalidData, false) => lang.pick("tệp không phải văn bản UTF-8", "the file is not UTF-8 text"),
        (_, false) => lang.pick("không đọc được tệp", "the file cannot be read"),
        (_, true) => lang.pick("không ghi được tệp", "the file cannot be written"),
    };
    format!("{}: {what} ({e})", path.display())
}

fn read(path: &std::path::Path, lang: Lang) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| io_error(path, &e, false, lang))
}

fn write_file(path: &std::path::Path, bytes: &[u8], lang: Lang) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| io_error(path, &e, true, lang))
}

fn load_scenario(path: &std::path::Path, dataset: &Dataset, lang: Lang) -> Result<Scenario, String> {
    Scenario::from_json(&read(path, lang)?, dataset).map_err(|e| format!("{}: {}", path.display(), e.message(lang)))
}

/// The scenario up to `year` (default: its first) and that year's one-year scenario.
fn up_to_year(
    scenario: &Scenario,
    year: Option<u16>,
    dataset: &Dataset,
    lang: Lang,
) -> Result<(Scenario, Scenario, u16), String> {
    let year = year.unwrap_or(gnbv_engine::scenario::FIRST_YEAR);
    let view = scenario.year(year, dataset).map_err(|e| format!("--year {year}: {}", e.message(lang)))?;
    let mut upto = scenario.clone();
    upto.later.retain(|y| y.year <= year);
    Ok((upto, view, year))
}

fn load_households(
    path: &std::path::Path,
    dataset: &Dataset,
    standard: &PovertyStandard,
    lang: Lang,
) -> Result<Households, String> {
    Households::from_csv(&read(path, lang)?, dataset, standard).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("  {}", e.message(lang))).collect();
        format!("{}:\n{}", path.display(), lines.join("\n"))
    })
}

/// The dataset a command runs on and its households: with `--households`, the file's counts
/// replace the built-in ones (what the planner must know is printed as warnings), else the
/// built-in dataset and no households (the caller synthesises them).
fn population(args: &PopulationArgs, lang: Lang) -> Result<(Dataset, Option<Households>), String> {
    let base = builtin(lang)?;
    let Some(path) = &args.households else { return Ok((base, None)) };
    let standard = PovertyStandard::qd59_2015();
    let households = load_households(path, &base, &standard, lang)?;
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let file = HouseholdFile::new(&name, households);
    let review = Review::of(&base, &file, &standard);
    let uncovered = match args.uncovered {
        UncoveredArg::Keep => Uncovered::Keep,
        UncoveredArg::Refuse => Uncovered::Refuse,
    };
    let dataset = review.apply(&base, uncovered).map_err(|r| {
        let hint = lang.pick(
            "dùng --uncovered keep để giữ số liệu của bộ số liệu cho các xã này",
            "pass --uncovered keep to keep the dataset's figures for them",
        );
        format!("{}: {} ({hint})", path.display(), r.message(lang))
    })?;
    for finding in &review.findings {
        eprintln!("gnbv: {}: {}", lang.pick("lưu ý", "note"), finding.message(&dataset, lang));
    }
    Ok((dataset, Some(file.households)))
}

/// `--threads`: at least one; every core when absent.
fn thread_count(threads: Option<usize>, lang: Lang) -> Result<usize, String> {
    match threads {
        Some(0) => Err(match lang {
            Lang::Vi => "--threads 0: số luồng phải từ 1 trở lên".to_owned(),
            Lang::En => "--threads 0: must be 1 or more".to_owned(),
        }),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)),
    }
}

/// `--draws`: 1 to 10,000.
fn draw_count(draws: u32, lang: Lang) -> Result<u32, String> {
    if (1..=10_000).contains(&draws) {
        Ok(draws)
    } else {
        Err(match lang {
            Lang::Vi => format!("--draws {draws}: số lần mô phỏng phải từ 1 đến 10.000"),
            Lang::En => format!("--draws {draws}: must be from 1 to 10,000"),
        })
    }
}

fn sensitivity_command(
    path: &std::path::Path,
    population_args: &PopulationArgs,
    (draws, threads): (Option<u32>, Option<usize>),
    csv: Option<&std::path::Path>,
    as_json: bool,
    lang: Lang,
) -> Result<(), String> {
    let threads = thread_count(threads, lang)?;
    let draws = draw_count(draws.unwrap_or(gnbv_engine::sensitivity::DEFAULT_DRAWS), lang)?;
    let (dataset, households) = population(population_args, lang)?;
    let scenario = load_scenario(path, &dataset, lang)?;
    let standard = PovertyStandard::qd59_2015();
    let households = households.unwrap_or_else(|| synthesize(&dataset, &standard, scenario.seed));
    let first = scenario.first_year();
    let allocation = allocate(&first, &dataset);
    let tornado = gnbv_engine::sensitivity::sensitivity(
        &dataset,
        &standard,
        &households,
        &first,
        &allocation,
        draws,
        threads,
        &mut |_, _| {},
    );
    if let Some(csv) = csv {
        write_file(csv, tornado.csv(lang).as_bytes(), lang)?;
    }
    if as_json {
        return print(&json(&tornado));
    }
    print(&sensitivity_text(&tornado, lang))
}

fn sensitivity_text(t: &gnbv_engine::sensitivity::Sensitivity, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let points = |d: Decimal| decimal(d, 2, lang);
    let mut s = if vi {
        format!(
            "Giả định nào quan trọng nhất? Năm {}: mỗi tham số ở P10 và P90, các tham số khác giữ giá trị; {} lần mô phỏng mỗi lần chạy, hạt giống {}.\nTỷ lệ hộ nghèo giảm {} điểm % khi mọi tham số giữ giá trị.\n\n",
            t.year, t.draws, t.seed, points(t.centre.reduction)
        )
    } else {
        format!(
            "Which assumption matters most? {}: each parameter at its P10 and P90 with the others at their values; {} draws a run, seed {}.\nThe poor rate falls {} points with every parameter at its value.\n\n",
            t.year, t.draws, t.seed, points(t.centre.reduction)
        )
    };
    let mut table = vec![if vi {
        vec![
            "Tham số".to_owned(),
            "Độ tin cậy".into(),
            "P10".into(),
            "P90".into(),
            "Giảm ở P10".into(),
            "Giảm ở P90".into(),
            "Biên độ".into(),
        ]
    } else {
        vec![
            "Parameter".to_owned(),
            "Confidence".into(),
            "P10".into(),
            "P90".into(),
            "Fall at P10".into(),
            "Fall at P90".into(),
            "Swing".into(),
        ]
    }];
    for w in &t.swings {
        let p = &w.parameter;
        table.push(vec![
            p.label(lang),
            p.confidence.tag().to_owned(),
            p.text(p.p10, lang),
            p.text(p.p90, lang),
            points(w.low.reduction),
            points(w.high.reduction),
            points(w.width()),
        ]);
    }
    s.push_str(&render(&table));
    s.push('\n');
    s.push_str(if vi {
        "Mỗi mục tiêu phụ thuộc nhiều nhất vào:\n"
    } else {
        "What moves each target most:\n"
    });
    for (k, target) in t.centre.targets.iter().enumerate() {
        let driver = t.driver_of(k).map_or_else(
            || {
                lang.pick("không tham số nào (do phân bổ quyết định)", "no parameter (set by the allocation)")
                    .to_owned()
            },
            |w| w.parameter.label(lang),
        );
        s.push_str(&format!("  {}: {driver}\n", target.id.name(lang)));
    }
    s
}

fn backtest_command(
    path: Option<&std::path::Path>,
    (draws, threads): (Option<u32>, Option<usize>),
    as_json: bool,
    lang: Lang,
) -> Result<(), String> {
    let threads = thread_count(threads, lang)?;
    let dataset = Dataset::builtin().map_err(|e| e.to_string())?;
    let scenario = match path {
        Some(p) => load_scenario(p, &dataset, lang)?,
        None => gnbv_engine::defaults::scenario(&dataset),
    };
    let draws = draw_count(draws.unwrap_or(scenario.simulation.draws), lang)?;
    let standard = PovertyStandard::qd59_2015();
    let households = synthesize(&dataset, &standard, scenario.seed);
    let tests = gnbv_engine::backtest::backtests(&dataset, &standard, &households, &scenario, draws, threads);
    if as_json {
        return print(&json(&tests));
    }
    let vi = lang == Lang::Vi;
    let mut table = vec![if vi {
        vec!["Phép thử".to_owned(), "Số công bố".into(), "P10".into(), "P50".into(), "P90".into(), "Kết quả".into()]
    } else {
        vec!["Backtest".to_owned(), "Published".into(), "P10".into(), "P50".into(), "P90".into(), "Result".into()]
    }];
    for t in &tests {
        table.push(vec![
            t.name(lang).to_owned(),
            decimal(t.realised, 2, lang),
            decimal(t.band.p10, 2, lang),
            decimal(t.band.p50, 2, lang),
            decimal(t.band.p90, 2, lang),
            if t.inside { lang.pick("trong khoảng", "inside") } else { lang.pick("ngoài khoảng", "outside") }
                .to_owned(),
        ]);
    }
    let what = match (vi, scenario.simulation.parameter_uncertainty) {
        (true, true) => "hộ gia đình và tham số chưa chắc chắn",
        (true, false) => "hộ gia đình, tham số giữ cố định",
        (false, true) => "households and uncertain parameters",
        (false, false) => "households, parameters fixed",
    };
    let mut s = format!(
        "{}\n\n",
        if vi {
            format!("Kiểm định ngược với số liệu công bố: khoảng P10–P90 qua {draws} lần mô phỏng {what}")
        } else {
            format!("Backtests against published figures: P10–P90 over {draws} draws of {what}")
        }
    );
    s.push_str(&render(&table));
    s.push('\n');
    for t in &tests {
        s.push_str(&format!("- {}: {}\n", t.name(lang), t.note.text(lang)));
    }
    print(&s)
}

fn simulate_command(
    path: &std::path::Path,
    year: Option<u16>,
    population_args: &PopulationArgs,
    (draws, seed, threads): (Option<u32>, Option<u64>, Option<usize>),
    as_json: bool,
    lang: Lang,
) -> Result<(), String> {
    let threads = thread_count(threads, lang)?;
    let (dataset, households) = population(population_args, lang)?;
    let mut scenario = load_scenario(path, &dataset, lang)?;
    if let Some(seed) = seed {
        scenario.seed = seed;
    }
    let draws = draw_count(draws.unwrap_or(scenario.simulation.draws), lang)?;
    let standard = PovertyStandard::qd59_2015();
    let households = households.unwrap_or_else(|| synthesize(&dataset, &standard, scenario.seed));
    let (upto, _, year) = up_to_year(&scenario, year, &dataset, lang)?;
    let project = |scenario: &gnbv_engine::scenario::Scenario| {
        project_years(&dataset, &standard, &households, scenario, draws, threads)
            .into_iter()
            .find(|p| p.year == year)
            .ok_or_else(|| format!("--year {year}"))
    };
    let mut projection = project(&upto)?;
    if upto.simulation.parameter_uncertainty {
        // The narrower band of the households' chance alone, for comparison.
        let mut fixed = upto.clone();
        fixed.simulation.parameter_uncertainty = false;
        projection.household_only = gnbv_engine::projection::HouseholdOnly::of(&project(&fixed)?);
    }
    print(&if as_json { json(&projection) } else { projection_text(&dataset, &projection, lang) })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ObjectiveArg {
    Exits,
    Rate,
    Ntm,
    Access,
    Mix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ModeArg {
    Impact,
    Cost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TargetArg {
    Rate,
    Ntm,
    Access,
}

impl std::fmt::Display for TargetArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Rate => "rate",
            Self::Ntm => "ntm",
            Self::Access => "access",
        })
    }
}

fn optimise_command(
    path: &std::path::Path,
    population_args: &PopulationArgs,
    request: &gnbv_engine::optimise::Request,
    out: &std::path::Path,
    as_json: bool,
    lang: Lang,
) -> Result<(), String> {
    let (dataset, households) = population(population_args, lang)?;
    let scenario = load_scenario(path, &dataset, lang)?;
    let standard = PovertyStandard::qd59_2015();
    let households = households.unwrap_or_else(|| synthesize(&dataset, &standard, scenario.seed));
    let plan = gnbv_engine::optimise::optimise(&scenario, &dataset, &households, &standard, request, &mut |_| {})
        .map_err(|r| r.message(lang).to_owned())?;
    write_file(out, plan.scenario.to_json().as_bytes(), lang)?;
    if as_json {
        return print(&json(&plan));
    }
    print(&optimise_text(&plan, &dataset, lang))
}

/// The optimiser's answer as a summary: the objective before and after, each source's use and
/// shadow price, the binding constraints, rounding.
fn optimise_text(plan: &gnbv_engine::optimise::Plan, _dataset: &Dataset, lang: Lang) -> String {
    use std::fmt::Write as _;
    let vi = lang == Lang::Vi;
    let num = |x: f64, places: u32| gnbv_engine::format::approx(x, places, lang);
    let mut s = String::new();
    let p = |x: &gnbv_engine::optimise::Predicted| {
        if vi {
            format!(
                "hộ nghèo cuối năm {}, thoát nghèo {}, giảm {} điểm %, xã đạt tiêu chí {}, mục tiêu {}",
                num(x.poor, 0),
                num(x.exits, 0),
                num(x.reduction_points, 2),
                x.ntm_meeting,
                num(x.objective, 3)
            )
        } else {
            format!(
                "poor at the end {}, exits {}, down {} points, xã meeting the criterion {}, objective {}",
                num(x.poor, 0),
                num(x.exits, 0),
                num(x.reduction_points, 2),
                x.ntm_meeting,
                num(x.objective, 3)
            )
        }
    };
    let _ = writeln!(s, "{}: {}", lang.pick("Hiện tại", "Now"), p(&plan.before));
    let _ = writeln!(s, "{}: {}", lang.pick("Tối ưu", "Optimised"), p(&plan.after));
    let _ = writeln!(
        s,
        "{}",
        if vi {
            format!(
                "Làm tròn đến đơn vị nguyên: mục tiêu {} (liên tục) → {}; còn lại {} trên các nguồn.",
                num(plan.rounding.continuous, 3),
                num(plan.rounding.whole_units, 3),
                plan.rounding.money_left.format(lang)
            )
        } else {
            format!(
                "Whole units: objective {} (continuous) → {}; {} left on the sources.",
                num(plan.rounding.continuous, 3),
                num(plan.rounding.whole_units, 3),
                plan.rounding.money_left.format(lang)
            )
        }
    );
    let _ = writeln!(s, "\n{}", lang.pick("Nguồn:", "Sources:"));
    for u in &plan.sources {
        let _ = writeln!(
            s,
            "  {}: {} → {}. {}",
            u.source,
            u.before.format(lang),
            u.after.format(lang),
            lang.pick(&u.message_vi, &u.message_en)
        );
    }
    if !plan.binding.is_empty() {
        let _ = writeln!(s, "\n{}", lang.pick("Ràng buộc chặt:", "Binding constraints:"));
        for b in &plan.binding {
            let _ = writeln!(s, "  {}", lang.pick(&b.message_vi, &b.message_en));
        }
    }
    for k in &plan.kinds {
        let _ = writeln!(s, "  {}: {} → {}", k.kind, k.before.format(lang), k.after.format(lang));
    }
    let _ = write!(
        s,
        "\n{}",
        if vi {
            format!("{} dòng điều chỉnh được; {} biến, {} ràng buộc.", plan.lines, plan.variables, plan.constraints)
        } else {
            format!("{} adjustable lines; {} variables, {} constraints.", plan.lines, plan.variables, plan.constraints)
        }
    );
    s
}

fn classify_command(path: &std::path::Path, as_json: bool, lang: Lang) -> Result<(), String> {
    let dataset = builtin(lang)?;
    let standard = PovertyStandard::qd59_2015();
    let households = load_households(path, &dataset, &standard, lang)?;
    let rows = classify(&dataset, &standard, &households);
    if as_json {
        return print(&json(&rows));
    }
    let vi = lang == Lang::Vi;
    let mut table = vec![if vi {
        vec![
            "Xã".to_owned(),
            "Số hộ".into(),
            "Nghèo thu nhập".into(),
            "Nghèo đa chiều".into(),
            "Cận nghèo".into(),
            "Tỷ lệ nghèo".into(),
        ]
    } else {
        vec![
            "Commune".to_owned(),
            "Households".into(),
            "Income-poor".into(),
            "Multidim. poor".into(),
            "Near-poor".into(),
            "Poor rate".into(),
        ]
    }];
    for r in &rows {
        let name = dataset.commune(r.commune).map_or_else(|| r.commune.to_string(), |c| c.full_name());
        let rate = if r.households == 0 {
            Decimal::ZERO
        } else {
            Decimal::from(r.poor_income + r.poor_multidimensional) / Decimal::from(r.households)
        };
        table.push(vec![
            name,
            group(r.households.into(), lang),
            group(r.poor_income.into(), lang),
            group(r.poor_multidimensional.into(), lang),
            group(r.near_poor.into(), lang),
            percent(rate, lang),
        ]);
    }
    print(&render(&table))
}

fn projection_text(dataset: &Dataset, p: &Projection, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let band_rate =
        |b: &Band<Decimal>| format!("{} ({}–{})", percent(b.p50, lang), percent(b.p10, lang), percent(b.p90, lang));
    let band_count = |b: &Band<u32>| {
        format!("{} ({}–{})", group(b.p50.into(), lang), group(b.p10.into(), lang), group(b.p90.into(), lang))
    };
    let mut s = String::new();
    s.push_str(&if vi {
        format!("Dự báo cuối năm {}: {} lần mô phỏng, hạt giống {}; trung vị (P10–P90)\n", p.year, p.draws, p.seed)
    } else {
        format!("End-{} projection: {} draws, seed {}; median (P10–P90)\n", p.year, p.draws, p.seed)
    });
    s.push_str(&format!("{}.\n\n", p.band_meaning(lang)));
    s.push_str(&if vi { format!("Mục tiêu năm {}\n", p.year) } else { format!("{} targets\n", p.year) });
    if p.year > gnbv_engine::scenario::FIRST_YEAR {
        s.push_str(if vi {
            "Đầu năm là cuối năm trước trong cùng lần mô phỏng (số đầu năm: trung vị); mục tiêu giảm tỷ lệ so với đầu năm của từng lần mô phỏng.\n"
        } else {
            "The year starts where the year before ended in the same draw (start figures: medians); the reduction target is against each draw's own start.\n"
        });
    }
    for t in &p.scorecard {
        let value = match t.unit {
            TargetUnit::Points => format!("{} {}", decimal(t.value.p50, 2, lang), if vi { "điểm %" } else { "points" }),
            TargetUnit::Communes => group(t.value.p50.mantissa() / 10i128.pow(t.value.p50.scale()), lang),
            _ => percent(t.value.p50, lang),
        };
        let status = match (t.status, vi) {
            (Status::Likely, true) if !t.uncertain => "đạt",
            (Status::Likely, false) if !t.uncertain => "met",
            (Status::Unlikely, true) if !t.uncertain => "không đạt",
            (Status::Unlikely, false) if !t.uncertain => "not met",
            (Status::Likely, true) => "nhiều khả năng đạt",
            (Status::Likely, false) => "likely",
            (Status::Uncertain, true) => "chưa chắc",
            (Status::Uncertain, false) => "uncertain",
            (Status::Unlikely, true) => "khó đạt",
            (Status::Unlikely, false) => "unlikely",
        };
        s.push_str(&format!(
            "  {}: {value}; {} {}; {status}{}\n",
            t.id.name(lang),
            if vi { "xác suất đạt" } else { "probability met" },
            percent(t.probability, lang),
            t.driven_by.as_ref().map(|d| format!(". {}", d.sentence(lang))).unwrap_or_default()
        ));
    }
    s.push('\n');
    if let Some(h) = &p.household_only {
        s.push_str(&if vi {
            format!(
                "Chỉ tính ngẫu nhiên của hộ (tham số giữ cố định): tỷ lệ nghèo cuối năm {}; giảm {} điểm % ({}–{}), xác suất đạt {}\n",
                band_rate(&h.poor_rate),
                decimal(h.reduction.p50, 2, lang),
                decimal(h.reduction.p10, 2, lang),
                decimal(h.reduction.p90, 2, lang),
                percent(h.probability, lang)
            )
        } else {
            format!(
                "The households' chance alone (parameters fixed): poor rate at the end {}; down {} points ({}–{}), probability met {}\n",
                band_rate(&h.poor_rate),
                decimal(h.reduction.p50, 2, lang),
                decimal(h.reduction.p10, 2, lang),
                decimal(h.reduction.p90, 2, lang),
                percent(h.probability, lang)
            )
        });
    }
    if !p.parameters.is_empty() {
        s.push_str(if vi {
            "Tham số chưa chắc chắn (giá trị; P10–P90 mỗi lần mô phỏng lấy mẫu):\n"
        } else {
            "Uncertain parameters (value; the P10–P90 each draw samples from):\n"
        });
        for r in &p.parameters {
            s.push_str(&format!("  {} [{}]: {}\n", r.label(lang), r.confidence.tag(), r.summary(lang)));
        }
    }
    s.push('\n');
    let mut table = vec![if vi {
        vec![
            "Đơn vị".to_owned(),
            "Hộ nghèo đầu năm".into(),
            "Hộ nghèo cuối năm".into(),
            "Tỷ lệ nghèo cuối năm".into(),
            "Thoát nghèo".into(),
            "Tái/phát sinh nghèo".into(),
        ]
    } else {
        vec![
            "Unit".to_owned(),
            "Poor at start".into(),
            "Poor at end".into(),
            "Poor rate at end".into(),
            "Exits".into(),
            "Entries".into(),
        ]
    }];
    let row = |name: String, f: &gnbv_engine::projection::Figures| {
        vec![
            name,
            group(f.baseline_poor.into(), lang),
            band_count(&f.poor),
            band_rate(&f.poor_rate),
            band_count(&f.exits),
            band_count(&f.entries),
        ]
    };
    table.push(row(format!("Tỉnh {}", dataset.province_name()), &p.province));
    for d in &p.districts {
        let name = dataset.district(d.code).map_or_else(|| d.code.to_string(), |d| d.full_name());
        table.push(row(format!("  {name}"), &d.figures));
    }
    s.push_str(&render(&table));
    // What the borrowers did (the line of the province's explanation that says so).
    if let Some(line) =
        p.province.explain(p.draws, lang).into_iter().find(|l| l.starts_with(lang.pick("Vay vốn", "Credit")))
    {
        s.push('\n');
        s.push_str(&line);
    }
    s
}

fn export_command(
    path: &std::path::Path,
    year: Option<u16>,
    format: ExportFormat,
    out: &std::path::Path,
    base_url: &str,
    population_args: &PopulationArgs,
    lang: Lang,
) -> Result<(), String> {
    let (dataset, households) = population(population_args, lang)?;
    let scenario = load_scenario(path, &dataset, lang)?;
    let standard = PovertyStandard::qd59_2015();
    let households = households.unwrap_or_else(|| synthesize(&dataset, &standard, scenario.seed));
    let (upto, view, year) = up_to_year(&scenario, year, &dataset, lang)?;
    let allocation = allocate(&view, &dataset);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let projection = project_years(&dataset, &standard, &households, &upto, upto.simulation.draws, threads)
        .into_iter()
        .find(|p| p.year == year);
    let link = gnbv_engine::link::url(base_url, &scenario, &dataset);
    let proposal =
        gnbv_engine::proposal::Proposal::new(year, &view, &dataset, &allocation, projection.as_ref(), &link, lang);
    let write = |file: &std::path::Path, bytes: &[u8]| write_file(file, bytes, lang);
    match format {
        ExportFormat::Xlsx => {
            let bytes = gnbv_engine::xlsx::workbook(&proposal).map_err(|e| e.message(lang))?;
            write(out, &bytes)?;
        }
        ExportFormat::Csv => {
            std::fs::create_dir_all(out).map_err(|e| io_error(out, &e, true, lang))?;
            for (name, text) in gnbv_engine::proposal::csv_files(&proposal) {
                write(&out.join(name), text.as_bytes())?;
            }
        }
    }
    Ok(())
}

fn plan_households_command(
    path: &std::path::Path,
    population_args: &PopulationArgs,
    (commune, district): (Option<u32>, Option<u16>),
    output: Option<(ExportFormat, PathBuf)>,
    as_json: bool,
    lang: Lang,
) -> Result<(), String> {
    use gnbv_engine::household_plan::HouseholdPlans;
    if commune.is_none() && district.is_none() {
        return Err(lang
            .pick(
                "cho biết --commune <mã xã> hoặc --district <mã huyện>",
                "give --commune <GSO code> or --district <GSO code>",
            )
            .to_owned());
    }
    if output.is_none() && !as_json {
        return Err(lang
            .pick("cho biết --format và --out, hoặc --json", "give --format and --out, or --json")
            .to_owned());
    }
    let (dataset, households) = population(population_args, lang)?;
    let scenario = load_scenario(path, &dataset, lang)?;
    let standard = PovertyStandard::qd59_2015();
    let households = households.unwrap_or_else(|| synthesize(&dataset, &standard, scenario.seed));
    let first = scenario.first_year();
    let allocation = allocate(&first, &dataset);
    let model = Model::new(&dataset, &standard, &households, &first, &allocation);
    let plans = HouseholdPlans::new(&model, &first, &dataset, &allocation, &standard);
    let (communes, rollup) = match (commune, district) {
        (Some(code), _) => {
            let plan = plans
                .for_commune(gnbv_engine::dataset::CommuneCode(code), &scenario.helpers)
                .map_err(|e| format!("--commune {code}: {}", e.message(lang)))?;
            (vec![plan], None)
        }
        (None, Some(code)) => {
            let (communes, rollup) = plans
                .for_district(gnbv_engine::dataset::DistrictCode(code), &scenario.helpers)
                .map_err(|e| format!("--district {code}: {}", e.message(lang)))?;
            (communes, Some(rollup))
        }
        (None, None) => unreachable!("checked above"),
    };
    if let Some(p) = communes.first().filter(|p| p.population.illustrative()) {
        eprintln!("gnbv: {}: {}", lang.pick("lưu ý", "note"), p.population.describe(lang));
    }
    if let Some((format, out)) = output {
        let bytes = match format {
            ExportFormat::Xlsx => {
                gnbv_engine::xlsx::household_plans(&communes, rollup.as_ref(), lang).map_err(|e| e.message(lang))?
            }
            ExportFormat::Csv => {
                let mut text = rollup.as_ref().map(|r| r.csv(lang)).unwrap_or_default();
                for p in &communes {
                    let csv = p.csv(lang);
                    if !text.is_empty() {
                        text.push_str("\r\n");
                    }
                    text.push_str(if text.is_empty() { &csv } else { csv.trim_start_matches('\u{feff}') });
                }
                text.into_bytes()
            }
        };
        write_file(&out, &bytes, lang)?;
    }
    if as_json {
        #[derive(serde::Serialize)]
        struct Plans<'a> {
            plans: &'a [gnbv_engine::household_plan::CommunePlan],
            #[serde(skip_serializing_if = "Option::is_none")]
            rollup: Option<&'a gnbv_engine::household_plan::DistrictRollup>,
        }
        print(&json(&Plans { plans: &communes, rollup: rollup.as_ref() }))?;
    }
    Ok(())
}

/// `FILE.csv` or `FILE.xlsx`: which, or the message that it must be one of them.
fn table_kind(out: &std::path::Path, lang: Lang) -> Result<ExportFormat, String> {
    match out.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).as_deref() {
        Some("xlsx") => Ok(ExportFormat::Xlsx),
        Some("csv") => Ok(ExportFormat::Csv),
        _ => Err(format!(
            "{}: {}",
            out.display(),
            lang.pick("tên tệp phải kết thúc bằng .csv hoặc .xlsx", "the file name must end in .csv or .xlsx")
        )),
    }
}

fn actuals_template_command(
    out: &std::path::Path,
    scenario: Option<&std::path::Path>,
    date: &str,
    lang: Lang,
) -> Result<(), String> {
    let kind = table_kind(out, lang)?;
    let dataset = builtin(lang)?;
    let scenario = match scenario {
        Some(path) => load_scenario(path, &dataset, lang)?,
        None => gnbv_engine::defaults::scenario(&dataset),
    };
    let first = scenario.first_year();
    let allocation = allocate(&first, &dataset);
    let rows = gnbv_engine::actuals::template_rows(&first, &dataset, &allocation, date, lang);
    let bytes = match kind {
        ExportFormat::Xlsx => gnbv_engine::actuals::template_xlsx(&rows)?,
        ExportFormat::Csv => gnbv_engine::proposal::to_csv(&rows).into_bytes(),
    };
    write_file(out, &bytes, lang)
}

#[allow(clippy::too_many_arguments)]
fn report_command(
    path: &std::path::Path,
    actuals_path: &std::path::Path,
    review: Option<&std::path::Path>,
    population_args: &PopulationArgs,
    draws: Option<u32>,
    output: Option<(ExportFormat, PathBuf)>,
    as_json: bool,
    lang: Lang,
) -> Result<(), String> {
    if output.is_none() && !as_json {
        return Err(lang
            .pick("cho biết --format và --out, hoặc --json", "give --format and --out, or --json")
            .to_owned());
    }
    let (dataset, households) = population(population_args, lang)?;
    let scenario = load_scenario(path, &dataset, lang)?;
    let first = scenario.first_year();
    let allocation = allocate(&first, &dataset);
    let text = match table_kind(actuals_path, lang)? {
        ExportFormat::Xlsx => {
            let bytes = std::fs::read(actuals_path).map_err(|e| io_error(actuals_path, &e, false, lang))?;
            gnbv_engine::import::xlsx_to_csv(&bytes).map_err(|e| {
                format!(
                    "{}: {} ({e})",
                    actuals_path.display(),
                    lang.pick("không đọc được tệp Excel", "not a readable Excel file")
                )
            })?
        }
        ExportFormat::Csv => read(actuals_path, lang)?,
    };
    let name = actuals_path
        .file_name()
        .map_or_else(|| actuals_path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let actuals = gnbv_engine::actuals::parse(&text, &name, &first, &dataset, &allocation).map_err(|problems| {
        let lines: Vec<String> = problems.iter().take(100).map(|p| format!("  {}", p.located(lang))).collect();
        format!("{}:\n{}", actuals_path.display(), lines.join("\n"))
    })?;
    let standard = PovertyStandard::qd59_2015();
    let households = households.unwrap_or_else(|| synthesize(&dataset, &standard, scenario.seed));
    let mut one = first.clone();
    if let Some(d) = draws {
        one.simulation.draws = draw_count(d, lang)?;
    }
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let projection =
        project_years(&dataset, &standard, &households, &one, one.simulation.draws, threads).into_iter().next();
    let measured = match review {
        Some(file) => {
            let later = load_households(file, &dataset, &standard, lang)?;
            let name =
                file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
            Some(gnbv_engine::monitoring::Measured::of(&name, &dataset, &standard, &later, &first.simulation))
        }
        None => None,
    };
    let report = gnbv_engine::monitoring::Report::new(
        &first,
        &dataset,
        &allocation,
        &actuals,
        (projection.as_ref(), measured.as_ref()),
        lang,
    );
    if let Some((format, out)) = output {
        match format {
            ExportFormat::Xlsx => {
                let bytes = gnbv_engine::xlsx::monitoring_report(&report).map_err(|e| e.message(lang))?;
                write_file(&out, &bytes, lang)?;
            }
            ExportFormat::Csv => {
                std::fs::create_dir_all(&out).map_err(|e| io_error(&out, &e, true, lang))?;
                for (name, text) in report.csv_files() {
                    write_file(&out.join(name), text.as_bytes(), lang)?;
                }
            }
        }
    }
    if as_json {
        print(&json(&report))?;
    }
    Ok(())
}

fn link_encode(path: &std::path::Path, lang: Lang) -> Result<(), String> {
    let dataset = builtin(lang)?;
    let scenario = load_scenario(path, &dataset, lang)?;
    print(&format!("#{}", gnbv_engine::link::encode(&scenario, &dataset)))
}

fn allocate_command(
    path: &std::path::Path,
    year: Option<u16>,
    population_args: &PopulationArgs,
    as_json: bool,
    lang: Lang,
) -> Result<(), String> {
    let (dataset, _) = population(population_args, lang)?;
    let (_, scenario, _) = up_to_year(&load_scenario(path, &dataset, lang)?, year, &dataset, lang)?;
    let allocation = allocate(&scenario, &dataset);
    print(&if as_json { json(&allocation.report(&scenario)) } else { allocation_text(&scenario, &allocation, lang) })
}

fn credit_command(
    path: &std::path::Path,
    year: Option<u16>,
    population_args: &PopulationArgs,
    as_json: bool,
    lang: Lang,
) -> Result<(), String> {
    let (dataset, _) = population(population_args, lang)?;
    let (_, scenario, year) = up_to_year(&load_scenario(path, &dataset, lang)?, year, &dataset, lang)?;
    let allocation = allocate(&scenario, &dataset);
    let plan = gnbv_engine::credit::CreditPlan::of(&scenario, &allocation, lang);
    if as_json {
        return print(&json(&plan));
    }
    let headings = gnbv_engine::credit::CreditPlan::headings(lang);
    let mut table = vec![headings.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
    for p in plan.programs.iter().chain(std::iter::once(&plan.total)) {
        let mut row = vec![p.name.clone()];
        row.extend(p.columns().iter().map(|v| group(*v, lang)));
        table.push(row);
    }
    let mut s = match lang {
        Lang::Vi => format!("Kế hoạch tín dụng chính sách năm {year} (đồng)\n"),
        Lang::En => format!("Preferential credit plan {year} (đồng)\n"),
    };
    s.push_str(&render(&table));
    s.push('\n');
    s.push_str(&plan.budget_note(lang));
    print(&s)
}

fn allocation_text(scenario: &Scenario, allocation: &gnbv_engine::allocation::Allocation, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let money = |d: Dong| group(d.get().into(), lang);
    let source_name = |id| scenario.source(id).map_or(String::new(), |s| s.name(lang).to_owned());
    let program_name = |id| scenario.program(id).map_or(String::new(), |p| p.name(lang).to_owned());
    let mut s = String::new();
    s.push_str(if vi { "Nguồn vốn (đồng)\n" } else { "Sources (đồng)\n" });
    let mut table = vec![if vi {
        vec!["Nguồn".to_owned(), "Có".into(), "Đã giao".into(), "Đã phân bổ".into(), "Còn lại".into()]
    } else {
        vec!["Source".to_owned(), "Available".into(), "Committed".into(), "Allocated".into(), "Remaining".into()]
    }];
    for b in &allocation.sources {
        table.push(vec![
            source_name(&b.source),
            money(b.available),
            money(b.committed),
            money(b.allocated),
            money(b.remaining),
        ]);
    }
    s.push_str(&render(&table));
    s.push_str(if vi { "\nDòng phân bổ (đồng)\n" } else { "\nAllocation lines (đồng)\n" });
    let mut table = vec![if vi {
        vec!["Nguồn → chương trình".to_owned(), "Số tiền".into(), "Đã phân bổ".into(), "Còn lại".into(), "Số ô".into()]
    } else {
        vec!["Source → program".to_owned(), "Amount".into(), "Allocated".into(), "Leftover".into(), "Cells".into()]
    }];
    for (i, l) in allocation.lines.iter().enumerate() {
        table.push(vec![
            format!("{} → {}", l.source, l.program),
            money(l.amount),
            money(l.allocated),
            money(l.leftover),
            allocation.cells_of(i).count().to_string(),
        ]);
    }
    s.push_str(&render(&table));
    s.push_str(if vi {
        "\nChế độ theo quy định (chi phí tính từ số đối tượng)\n"
    } else {
        "\nEntitlements (cost from head-counts)\n"
    });
    let mut table = vec![if vi {
        vec!["Chương trình".to_owned(), "Đối tượng".into(), "Chi phí".into(), "Đã bố trí".into(), "Thiếu".into()]
    } else {
        vec!["Program".to_owned(), "Units".into(), "Cost".into(), "Funded".into(), "Shortfall".into()]
    }];
    for e in &allocation.entitlements {
        table.push(vec![
            program_name(&e.program),
            group(e.units.into(), lang),
            money(e.cost),
            money(e.funded),
            money(e.shortfall),
        ]);
    }
    s.push_str(&render(&table));
    s.push_str(if vi { "\nVấn đề\n" } else { "\nProblems\n" });
    if allocation.diagnostics.is_empty() {
        s.push_str(if vi { "  Không có.\n" } else { "  None.\n" });
    }
    for d in &allocation.diagnostics {
        let severity = match (d.severity, vi) {
            (gnbv_engine::diagnostics::Severity::Error, true) => "LỖI",
            (gnbv_engine::diagnostics::Severity::Error, false) => "ERROR",
            (gnbv_engine::diagnostics::Severity::Warning, true) => "Cảnh báo",
            (gnbv_engine::diagnostics::Severity::Warning, false) => "Warning",
        };
        s.push_str(&format!("  {severity}: {}\n", d.message(lang)));
    }
    s
}

const COLUMNS: [Field; 7] = [
    Field::People,
    Field::Households,
    Field::Poor,
    Field::PoorRate,
    Field::NearPoor,
    Field::NearPoorRate,
    Field::EscapedLastYear,
];

fn dataset_text(summary: &Summary, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let mut s = String::new();
    s.push_str(if vi {
        "Bộ dữ liệu dựng sẵn: tỉnh Thái Bình, số liệu cuối năm 2018 (cơ sở của kế hoạch 2019)\n\
         Tên, mã và loại đơn vị hành chính theo danh mục của Tổng cục Thống kê.\n\
         Các số đếm là số liệu MINH HỌA, trừ số có dấu [CB] (công bố) hoặc [SR] (suy ra từ số công bố).\n\n"
    } else {
        "Built-in dataset: Thái Bình province, end-2018 counts (the 2019 plan's baseline)\n\
         Unit names, codes and kinds from the GSO list.\n\
         Counts are ILLUSTRATIVE except those marked [P] (published) or [D] (derived from published figures).\n\n"
    });
    let headers: Vec<&str> = COLUMNS.iter().map(|f| column_name(*f, lang)).collect();
    let name_header = if vi { "Đơn vị" } else { "Unit" };
    let mut table = vec![std::iter::once(name_header.to_owned())
        .chain(headers.iter().map(|h| (*h).to_owned()))
        .collect::<Vec<_>>()];
    let line = |row: &Row, indent: &str| {
        let mut cells = vec![format!("{indent}{}", row.full_name)];
        cells.extend(COLUMNS.iter().map(|&f| cell(row, f, lang)));
        cells
    };
    table.push(line(&summary.province, ""));
    table.extend(summary.districts.iter().map(|d| line(&d.row, "  ")));
    for d in &summary.districts {
        table.push(vec![String::new()]);
        table.push(line(&d.row, ""));
        table.extend(d.communes.iter().map(|c| line(c, "  ")));
    }
    s.push_str(&render(&table));
    s.push_str(if vi { "\nNguồn số liệu công bố:\n" } else { "\nSources of published figures:\n" });
    for p in &summary.published {
        s.push_str(&format!(
            "- {} {}: {} [{}] {}\n",
            p.scope,
            p.field.key(),
            p.value,
            p.confidence.tag(),
            p.source(lang)
        ));
    }
    s
}

fn cell(row: &Row, field: Field, lang: Lang) -> String {
    let value = row
        .value(field)
        .map_or_else(|| "—".to_owned(), |v| if field.is_rate() { percent(v, lang) } else { group(v.mantissa(), lang) });
    let mark = match row.provenance_of(field) {
        Provenance::Illustrative => String::new(),
        p => format!(" [{}]", p.mark(lang).0),
    };
    format!("{value}{mark}")
}

fn column_name(field: Field, lang: Lang) -> &'static str {
    field.label(lang)
}

/// Left-aligns the first column and right-aligns the others, by character count.
fn render(table: &[Vec<String>]) -> String {
    let width = |i: usize| table.iter().filter_map(|r| r.get(i)).map(|c| c.chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..table[0].len()).map(width).collect();
    let mut s = String::new();
    for row in table {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| if i == 0 { format!("{c:<w$}", w = widths[0]) } else { format!("{c:>w$}", w = widths[i]) })
            .collect();
        s.push_str(line.join("  ").trim_end());
        s.push('\n');
    }
    s
}
