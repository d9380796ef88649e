"""gemeten as a vantage6 algorithm.

`partial` runs at every data holder's node: `gemeten aggregate` over the node's microdata,
returning only partial counts per cell (under the small-cell policy the researcher chose),
with provenance and checksum. `central` starts `partial` at the chosen organisations,
collects their counts and runs `gemeten combine`: the same life tables, healthy life
expectancy, SES gaps and KPI observations as one run over all the rows would give.

The wrapper only moves files between vantage6 and the gemeten binary; every number is
computed by gemeten.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import wraps
from pathlib import Path
from typing import Any

from vantage6.algorithm.tools.decorators import algorithm_client

from .uitvoeren import GemetenFout, gemeten, lees_json

__all__ = ["partial", "central", "GemetenFout"]

# What a node returns when gemeten refused its data: gemeten's reason (file name, line,
# column, value) and nothing else, so that the researcher's task fails naming the node and
# the reason instead of "no result".
FOUT_FORMAT = "gemeten-fout"
FOUT_LEDEN = {"format", "fout"}

# What a node may return: the partial-count file's own members, nothing else.
DEELTELLING_LEDEN = {
    "format",
    "definition_version",
    "herkomst",
    "by",
    "small_cells",
    "suppressed_cells",
    "cells",
    "checksum",
}


def _microdata(func):
    """Like vantage6's `@data(1)`, but gemeten reads the node's file itself.

    On a node, the database the researcher chose is a CSV or Parquet file
    (`<LABEL>_DATABASE_URI`, `<LABEL>_DATABASE_TYPE`); gemeten reads it directly, so the
    provenance names that file and its SHA-256 and no copy of the rows is made. Under
    vantage6's MockAlgorithmClient the data arrive as a pandas DataFrame; it is written to a
    CSV in a temporary folder first.
    """

    @wraps(func)
    def decorator(*args, mock_data=None, **kwargs):
        with tempfile.TemporaryDirectory(dir=os.environ.get("TEMPORARY_FOLDER")) as tmp:
            tmp = Path(tmp)
            if mock_data is not None:
                path = tmp / "microdata.csv"
                mock_data[0].to_csv(path, index=False)
            else:
                labels = os.environ.get("USER_REQUESTED_DATABASE_LABELS", "")
                label = labels.split(",")[0].strip().upper()
                if not label:
                    raise GemetenFout("geen database gekozen voor deze taak")
                kind = os.environ.get(f"{label}_DATABASE_TYPE", "csv").lower()
                if kind not in ("csv", "parquet"):
                    raise GemetenFout(
                        f"database '{label.lower()}' is van het type {kind}; "
                        "gemeten leest CSV of Parquet"
                    )
                path = Path(os.environ[f"{label}_DATABASE_URI"])
            return func(path, tmp, *args, **kwargs)

    # The mock client passes the data to functions that carry this mark.
    decorator.wrapped_in_data_decorator = True
    return decorator


@_microdata
def partial(
    microdata: Path,
    tmp: Path,
    by: str = "sex,ses",
    small_cells: str = "keep",
    holder: str = "onbekende houder",
    lang: str = "nl",
) -> dict:
    """At a data holder: partial counts per cell of the node's microdata.

    `small_cells` is `keep` (exact, for combining between trusted parties) or a number N:
    cells with fewer than N persons are left out and counted. If gemeten refuses the data
    (a missing column, a code outside the definition), the result is gemeten's reason in
    `lang`, with the file's name instead of its path on the node.
    """
    out = tmp / "deeltelling.json"
    try:
        _aggregate(microdata, tmp, out, by, small_cells, holder, lang)
    except GemetenFout as e:
        reden = str(e).replace(str(microdata), microdata.name)
        return {"format": FOUT_FORMAT, "fout": reden}
    return lees_json(out)


def _aggregate(microdata, tmp, out, by, small_cells, holder, lang) -> None:
    gemeten(
        [
            "--lang",
            lang,
            "aggregate",
            str(microdata),
            "--by",
            by,
            "--holder",
            holder,
            "--small-cells",
            str(small_cells),
            "--out",
            str(out),
        ],
        cwd=tmp,
    )


def _naam(client, org: int) -> str:
    org_info = client.organization.get(org)
    name = org_info.get("name") if isinstance(org_info, dict) else None
    return f"organisatie {org} ({name})" if name else f"organisatie {org}"


@algorithm_client
def central(
    client,
    by: str = "sex,ses",
    small_cells: str = "keep",
    organizations: list[int] | None = None,
    min_cell: float = 1000,
    age: int = 0,
    single_year: bool = False,
    open_age: int | None = None,
    period: str | None = None,
    region: str = "NL01",
    ses_dimension: str = "inkomen5",
    lang: str = "nl",
) -> dict[str, Any]:
    """Starts `partial` at every chosen organisation, checks what comes back and combines it.

    Returns the combined life tables (`resultaat`, as `gemeten combine --json` gives them),
    one line per node (`knooppunten`: holder, rows, cells, suppressed cells, the SHA-256 of
    its microdata) and, with a `period`, the result as KPI observations in gemeten's own
    CSV (`waarnemingen_csv`) for `gemeten kpi import`.
    """
    if organizations is None:
        organizations = [o["id"] for o in client.organization.list()]
    if not organizations:
        raise GemetenFout("geen organisaties gekozen")

    # One task per organisation: its result is then known to be that node's, and the holder
    # name recorded in the counts is the organisation's.
    deeltellingen: dict[int, tuple[str, dict]] = {}
    for org in organizations:
        naam = _naam(client, org)
        task = client.task.create(
            input_={
                "method": "partial",
                "kwargs": {
                    "by": by,
                    "small_cells": str(small_cells),
                    "holder": naam,
                    "lang": lang,
                },
            },
            organizations=[org],
            name="gemeten: deeltelling",
            description=f"gemeten aggregate --by {by} --small-cells {small_cells}",
        )
        results = client.wait_for_results(task_id=task.get("id"))
        if len(results) != 1 or not isinstance(results[0], dict):
            raise GemetenFout(f"{naam}: gaf geen deeltelling terug (is de taak daar mislukt?)")
        result = results[0]
        if result.get("format") == FOUT_FORMAT and set(result) == FOUT_LEDEN:
            raise GemetenFout(f"{naam}: {result['fout']}")
        extra = set(result) - DEELTELLING_LEDEN
        if result.get("format") != "gemeten-deeltelling" or extra:
            raise GemetenFout(
                f"{naam}: gaf iets anders terug dan een deeltelling van gemeten"
                + (f" (onbekende velden: {', '.join(sorted(extra))})" if extra else "")
            )
        deeltellingen[org] = (naam, result)

    with tempfile.TemporaryDirectory(dir=os.environ.get("TEMPORARY_FOLDER")) as tmp:
        tmp = Path(tmp)
        files = {}
        for org, (naam, result) in deeltellingen.items():
            path = tmp / f"organisatie-{org}.json"
            # Written back as received: gemeten checks the checksum over these counts.
            path.write_text(json.dumps(result), encoding="utf-8")
            files[path.name] = naam
        args = ["--lang", lang, "combine", *sorted(files), "--json"]
        args += ["--min-cell", str(min_cell), "--age", str(age)]
        if single_year:
            args.append("--single-year")
        if open_age is not None:
            args += ["--open-age", str(open_age)]
        observations = tmp / "waarnemingen.csv"
        if period is not None:
            args += ["--observations", str(observations), "--period", str(period)]
            args += ["--region", region, "--ses-dimension", ses_dimension]
        try:
            out = gemeten(args, cwd=tmp)
        except GemetenFout as e:
            message = str(e)
            # gemeten names the file; the researcher knows the node.
            for file, naam in files.items():
                message = message.replace(str(tmp / file), naam).replace(file, naam)
            raise GemetenFout(message) from None
        resultaat = json.loads(out)
        waarnemingen = observations.read_text(encoding="utf-8") if period is not None else None

    knooppunten = [
        {
            "organisatie": org,
            "houder": naam,
            "rijen": r["herkomst"]["rows"],
            "cellen": len(r["cells"]),
            "weggelaten_cellen": r["suppressed_cells"],
            "microdata_sha256": r["herkomst"]["source_sha256"],
        }
        for org, (naam, r) in deeltellingen.items()
    ]
    return {
        "resultaat": resultaat,
        "knooppunten": knooppunten,
        "waarnemingen_csv": waarnemingen,
    }
