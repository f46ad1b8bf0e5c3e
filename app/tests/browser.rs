//! The app mounted in headless Chromium: the same engine numbers as natively, the shell's
//! table, the remembered language, and the edit history refusing invalid edits. (One file:
//! each file is a browser session.)

use gloo_timers::future::TimeoutFuture;
use gnbv_engine::dataset::Dataset;
use gnbv_engine::format::{group, percent, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets Leptos run its effects and the browser update the DOM.
async fn settle() {
    TimeoutFuture::new(0).await;
    TimeoutFuture::new(0).await;
}

fn click(root: &web_sys::Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
fn the_engine_gives_native_numbers_in_wasm() {
    // The same figures the native tests assert: parsing and decimal arithmetic agree.
    let d = Dataset::builtin().expect("built-in dataset loads in wasm");
    let p = d.province_counts();
    assert_eq!((d.districts().len(), d.communes().len(), d.ntm_2019_count()), (8, 286, 264));
    assert_eq!((p.people, p.households, p.poor(), p.near_poor), (1_860_447, 620_149, 19_597, 20_990));
    assert_eq!(percent(p.poor_rate().unwrap(), Lang::Vi), "3,16 %");
    assert_eq!(p.poor_rate().unwrap().to_string(), "0.0316004702095786657722579574");
    assert_eq!(group(i128::from(i64::MAX), Lang::Vi), "9.223.372.036.854.775.807");
}

#[wasm_bindgen_test]
fn the_projection_is_bit_identical_to_native() {
    use gnbv_engine::{allocation::allocate, defaults, population::synthesize, simulation, standard::PovertyStandard};
    // engine/tests/simulation.rs asserts the same fingerprint natively: the full synthetic
    // population of 620,149 households, the default scenario, seed 2019, draws 0–2.
    let d = Dataset::builtin().unwrap();
    let scenario = defaults::scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, scenario.seed);
    let a = allocate(&scenario, &d);
    let model = simulation::Model::new(&d, &standard, &h, &scenario, &a);
    let draws = model.run(0..3);
    let province: Vec<u32> = draws.iter().map(|r| r.iter().map(|t| t.poor).sum()).collect();
    assert_eq!(province, [19_314, 17_801, 14_944]);
    assert_eq!(simulation::fingerprint(&draws), 0x1a64_699e_8d18_8976);
}

#[wasm_bindgen_test]
fn a_helpers_draws_reach_the_lead_as_they_were_counted() {
    use gnbv_app::protocol::{Response, ToWorker};
    use gnbv_engine::simulation::Tally;
    // Every count different, so that a count read into another's place shows.
    let tally = |k: u32| Tally {
        poor: k,
        near_poor: k + 1,
        poor_without_social_protection: k + 2,
        exits: k + 3,
        entries: k + 4,
        poor_or_near: k + 5,
        access: [k + 6, k + 7, k + 8, k + 9, k + 10],
        borrowers: k + 11,
        borrower_exits: k + 12,
        borrower_entries: u32::MAX - k,
    };
    let draws: Vec<Vec<Tally>> = (0..3).map(|d| (0..4).map(|c| tally(d * 100 + c * 20)).collect()).collect();
    let sent = serde_json::to_string(&Response::Draws { run: 7, from: 40, draws: draws.clone() }).unwrap();
    // The page forwards the helper's text to the lead unparsed: one JSON for both messages.
    assert!(sent.starts_with("{\"draws\":{\"run\":7,\"from\":40,\"draws\":[[0,1,2,3,4,5,6,7,8,9,10,11,12,"), "{sent}");
    match serde_json::from_str::<ToWorker>(&sent).unwrap() {
        ToWorker::Draws { run, from, draws: got } => assert_eq!((run, from, got), (7, 40, draws)),
        other => panic!("{other:?}"),
    }
    // A draw that is not whole communes' counts is refused, not read short.
    let bad = "{\"draws\":{\"run\":7,\"from\":40,\"draws\":[[1,2,3]]}}";
    let e = serde_json::from_str::<ToWorker>(bad).unwrap_err().to_string();
    assert!(e.contains("not 14 per commune"), "{e}");
}

#[wasm_bindgen_test]
async fn the_shell_shows_the_dataset_and_switches_language() {
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    // The dataset table is the Data screen; the router reads the page's URL.
    window.history().unwrap().push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/data")).unwrap();
    let doc = window.document().unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    gnbv_app::prepare().await;
    let handle = leptos::mount::mount_to(root.clone(), gnbv_app::App);
    settle().await;

    assert_eq!(root.query_selector_all("tr.district").unwrap().length(), 8);
    let text = root.text_content().unwrap();
    assert!(text.contains("620.149") && text.contains("3,16 %"), "Vietnamese formatting by default");
    assert_eq!(doc.document_element().unwrap().get_attribute("lang").as_deref(), Some("vi"));

    click(&root, "button.expand");
    settle().await;
    assert_eq!(root.query_selector_all("#communes-336 tr.commune").unwrap().length(), 19);

    click(&root, "button[lang=en]");
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("620,149") && text.contains("3.16 %"), "English formatting");
    assert_eq!(doc.document_element().unwrap().get_attribute("lang").as_deref(), Some("en"));
    let stored = window.local_storage().unwrap().unwrap().get_item("gnbv.lang").unwrap();
    assert_eq!(stored.as_deref(), Some("\"en\""));
    drop(handle);
}

/// The default scenario's first criteria line and the history that starts at that scenario.
fn history_with_criteria_line() -> (Dataset, gnbv_app::state::History, usize) {
    let d = Dataset::builtin().unwrap();
    let scenario = gnbv_engine::defaults::scenario(&d);
    let line = scenario
        .lines
        .iter()
        .position(|l| matches!(l.rule, gnbv_engine::line::Rule::Criteria(_)))
        .expect("the default scenario has a criteria line");
    (d, gnbv_app::state::History::new(scenario), line)
}

#[wasm_bindgen_test]
fn an_invalid_edit_is_refused_and_leaves_the_history_as_it_was() {
    use gnbv_engine::line::Rule;
    use gnbv_engine::money::Dong;
    use gnbv_engine::scenario::ScenarioProblem;
    let (d, mut history, line) = history_with_criteria_line();
    let before = history.clone();
    // A floor above its cap: each a whole number of rounding units, so only the order is wrong.
    let refused = history.edit(
        |s| {
            if let Rule::Criteria(c) = &mut s.lines[line].rule {
                let unit = c.rounding_unit.dong();
                c.cap = Some(Dong::new(unit));
                c.floor = Dong::new(2 * unit);
            }
        },
        |s| s.validate(&d),
    );
    let error = refused.expect_err("a floor above the cap is refused");
    assert_eq!(error.path, format!("lines[{line}].rule.criteria.floor"));
    assert_eq!(error.problem, ScenarioProblem::FloorAboveCap);
    assert!(error.message(Lang::Vi).contains(&error.path) && error.message(Lang::En).contains(&error.path));
    assert_eq!(history, before, "nothing goes into the history");
    assert!(!history.can_undo() && !history.can_redo());
}

#[wasm_bindgen_test]
fn a_valid_edit_adds_one_step() {
    use gnbv_engine::line::Rule;
    use gnbv_engine::money::Dong;
    let (d, mut history, line) = history_with_criteria_line();
    let start = history.current().clone();
    let added = history.edit(
        |s| {
            if let Rule::Criteria(c) = &mut s.lines[line].rule {
                let unit = c.rounding_unit.dong();
                c.floor = Dong::new(unit);
                c.cap = Some(Dong::new(1_000 * unit));
            }
        },
        |s| s.validate(&d),
    );
    assert_eq!(added, Ok(true));
    assert!(history.can_undo() && !history.can_redo());
    assert_ne!(history.current(), &start);
    history.undo();
    assert_eq!(history.current(), &start);
    assert!(!history.can_undo(), "exactly one step was added");
    // An edit that changes nothing adds no step, and needs no check.
    history.redo();
    let unchanged = history.edit(|_| {}, |_| Err::<(), _>("not asked"));
    assert_eq!(unchanged, Ok(false));
}
