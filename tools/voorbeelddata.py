#!/usr/bin/env python3
"""Writes the synthetic sample data in data/voorbeeld/ (deterministic; no randomness).

The numbers are made up from a simple model (Gompertz-Makeham mortality, logistic
prevalence of good perceived health, a gradient over five income quintiles). They show
how gemeten works; they are not statistics about the Netherlands.
"""
import math
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "data", "voorbeeld")
BANDS = [(0, 1), (1, 4)] + [(x, 5) for x in range(5, 85, 5)] + [(85, None)]
SES_HAZARD = [1.45, 1.2, 1.0, 0.88, 0.75]


def label(start, width):
    if width is None:
        return f"{start}+"
    return str(start) if width == 1 else f"{start}-{start + width - 1}"


def hazard(age, sex, ses):
    base = 0.0035 if age == 0 else 0.0001 + 0.00002 * math.exp(0.097 * age)
    return base * (1.3 if sex == 1 else 1.0) * SES_HAZARD[ses - 1]


def good_health(age, ses):
    return 1 / (1 + math.exp(-(3.4 - 0.045 * age + 0.18 * (ses - 3))))


def table():
    rows = ["sex,ses,age,deaths,population,good_health,health_n"]
    for sex in (1, 2):
        for ses in range(1, 6):
            for start, width in BANDS:
                ages = range(start, start + (width or 20))
                # A flat-ish population that thins out at old age.
                pop = sum(round(40_000 * math.exp(-max(0, a - 60) * 0.06)) for a in ages)
                deaths = round(sum(hazard(a, sex, ses) * 40_000 * math.exp(-max(0, a - 60) * 0.06) for a in ages))
                prev = sum(good_health(a, ses) for a in ages) / len(ages)
                health_n = max(50, pop // 100)
                rows.append(f"{sex},{ses},{label(start, width)},{deaths},{pop},{prev:.4f},{health_n}")
    return "\n".join(rows) + "\n"


def observations():
    rows = ["kpi,period,region,sex,ses,age_band,value,lower,upper,source,synthetisch"]
    src = "synthetisch voorbeeld (tools/voorbeelddata.py)"
    for i, year in enumerate(range(2019, 2025)):
        hle = 63.0 + 0.25 * i - (0.8 if year == 2021 else 0.0)
        rows.append(f"gezonde_levensverwachting,{year},NL01,,,,{hle:.2f},,,{src},ja")
        gap = 15.0 - 0.12 * i
        rows.append(f"ses_verschil_gezonde_levensverwachting,{year},NL01,,,,{gap:.2f},,,{src},ja")
        rows.append(f"aandeel_meedoen_chronisch_ziek,{year},NL01,,,,{52.0 + 0.9 * i:.2f},,,{src},ja")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "sterfte_gezondheid_ses.csv"), "w") as f:
        f.write(table())
    with open(os.path.join(OUT, "waarnemingen.csv"), "w") as f:
        f.write(observations())
