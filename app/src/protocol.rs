//! Messages between the page and the Monte Carlo workers (`src/worker.rs`), as JSON strings.
//!
//! A run is shared by a pool of workers, each on a range of draw numbers ([`Part`]). The
//! first worker leads: it runs its range, gathers the others' draws (which the page forwards
//! to it unchanged: [`Response::Draws`] and [`ToWorker::Draws`] have the same JSON) and
//! summarises. A draw depends only on the seed and its number, so the projection is the same
//! to the bit with any number of workers.

use gnbv_engine::format::Lang;
use gnbv_engine::projection::Projection;
use gnbv_engine::review::{HouseholdFile, Review, Uncovered};
use gnbv_engine::scenario::Scenario;
use gnbv_engine::simulation::Tally;
use serde::{Deserialize, Serialize};

/// Draws per progress message: one draw is about 8 ms in wasm.
pub const CHUNK: u32 = 10;

/// Draws of each run of the sensitivity view in the browser: with the parameters fixed only
/// the households' chance is left, a band a few hundredths of a point wide.
pub const SENSITIVITY_DRAWS: u32 = 10;

/// The draws' tallies between workers: each draw one array of numbers, every commune's
/// [`wire::FIELDS`] counts after the one before's. A helper's 100 draws of the default
/// scenario's two years (draws 100–199) are 2,384,139 bytes of JSON this way, against
/// 10,735,339 with the counts' names.
pub mod wire {
    use gnbv_engine::simulation::Tally;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Counts per commune.
    pub const FIELDS: usize = Tally::COUNTS;

    /// Writes the draws as arrays of numbers.
    ///
    /// # Errors
    /// The serialiser's.
    pub fn serialize<S: Serializer>(draws: &[Vec<Tally>], s: S) -> Result<S::Ok, S::Error> {
        let flat: Vec<Vec<u32>> = draws.iter().map(|d| d.iter().flat_map(Tally::counts).collect()).collect();
        flat.serialize(s)
    }

    /// Reads them back.
    ///
    /// # Errors
    /// When a draw's numbers are not whole communes' counts.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<Tally>>, D::Error> {
        Vec::<Vec<u32>>::deserialize(d)?
            .into_iter()
            .map(|draw| {
                if draw.len() % FIELDS == 0 {
                    Ok(draw.chunks_exact(FIELDS).filter_map(|c| c.try_into().ok()).map(Tally::from_counts).collect())
                } else {
                    Err(D::Error::custom(format!("a draw of {} numbers is not {FIELDS} per commune", draw.len())))
                }
            })
            .collect()
    }
}

/// From the page: project this scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// The scenario (its `simulation.draws` draws, its seed).
    pub scenario: Scenario,
    /// The imported commune file the planner runs on, if any (else the built-in data).
    #[serde(default)]
    pub communes: Option<Imported>,
    /// The household file in use, if any: its counts are the dataset's and its households
    /// (posted to the worker as bytes before the request, [`households_message`]) the
    /// population. Else the synthetic population.
    #[serde(default)]
    pub households: Option<HouseholdRef>,
    /// This worker's share of the run; `None`: the whole run.
    #[serde(default)]
    pub part: Option<Part>,
}

/// A worker's share of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// The run's number, so that draws of an earlier run are never mixed in.
    pub run: u32,
    /// First draw number.
    pub from: u32,
    /// One past the last.
    pub to: u32,
    /// Whether this worker gathers the others' draws and summarises.
    pub lead: bool,
}

/// From the page to a Monte Carlo worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToWorker {
    /// Run (a share of) a projection.
    Run(Box<Request>),
    /// Run the sensitivity view (the tornado) of the request's first year, with
    /// [`SENSITIVITY_DRAWS`] draws a run.
    Sensitivity(Box<Request>),
    /// The household support plans of a commune or a district
    /// (`gnbv_engine::household_plan`), on the request's households (read with their ids).
    Plans(Box<PlanRequest>),
    /// Another worker's draws, for the lead.
    Draws {
        /// The run they belong to.
        run: u32,
        /// The first draw's number.
        from: u32,
        /// Each draw's tallies per commune (as [`wire`] numbers).
        #[serde(with = "wire")]
        draws: Vec<Vec<Tally>>,
    },
}

/// Which plans: one commune's, or every commune of a district with its roll-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanPlace {
    /// A commune, by GSO code.
    Commune(u32),
    /// A district, by GSO code.
    District(u16),
}

/// The plans of a place, on a scenario and its households.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanRequest {
    /// The scenario, population and households, as for a projection (`part` unused).
    pub request: Request,
    /// Where.
    pub place: PlanPlace,
}

/// The plans of a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plans {
    /// The place asked.
    pub place: PlanPlace,
    /// Each commune's plan.
    pub plans: Vec<gnbv_engine::household_plan::CommunePlan>,
    /// A district's roll-up.
    pub rollup: Option<gnbv_engine::household_plan::DistrictRollup>,
}

/// The plans of `place`: the first year's allocation and the projection's own targeting on
/// `households`, with the scenario's chosen helpers.
///
/// # Errors
/// The place is unknown, or the household file has no household there.
pub fn plans_of(
    dataset: &gnbv_engine::dataset::Dataset,
    households: &gnbv_engine::households::Households,
    scenario: &Scenario,
    place: PlanPlace,
) -> Result<Plans, Said> {
    let standard = gnbv_engine::standard::PovertyStandard::qd59_2015();
    let first = scenario.first_year();
    let allocation = gnbv_engine::allocation::allocate(&first, dataset);
    let model = gnbv_engine::simulation::Model::new(dataset, &standard, households, &first, &allocation);
    let plans = gnbv_engine::household_plan::HouseholdPlans::new(&model, &first, dataset, &allocation, &standard);
    let said = |e: gnbv_engine::household_plan::PlanRefusal| Said::new(|l| e.message(l));
    match place {
        PlanPlace::Commune(code) => {
            let plan = plans.for_commune(gnbv_engine::dataset::CommuneCode(code), &scenario.helpers).map_err(said)?;
            Ok(Plans { place, plans: vec![plan], rollup: None })
        }
        PlanPlace::District(code) => {
            let (communes, rollup) =
                plans.for_district(gnbv_engine::dataset::DistrictCode(code), &scenario.helpers).map_err(said)?;
            Ok(Plans { place, plans: communes, rollup: Some(rollup) })
        }
    }
}

/// An imported commune file (`gnbv_engine::import`), carried to the workers so that they
/// run on the same figures as the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    /// The file's name.
    pub file: String,
    /// Its text.
    pub text: String,
}

impl Imported {
    /// The dataset: the built-in one with this file's figures.
    ///
    /// # Errors
    /// The built-in dataset or the file is invalid (the page checked it, so only a stored
    /// file from another version could be).
    pub fn dataset(&self) -> Result<gnbv_engine::dataset::Dataset, Said> {
        let base = gnbv_engine::dataset::Dataset::builtin().map_err(|e| Said::new(|l| e.message(l)))?;
        self.dataset_on(&base)
    }

    /// The dataset: `builtin` (the built-in one, already read) with this file's figures.
    ///
    /// # Errors
    /// The file is invalid (only a stored file from another version could be).
    pub fn dataset_on(&self, builtin: &gnbv_engine::dataset::Dataset) -> Result<gnbv_engine::dataset::Dataset, Said> {
        gnbv_engine::import::import_communes(&self.text, &self.file, builtin).map_err(|p| {
            Said::new(|l| p.first().map(|p| format!("“{}”: {}", self.file, p.message(l))).unwrap_or_default())
        })
    }
}

/// A message in both languages, for what a worker or a stored file reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Said {
    /// The message `f` gives in each language.
    pub fn new(f: impl Fn(Lang) -> String) -> Self {
        Self { vi: f(Lang::Vi), en: f(Lang::En) }
    }

    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// A household file that did not reach a worker (or reached it damaged).
#[must_use]
pub fn households_missing(file: &str) -> Said {
    Said::new(|l| match l {
        Lang::Vi => format!("bộ phận tính toán chưa nhận được các hộ của tệp “{file}”; hãy chạy lại"),
        Lang::En => format!("the households of “{file}” did not reach the worker; run it again"),
    })
}

/// The dataset a request runs on: the imported file's, or the built-in one.
///
/// # Errors
/// As [`Imported::dataset`].
pub fn dataset_of(communes: Option<&Imported>) -> Result<gnbv_engine::dataset::Dataset, Said> {
    match communes {
        Some(i) => i.dataset(),
        None => gnbv_engine::dataset::Dataset::builtin().map_err(|e| Said::new(|l| e.message(l))),
    }
}

/// The dataset with a household file's counts, as the page shows it: the commune file's (or
/// the built-in one) with the file's counts for the communes it covers (a file is used only
/// once the planner chose to keep the dataset's counts for the others, if there are any).
///
/// # Errors
/// As [`Imported::dataset`].
pub fn dataset_for(
    communes: Option<&Imported>,
    households: Option<&HouseholdFile>,
) -> Result<gnbv_engine::dataset::Dataset, Said> {
    let base = dataset_of(communes)?;
    match households {
        Some(file) => Review::of(&base, file, &gnbv_engine::standard::PovertyStandard::qd59_2015())
            .apply(&base, Uncovered::Keep)
            .map_err(|r| Said::new(|l| r.message(l))),
        None => Ok(base),
    }
}

/// A household file a request runs on, by name and fingerprint; its households reach the
/// worker as bytes first ([`households_message`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdRef {
    /// The file's name.
    pub file: String,
    /// Its fingerprint ([`HouseholdFile::fingerprint`]).
    pub fingerprint: u64,
}

impl HouseholdRef {
    /// The reference to a reviewed household file.
    #[must_use]
    pub fn of(review: &Review) -> Self {
        Self { file: review.file.clone(), fingerprint: review.fingerprint }
    }
}

/// The message carrying a household file's bytes ([`HouseholdFile::to_bytes`]) to a worker:
/// `["households", Uint8Array]` (a copy; the page keeps its own), or `["households+ids", …]`
/// for a worker that must keep the households' ids (the household plans name each household).
#[must_use]
pub fn households_message(bytes: &[u8], ids: bool) -> wasm_bindgen::JsValue {
    let tag = if ids { "households+ids" } else { "households" };
    js_sys::Array::of2(&tag.into(), &js_sys::Uint8Array::from(bytes)).into()
}

/// The bytes of a [`households_message`], and whether to keep the ids, if `data` is one.
#[must_use]
pub fn read_households_message(data: &wasm_bindgen::JsValue) -> Option<(Vec<u8>, bool)> {
    use wasm_bindgen::JsCast;
    let array = data.dyn_ref::<js_sys::Array>()?;
    let ids = match array.get(0).as_string()?.as_str() {
        "households" => false,
        "households+ids" => true,
        _ => return None,
    };
    Some((array.get(1).dyn_into::<js_sys::Uint8Array>().ok()?.to_vec(), ids))
}

/// The household file a request names, from what the worker holds: the file it was last sent
/// (if it is that one), else why not (its bytes could not be read, or never came).
///
/// # Errors
/// The named file is not the one held.
pub fn named_file(
    named: Option<&HouseholdRef>,
    held: Option<&std::rc::Rc<HouseholdFile>>,
    unreadable: Option<&Said>,
) -> Result<Option<std::rc::Rc<HouseholdFile>>, Said> {
    let Some(r) = named else { return Ok(None) };
    match held.filter(|f| f.fingerprint == r.fingerprint) {
        Some(file) => Ok(Some(std::rc::Rc::clone(file))),
        None => Err(unreadable.cloned().unwrap_or_else(|| households_missing(&r.file))),
    }
}

/// The household file a worker was last sent, read back from its bytes.
///
/// # Errors
/// The bytes are not a household file for the built-in units (the page's own bytes are).
pub fn read_households(bytes: &[u8], ids: bool) -> Result<HouseholdFile, Said> {
    let units = gnbv_engine::dataset::Dataset::builtin().map_err(|e| Said::new(|l| e.message(l)))?;
    let read = if ids {
        HouseholdFile::from_bytes(bytes, &units)
    } else {
        HouseholdFile::from_bytes_without_ids(bytes, &units)
    };
    read.map_err(|e| Said::new(|l| e.message(l).to_owned()))
}

/// From the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The worker's code is loaded and listening (requests sent before this are held).
    Ready,
    /// Building the synthetic households (first run only).
    Preparing,
    /// Draws done out of the total.
    Progress {
        /// Done.
        done: u32,
        /// Total.
        total: u32,
    },
    /// A helper's draws, for the page to forward to the lead as they are.
    Draws {
        /// The run they belong to.
        run: u32,
        /// The first draw's number.
        from: u32,
        /// Each draw's tallies per commune (as [`wire`] numbers).
        #[serde(with = "wire")]
        draws: Vec<Vec<Tally>>,
    },
    /// The finished projection, one per year of the scenario.
    Done(Vec<Projection>),
    /// The finished sensitivity view.
    Sensitivity(Box<gnbv_engine::sensitivity::Sensitivity>),
    /// The household plans asked for.
    Plans(Box<Plans>),
    /// The request could not be run (the page keeps its last result and says why).
    Failed(Said),
}

/// From the page to the export worker (`src/export_worker.rs`): make the proposal's workbook.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportRequest {
    /// The scenario.
    pub scenario: Scenario,
    /// The year of the dự toán.
    pub year: u16,
    /// Its projection, when run.
    pub projection: Option<Projection>,
    /// Its share link.
    pub link: String,
    /// Language of the workbook.
    pub lang: gnbv_engine::format::Lang,
    /// The imported commune file, if any.
    #[serde(default)]
    pub communes: Option<Imported>,
    /// The household file in use, if any (its bytes are posted first).
    #[serde(default)]
    pub households: Option<HouseholdRef>,
}

/// What the export worker makes: the proposal's workbook, household plans' workbook, or the
/// monitoring report's workbook.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportJob {
    /// The dự toán.
    Proposal(Box<ExportRequest>),
    /// Household plans already made (`Plans`), laid out for printing.
    Plans(Box<Plans>, gnbv_engine::format::Lang),
    /// The monitoring report.
    Report(Box<ReportRequest>),
}

/// The monitoring report to make: the scenario and its population, the actuals file's text,
/// the projection if run, what a later review file measured if one was read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportRequest {
    /// The scenario.
    pub scenario: Scenario,
    /// The imported commune file, if any.
    #[serde(default)]
    pub communes: Option<Imported>,
    /// The household file in use, if any (its bytes are posted first).
    #[serde(default)]
    pub households: Option<HouseholdRef>,
    /// The actuals file: name and text (CSV).
    pub actuals: Imported,
    /// The first year's projection, if run.
    pub projection: Option<Projection>,
    /// What a later review file measured.
    pub measured: Option<gnbv_engine::monitoring::Measured>,
    /// Language of the workbook.
    pub lang: gnbv_engine::format::Lang,
}

/// The monitoring report of `request` on `dataset`.
///
/// # Errors
/// The scenario or the actuals file does not hold (the page checked both, so only a file
/// changed since could), in the request's language.
pub fn report_of(
    dataset: &gnbv_engine::dataset::Dataset,
    r: &ReportRequest,
) -> Result<gnbv_engine::monitoring::Report, String> {
    r.scenario.validate(dataset).map_err(|e| e.message(r.lang))?;
    let first = r.scenario.first_year();
    let allocation = gnbv_engine::allocation::allocate(&first, dataset);
    let actuals = gnbv_engine::actuals::parse(&r.actuals.text, &r.actuals.file, &first, dataset, &allocation)
        .map_err(|p| p.first().map(|p| p.located(r.lang)).unwrap_or_default())?;
    Ok(gnbv_engine::monitoring::Report::new(
        &first,
        dataset,
        &allocation,
        &actuals,
        (r.projection.as_ref(), r.measured.as_ref()),
        r.lang,
    ))
}

/// From the export worker, as JSON text (the workbook itself comes as an `ArrayBuffer`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportResponse {
    /// Loaded and listening.
    Ready,
    /// The workbook could not be made; the message is in the request's language.
    Failed(String),
    /// A workbook posted to be read (a commune file saved as .xlsx): its first sheet as CSV.
    Csv(String),
    /// The posted workbook could not be read (the reader's words).
    Unreadable(String),
}

/// From the page to the optimiser worker (`src/optimiser_worker.rs`): answer this question
/// about this scenario (`gnbv_engine::optimise`). The household file's bytes, if one is in
/// use, are posted first ([`households_message`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OptimiseRequest {
    /// The scenario as it stands.
    pub scenario: Scenario,
    /// The question; `None`: only build the households, so that the first question is
    /// answered sooner (the Allocation screen asks this when it opens).
    pub request: Option<gnbv_engine::optimise::Request>,
    /// The imported commune file, if any.
    #[serde(default)]
    pub communes: Option<Imported>,
    /// The household file in use, if any.
    #[serde(default)]
    pub households: Option<HouseholdRef>,
}

/// From the optimiser worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptimiseResponse {
    /// Loaded and listening.
    Ready,
    /// Building the synthetic households (first question only).
    Preparing,
    /// What it is doing.
    Stage(gnbv_engine::optimise::Stage),
    /// The households are built (a request without a question).
    Prepared,
    /// The answer.
    Done(Box<gnbv_engine::optimise::Plan>),
    /// The question has no answer, and why (the scenario is unchanged).
    Refused(Said),
    /// The request could not be run.
    Failed(Said),
}
