//! Times the parts of one Monte Carlo draw of every year (`cargo run --release --example
//! course_timing [draws]`): the first year to its end, the later year's targeting on that end
//! (`Model::on`), and the later year's draw. Prints each part's fastest and median draw (the
//! fastest is the steadier figure on a shared machine).
use gnbv_engine::{dataset::Dataset, defaults, population::synthesize, simulation, standard::PovertyStandard};
use std::time::Instant;

fn main() {
    let draws: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let d = Dataset::builtin().unwrap();
    let scenario = defaults::scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, scenario.seed);
    let years = scenario.all_years(&d);
    let t = Instant::now();
    let course = simulation::Course::new(&d, &standard, &h, &years).unwrap();
    println!("Course::new {:.1} ms, {} years", t.elapsed().as_secs_f64() * 1e3, course.years());
    let n = d.communes().len();
    let (year, one, allocation) = &years[1];
    let funded = simulation::Model::funded(&d, one, allocation);
    let mut parts: [Vec<f64>; 3] = Default::default();
    for draw in 0..draws {
        let mut out = vec![simulation::Tally::default(); n];
        let t = Instant::now();
        let start = course.first.draw_to_end(draw, &mut out);
        parts[0].push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let model = simulation::Model::on(&d, &standard, &h, start, scenario.seed ^ u64::from(*year), (one, &funded));
        parts[1].push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        model.draw(draw, &mut out);
        parts[2].push(t.elapsed().as_secs_f64());
    }
    let [first, on, later] = parts.map(|mut v| {
        v.sort_by(f64::total_cmp);
        (v[0] * 1e3, v[v.len() / 2] * 1e3)
    });
    println!(
        "per draw, fastest (median): first year {:.2} ({:.2}) ms, Model::on {:.2} ({:.2}) ms, later year {:.2} ({:.2}) ms",
        first.0, first.1, on.0, on.1, later.0, later.1
    );
}
