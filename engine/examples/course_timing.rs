//! Times the parts of one Monte Carlo draw of every year (`cargo run --release --example
//! course_timing`): the first year to its end, the later year's targeting on that end
//! (`Model::on`), and the later year's draw.
use gnbv_engine::{dataset::Dataset, defaults, population::synthesize, simulation, standard::PovertyStandard};
use std::time::Instant;

fn main() {
    let d = Dataset::builtin().unwrap();
    let scenario = defaults::scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, scenario.seed);
    let years = scenario.all_years(&d);
    let t = Instant::now();
    let course = simulation::Course::new(&d, &standard, &h, &years).unwrap();
    println!("Course::new {:.1} ms, {} years", t.elapsed().as_secs_f64() * 1e3, course.years());
    let n = d.communes().len();
    let (mut first, mut on, mut later) = (0.0, 0.0, 0.0);
    let draws = 20;
    for draw in 0..draws {
        let mut out = vec![simulation::Tally::default(); n];
        let t = Instant::now();
        let start = course.first.draw_to_end(draw, &mut out);
        first += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let (year, one, _) = &years[1];
        let funded = simulation::Model::funded(&d, one, &years[1].2);
        let model = simulation::Model::on(&d, &standard, &h, start, scenario.seed ^ u64::from(*year), (one, &funded));
        on += t.elapsed().as_secs_f64();
        let t = Instant::now();
        model.draw(draw, &mut out);
        later += t.elapsed().as_secs_f64();
    }
    let ms = |s: f64| s * 1e3 / f64::from(draws);
    println!("per draw: first year {:.2} ms, Model::on {:.2} ms, later year {:.2} ms", ms(first), ms(on), ms(later));
}
