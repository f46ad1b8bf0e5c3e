//! A synthetic household population for a dataset, built from each commune's counts and a
//! seed, that reproduces every commune's baseline poor (income and multidimensional) and
//! near-poor counts exactly under the standard. Method: `docs/households.md`.

use crate::dataset::{Area, Dataset};
use crate::households::{flag, Households};
use crate::rng::{Purpose, Stream};
use crate::standard::PovertyStandard;

/// Relative chance of each indicator (in the standard's order) being among a household's
/// deprivations. Illustrative: sanitation, water, housing and adult education are the most
/// common deprivations of poor households in MOLISA's reviews; health insurance is rare
/// because poor households receive it free.
const INDICATOR_WEIGHTS: [u32; 10] = [5, 3, 10, 4, 10, 8, 10, 14, 6, 8];

/// Relative chance of each cause (in [`Cause::ALL`] order) for poor and near-poor households.
const CAUSE_WEIGHTS: [u32; 8] = [30, 8, 15, 20, 15, 5, 5, 2];

/// Share of poor households on social-protection policy, in 1/65536 (about 15 %).
const SOCIAL_PROTECTION: u64 = 9_830;

/// The household classes a commune's counts ask for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    IncomePoor,
    MultidimPoor,
    NearPoor,
    AboveNearLine,
}

/// Builds the population of `dataset` under `standard` from `seed`.
///
/// For each commune, in GSO order: income-poor households get an income at or below the
/// poverty line; multidimensionally poor ones an income between the lines and 3–6
/// deprivations; near-poor ones an income between the lines and 0–2 deprivations; the rest
/// an income above the near-poverty line. Household sizes add up to the commune's people.
/// Households that escaped poverty last year are the near-poor and then the non-poor with
/// the lowest incomes; the commune's social-policy households are spread evenly over its
/// households that are not poor (and about 15 % of the poor are on social protection too). Everything is drawn from a counter-based stream, so the same seed
/// gives the same population everywhere.
#[must_use]
pub fn synthesize(dataset: &Dataset, standard: &PovertyStandard, seed: u64) -> Households {
    let stream = Stream::new(seed, u32::MAX, Purpose::Population);
    let weights: Vec<u32> =
        (0..standard.indicators.len()).map(|i| INDICATOR_WEIGHTS.get(i).copied().unwrap_or(5)).collect();
    let total: usize = dataset.communes().iter().map(|c| c.counts.households as usize).sum();
    let mut out = Households::default();
    out.commune.reserve(total);
    let mut counter: u64 = 0;
    let mut next = || {
        counter += 1;
        stream.bits(counter)
    };
    for (ci, commune) in dataset.communes().iter().enumerate() {
        let c = &commune.counts;
        let area = commune.kind.area();
        let line = standard.poverty_line.of(area).get() as u64;
        let near = standard.near_poverty_line.of(area).get() as u64;
        let n = c.households as usize;
        let mut kinds = Vec::with_capacity(n);
        kinds.extend(std::iter::repeat_n(Kind::IncomePoor, c.poor_income as usize));
        kinds.extend(std::iter::repeat_n(Kind::MultidimPoor, c.poor_multidimensional as usize));
        kinds.extend(std::iter::repeat_n(Kind::NearPoor, c.near_poor as usize));
        kinds.resize(n, Kind::AboveNearLine);
        // Shuffle (Fisher–Yates) so that row order carries no information.
        for i in (1..n).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            kinds.swap(i, j);
        }
        let sizes = household_sizes(c.people, n, &mut next);
        let start = out.len();
        for (i, kind) in kinds.iter().enumerate() {
            let r = next();
            let u = |shift: u32| (r >> shift) & 0xFFFF; // 16-bit uniforms
            let (income, deprivations) = match kind {
                Kind::IncomePoor => (line / 2 + (line - line / 2) * u(0) / 0xFFFF, 0..=5),
                Kind::MultidimPoor => (line + 1 + (near - line - 1) * u(0) / 0xFFFF, 3..=6),
                Kind::NearPoor => (line + 1 + (near - line - 1) * u(0) / 0xFFFF, 0..=2),
                // Above the near-poverty line: near × (1 + 5·U₁·U₂ + 2·U₃), most mass close to it.
                Kind::AboveNearLine => (near + 1 + near * (5 * u(0) * u(16) / 0xFFFF + 2 * u(32)) / 0xFFFF, 0..=2),
            };
            let span = (deprivations.end() - deprivations.start() + 1) as u64;
            let count = deprivations.start() + (u(48) * span / 0x1_0000) as u32;
            let deprivation_bits = pick_bits(&weights, count.min(weights.len() as u32), &mut next);
            let poor = matches!(kind, Kind::IncomePoor | Kind::MultidimPoor);
            let causes = if poor || *kind == Kind::NearPoor {
                let r = next();
                let first = pick_bits(&CAUSE_WEIGHTS, 1, &mut || r);
                if r >> 60 < 6 {
                    first
                } else {
                    first | pick_bits(&CAUSE_WEIGHTS, 1, &mut || mix_more(r))
                }
            } else {
                0
            };
            let mut flags = if area == Area::Urban { flag::URBAN } else { 0 };
            if poor && (next() & 0xFFFF) < SOCIAL_PROTECTION {
                flags |= flag::SOCIAL_PROTECTION;
            }
            out.push(ci as u16, sizes[i], u32::try_from(income).unwrap_or(u32::MAX), deprivation_bits, causes, flags);
        }
        // Escaped last year: the near-poor, then the non-poor, with the lowest incomes.
        let mut candidates: Vec<usize> =
            (0..n).filter(|&i| matches!(kinds[i], Kind::NearPoor | Kind::AboveNearLine)).collect();
        candidates.sort_by_key(|&i| (kinds[i] != Kind::NearPoor, out.income[start + i], i));
        for &i in candidates.iter().take(c.escaped_last_year as usize) {
            out.flags[start + i] |= flag::ESCAPED;
        }
        // Social-policy households (not poor, a member on monthly social assistance): evenly
        // spaced over the non-poor rows, whose order the shuffle made random.
        let non_poor: Vec<usize> =
            (0..n).filter(|&i| matches!(kinds[i], Kind::NearPoor | Kind::AboveNearLine)).collect();
        let wanted = (c.social_protection as usize).min(non_poor.len());
        for k in 0..wanted {
            out.flags[start + non_poor[k * non_poor.len() / wanted]] |= flag::SOCIAL_PROTECTION;
        }
    }
    out.recorded = flag::ESCAPED | flag::SOCIAL_PROTECTION;
    out.finish()
}

fn mix_more(r: u64) -> u64 {
    crate::rng::mix(r ^ 0xA5A5_A5A5_A5A5_A5A5)
}

/// Household sizes adding up to `people`: an even split, then random moves of one member
/// between neighbours for variety (the total never changes, no household drops below 1).
fn household_sizes(people: u64, n: usize, next: &mut impl FnMut() -> u64) -> Vec<u8> {
    if n == 0 {
        return Vec::new();
    }
    let base = (people / n as u64).min(200) as u8;
    let extra = (people - u64::from(base) * n as u64).min(n as u64) as usize;
    let mut sizes: Vec<u8> = (0..n).map(|i| base + u8::from(i < extra)).collect();
    for i in 0..n.saturating_sub(1) {
        let r = next();
        // About half the pairs move one member; a few move two.
        let moves = [0u8, 0, 1, 1, 1, 2][(r % 6) as usize];
        for _ in 0..moves {
            let (from, to) = if r & 0x100 == 0 { (i, i + 1) } else { (i + 1, i) };
            if sizes[from] > 1 && sizes[to] < 12 {
                sizes[from] -= 1;
                sizes[to] += 1;
            }
        }
    }
    sizes
}

/// `count` distinct bits drawn without replacement, each in proportion to its weight.
fn pick_bits(weights: &[u32], count: u32, next: &mut impl FnMut() -> u64) -> u16 {
    let mut chosen = 0u16;
    for _ in 0..count {
        let left: u64 =
            weights.iter().enumerate().filter(|(i, _)| chosen & (1 << i) == 0).map(|(_, &w)| u64::from(w)).sum();
        if left == 0 {
            break;
        }
        let mut target = next() % left;
        for (i, &w) in weights.iter().enumerate() {
            if chosen & (1 << i) != 0 {
                continue;
            }
            if target < u64::from(w) {
                chosen |= 1 << i;
                break;
            }
            target -= u64::from(w);
        }
    }
    chosen
}

/// A template of the household file: the header and the first `rows` households of the
/// synthetic population for `dataset` (seed 1), as examples of every column.
#[must_use]
pub fn household_template(dataset: &Dataset, standard: &PovertyStandard, rows: usize) -> String {
    let population = synthesize(dataset, standard, 1);
    let text = population.to_csv(dataset, standard);
    let mut out = String::from('\u{feff}');
    for line in text.lines().take(rows + 1) {
        out.push_str(line);
        out.push_str("\r\n");
    }
    out
}
