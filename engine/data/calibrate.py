#!/usr/bin/env python3
"""Builds the built-in Thái Bình end-2018 baseline from the GSO unit list.

Run from the repository root:

    python3 engine/data/calibrate.py ../shared/data/thai-binh-units-2019.csv

It writes engine/data/thai-binh-2019/{districts,communes}.csv. The method, every
anchor and its source are described in engine/data/README.md; keep the two in step.
The output is deterministic: no clock, no global random state, integer splits by
largest remainder with ties broken by GSO code.
"""

import csv
import sys
from fractions import Fraction
from pathlib import Path

OUT = Path(__file__).resolve().parent / "thai-binh-2019"

# --- Published anchors (see README.md, "Published figures") -------------------
PROVINCE_PEOPLE = 1_860_447  # 2019 census
CITY_POOR_2018 = 1_292  # TP Thái Bình end-2018, 2.06 %
CITY_RATE_2018 = Fraction(206, 10_000)
CITY_ESCAPED_2018 = 207
QUYNH_PHU_RATE_2018 = Fraction(160, 10_000)

# --- Illustrative assumptions ---------------------------------------------------
PEOPLE_PER_HOUSEHOLD = Fraction(3)  # province-wide average
PROVINCE_RATE_2018 = Fraction(316, 10_000)  # 2.66 % end-2019 + the 0.5-point target
INCOME_POOR_SHARE = Fraction(7562, 10_000)  # national 2015 census share
NEAR_POOR_PER_POOR = Fraction(1144, 1068)  # TP Thái Bình end-2019 ratio
ESCAPED_PER_POOR = Fraction(1, 5)
# Non-poor households with a member on monthly social assistance using ≤ 50 kWh a month
# (the electricity support's social-policy households, Decision 28/2014, case i).
SOCIAL_POLICY_SHARE = Fraction(8, 1000)
# Day for the Poor fund, 2018 targets (dantocmiennui.vn): district and commune levels, đồng.
DISTRICT_FUND = 3_600_000_000
COMMUNE_FUND = 5_500_000_000

# District-level units: GSO code, name in the unit list, population weight (2019
# census as recalled, not verified: used only as relative weights).
DISTRICTS = [
    (336, "Thành phố Thái Bình", 206_037),
    (338, "Huyện Quỳnh Phụ", 238_000),
    (339, "Huyện Hưng Hà", 254_000),
    (340, "Huyện Đông Hưng", 232_000),
    (341, "Huyện Thái Thụy", 266_000),
    (342, "Huyện Tiền Hải", 224_000),
    (343, "Huyện Kiến Xương", 222_000),
    (344, "Huyện Vũ Thư", 218_000),
]

# End-2018 poverty rates where no figure is published. Vũ Thư and Đông Hưng start
# from their published end-2019 rates (1.26 %, 1.01 %) plus about the province's
# yearly fall; the four districts with no figure share the rest, Hưng Hà and Kiến
# Xương weighted higher (facts.md §6.3: they must carry the province above the
# districts that were found).
FIXED_RATES = {344: Fraction(180, 10_000), 340: Fraction(155, 10_000)}
RESIDUAL_WEIGHTS = {341: Fraction(1), 342: Fraction(1), 339: Fraction(13, 10), 343: Fraction(13, 10)}

# Three of the 267 xã are outside the 264 counted for the 2019 new-rural target:
# Tây An and Tây Sơn (Tiền Hải), being merged into thị trấn Tiền Hải under the
# scheme the province approved in 2019 (NQ 44/NQ-HĐND), and Đông Hòa (TP Thái Bình),
# the city xã coded among the inner wards. A documented guess: see README.md.
NOT_NTM_2019 = {13006, 13015, 12457}

TYPE_POP_FACTOR = {"xã": Fraction(1), "thị trấn": Fraction(5, 4), "phường": Fraction(27, 20)}
TYPE_POOR_FACTOR = {"xã": Fraction(1), "thị trấn": Fraction(13, 20), "phường": Fraction(9, 20)}


def mix(code: int, salt: int) -> int:
    """splitmix64 of (code, salt): a stable pseudo-random 64-bit number."""
    z = (code * 0x9E3779B97F4A7C15 + salt * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return z ^ (z >> 31)


def jitter(code: int, salt: int, low: Fraction, high: Fraction) -> Fraction:
    u = Fraction(mix(code, salt) % 1_000_000, 1_000_000)
    return low + (high - low) * u


def split(total: int, weights, ids):
    """Largest remainder: whole shares of `total` in proportion to `weights`."""
    s = sum(weights)
    assert s > 0 and total >= 0
    exact = [Fraction(total) * w / s for w in weights]
    base = [int(e) for e in exact]
    left = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - base[i]), ids[i]))
    for i in order[:left]:
        base[i] += 1
    return base


def round_half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2))


def main(units_csv: str) -> None:
    with open(units_csv, encoding="utf-8") as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))]
    header, rows = rows[0], rows[1:]
    assert header == ["district", "commune", "type", "gso_code", "status_2020"], header
    code_of = {name: code for code, name, _ in DISTRICTS}
    units = [
        {"district": code_of[r[0]], "name": r[1], "type": r[2], "code": int(r[3])} for r in rows
    ]
    assert len(units) == 286

    dcodes = [d[0] for d in DISTRICTS]
    people = split(PROVINCE_PEOPLE, [d[2] for d in DISTRICTS], dcodes)
    province_hh = round_half_up(PROVINCE_PEOPLE / PEOPLE_PER_HOUSEHOLD)
    city_hh = round_half_up(CITY_POOR_2018 / CITY_RATE_2018)
    rest = split(province_hh - city_hh, people[1:], dcodes[1:])
    households = dict(zip(dcodes, [city_hh] + rest))

    poor = {336: CITY_POOR_2018, 338: round_half_up(households[338] * QUYNH_PHU_RATE_2018)}
    for code, rate in FIXED_RATES.items():
        poor[code] = round_half_up(households[code] * rate)
    target = round_half_up(province_hh * PROVINCE_RATE_2018)
    residual = target - sum(poor.values())
    rcodes = sorted(RESIDUAL_WEIGHTS)
    for code, n in zip(rcodes, split(residual, [households[c] * RESIDUAL_WEIGHTS[c] for c in rcodes], rcodes)):
        poor[code] = n

    # Day for the Poor district funds: the 2018 district-level target shared by households,
    # in whole thousands of đồng (illustrative).
    district_fund = dict(zip(dcodes, [k * 1000 for k in split(DISTRICT_FUND // 1000, [households[c] for c in dcodes], dcodes)]))

    out = []
    for (dcode, _, _), dpeople in zip(DISTRICTS, people):
        us = [u for u in units if u["district"] == dcode]
        ids = [u["code"] for u in us]
        w_pop = [TYPE_POP_FACTOR[u["type"]] * jitter(u["code"], 1, Fraction(65, 100), Fraction(135, 100)) for u in us]
        c_people = split(dpeople, w_pop, ids)
        w_hh = [p * jitter(u["code"], 2, Fraction(95, 100), Fraction(105, 100)) for p, u in zip(c_people, us)]
        c_hh = split(households[dcode], w_hh, ids)
        w_poor = [h * TYPE_POOR_FACTOR[u["type"]] * jitter(u["code"], 3, Fraction(35, 100), Fraction(190, 100)) for h, u in zip(c_hh, us)]
        c_poor = split(poor[dcode], w_poor, ids)
        # Splitting a smaller total by the poor counts never gives a commune more than its poor.
        c_income = split(round_half_up(poor[dcode] * INCOME_POOR_SHARE), c_poor, ids)
        near_total = round_half_up(poor[dcode] * NEAR_POOR_PER_POOR)
        w_near = [(p + Fraction(h, 200)) * jitter(u["code"], 4, Fraction(7, 10), Fraction(13, 10)) for p, h, u in zip(c_poor, c_hh, us)]
        c_near = split(near_total, w_near, ids)
        escaped_total = CITY_ESCAPED_2018 if dcode == 336 else round_half_up(poor[dcode] * ESCAPED_PER_POOR)
        c_escaped = split(escaped_total, [p + 1 for p in c_poor], ids)
        # Social-policy households of the electricity support: 0.8 % of the district's
        # non-poor households, split by non-poor households with a jitter.
        non_poor = [h - p for h, p in zip(c_hh, c_poor)]
        social_total = round_half_up(sum(non_poor) * SOCIAL_POLICY_SHARE)
        c_social = split(social_total, [n * jitter(u["code"], 5, Fraction(6, 10), Fraction(14, 10)) for n, u in zip(non_poor, us)], ids)

        for i, u in enumerate(us):
            per_village = 200 if u["type"] == "phường" else 250
            villages = max(3, round_half_up(Fraction(c_hh[i], per_village)))
            out.append({
                "gso_code": u["code"],
                "district_code": dcode,
                "name": u["name"],
                "type": u["type"],
                "ntm_2019": int(u["type"] == "xã" and u["code"] not in NOT_NTM_2019),
                "people": c_people[i],
                "households": c_hh[i],
                "poor_income": c_income[i],
                "poor_multidimensional": c_poor[i] - c_income[i],
                "near_poor": c_near[i],
                "escaped_last_year": c_escaped[i],
                "villages": villages,
                # Commune LĐTBXH officer and the vice-chair in charge, plus each village head.
                "poverty_cadres": 2 + villages,
                # Culture-information officer and the loudspeaker-station operator.
                "info_staff": 2,
                "social_protection": c_social[i],
            })

    # Day for the Poor commune funds: the 2018 commune-level target shared by households,
    # in whole thousands of đồng (illustrative).
    funds = split(COMMUNE_FUND // 1000, [r["households"] for r in out], [r["gso_code"] for r in out])
    for r, k in zip(out, funds):
        r["day_for_poor_fund"] = k * 1000

    OUT.mkdir(exist_ok=True)
    with open(OUT / "districts.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "type", "day_for_poor_fund"])
        for code, name, _ in DISTRICTS:
            kind, short = name.split(" ", 1) if name.startswith("Huyện") else ("Thành phố", name[len("Thành phố "):])
            w.writerow([code, short, "huyện" if kind == "Huyện" else "thành phố", district_fund[code]])
    with open(OUT / "communes.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(out[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    total_poor = sum(r["poor_income"] + r["poor_multidimensional"] for r in out)
    total_hh = sum(r["households"] for r in out)
    print(f"{len(out)} units, {total_hh} households, {total_poor} poor ({100 * total_poor / total_hh:.2f} %)")
    for code, name, _ in DISTRICTS:
        print(f"  {code} {name}: {households[code]} households, {poor[code]} poor ({100 * poor[code] / households[code]:.2f} %)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/thai-binh-units-2019.csv")
