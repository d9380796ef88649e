#!/usr/bin/env python3
"""Writes data/voorbeeld/waarnemingen_regio.csv: synthetic KPI values per GGD region and
income quintile for the KPIs of the central mission (deterministic; no randomness).

How the numbers are made (they show how gemeten works; they are NOT statistics about the
Netherlands):
- the national series are those of tools/voorbeelddata.py (healthy life expectancy
  63.0 + 0.25 a year, 2021 dipped by 0.8; SES gap 15.0 - 0.12 a year);
- each GGD region gets a fixed shift of -2.0..+2.0 years, derived from its CBS code (CRC32),
  and a size (respondents) of 4,000..16,000;
- the quintiles q1..q5 sit at -0.52, -0.20, +0.05, +0.22, +0.45 times the SES gap from the
  total (they average to it; q1 to q5 spans 0.97 of the gap);
- the 95 % interval is value +- 1.96 * 15 / sqrt(n);
- a few cells of GGD Zeeland's lowest quintile get n < 10 to show the web application's
  small-cell suppression.
"""
import csv
import math
import os
import zlib

ROOT = os.path.join(os.path.dirname(__file__), "..")
REGIONS = os.path.join(ROOT, "crates", "indicators", "data", "regios.csv")
OUT = os.path.join(ROOT, "data", "voorbeeld", "waarnemingen_regio.csv")
SOURCE = "synthetisch voorbeeld (tools/voorbeeldregio.py): landelijke reeks met vaste regio- en SES-verschuiving, geen echte cijfers"
YEARS = range(2019, 2025)
QUINTILES = [("q1", -0.52), ("q2", -0.20), ("q3", 0.05), ("q4", 0.22), ("q5", 0.45)]
SMALL = {("GG5006", "q1", 2019): 4, ("GG5006", "q1", 2020): 7, ("GG5006", "q1", 2021): 9}


def national_hle(year):
    i = year - 2019
    return 63.0 + 0.25 * i - (0.8 if year == 2021 else 0.0)


def national_gap(year):
    return 15.0 - 0.12 * (year - 2019)


def fraction(code, salt):
    """A fixed number in [0, 1) per region code."""
    return zlib.crc32(f"{salt}:{code}".encode()) / 2**32


def row(kpi, year, region, ses, value, n):
    half = 1.96 * 15 / math.sqrt(n)
    return [kpi, year, region, "", ses, "", f"{value:.2f}", f"{value - half:.2f}",
            f"{value + half:.2f}", SOURCE, n, "ja"]


def rows():
    with open(REGIONS, newline="", encoding="utf-8") as f:
        ggd = [r["code"] for r in csv.DictReader(f) if r["level"] == "ggd"]
    out = []
    for year in YEARS:
        hle, gap = national_hle(year), national_gap(year)
        for q, share in QUINTILES:
            out.append(row("gezonde_levensverwachting", year, "NL01", q, hle + share * gap, 40_000))
        for code in ggd:
            shift = -2.0 + 4.0 * fraction(code, "shift")
            size = 4_000 + round(12_000 * fraction(code, "size"))
            out.append(row("gezonde_levensverwachting", year, code, "", hle + shift, size))
            # A region's gap moves with its shift: poorer regions have wider gaps.
            region_gap = gap - 0.6 * shift
            out.append(row("ses_verschil_gezonde_levensverwachting", year, code, "", region_gap, size))
            for q, share in QUINTILES:
                n = SMALL.get((code, q, year), size // 5)
                out.append(row("gezonde_levensverwachting", year, code, q, hle + shift + share * region_gap, n))
    return out


if __name__ == "__main__":
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kpi", "period", "region", "sex", "ses", "age_band", "value", "lower", "upper", "source", "n", "synthetisch"])
        w.writerows(rows())
