#!/usr/bin/env python3
"""Writes tests/fixtures/thuc-hien-2019.csv: illustrative actuals for the default scenario.

Two periods: to 30 June 2019 (35 % of each cell's money, half of its units, rounded up) and
to 30 September 2019 (a further 30 %, a quarter, rounded down). Made from `gnbv allocate --json` of the
default scenario, so the rows always fit the plan; the figures are invented (docs/monitoring.md).
Run: gnbv scenario default > s.json; gnbv allocate --scenario s.json --json | python3 this.py s.json
A cell without units (a demand line of cadres or communes) counts its money at the program's
unit cost.
"""
import csv
import json
import sys

PERIODS = [("2019-06-30", 35, 2), ("2019-09-30", 30, 4)]


def main() -> None:
    report = json.load(sys.stdin)
    scenario = json.load(open(sys.argv[1], encoding="utf-8"))
    unit_cost = {p["id"]: p["unit_cost"] for p in scenario["programs"]}
    out = csv.writer(open("tests/fixtures/thuc-hien-2019.csv", "w", encoding="utf-8", newline=""), lineterminator="\n")
    out.writerow(["reporting_date", "commune_code", "program", "source", "disbursed",
                  "households_supported", "loans_disbursed", "people_trained", "models_started"])
    for date, percent, unit_share in PERIODS:
        for c in report["cells"]:
            amount = c["amount"]
            if amount <= 0:
                continue
            code = "" if c["recipient"]["level"] == "province" else c["recipient"]["code"]
            units = c.get("units")
            if units is None:
                units = amount // unit_cost[c["program"]] if unit_cost.get(c["program"]) else 0
            # Half of the units (rounded up) in the first period, a quarter in the second.
            units = (units + 1) // 2 if unit_share == 2 else units // unit_share
            loans = units if c["source"].startswith("vbsp") else 0
            households = 0 if loans else units
            trained = units if c["program"] in ("p4b", "p5a", "vocational") else 0
            if trained:
                households = 0
            models = units if c["program"] == "p3b" else 0
            if models:
                households = 0
            out.writerow([date, code, c["program"], c["source"], amount * percent // 100,
                          households, loans, trained, models])


if __name__ == "__main__":
    main()
