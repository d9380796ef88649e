"""gemeten as a vantage6 algorithm, run with vantage6's MockAlgorithmClient (no server):
three synthetic nodes, and the central result compared with one run of `gemeten hle` over
all rows.

Run: GEMETEN_BIN=target/debug/gemeten python -m unittest discover -s federatie/vantage6/tests
(`cargo test -p gemeten-cli --test vantage6` does this in a virtual environment)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import subprocess
import tempfile
import unittest
from pathlib import Path

import pandas as pd
from vantage6.algorithm.tools.mock_client import MockAlgorithmClient

import gemeten_v6
from gemeten_v6 import GemetenFout

COLUMNS = ["persoon_id", "age", "sex", "ses", "exposure", "died", "good_health"]


def personen(n: int, seed: int) -> pd.DataFrame:
    """Synthetic person rows with a unique identifier each (to look for in what nodes
    return) and fractional exposures, as real person-years are."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        age = rnd.randrange(96)
        ses = rnd.randint(1, 5)
        died = int(rnd.random() < 0.0004 * age * age / 10 + (6 - ses) * 0.002)
        exposure = round(rnd.uniform(0.05, 1.0), 6) if died else round(rnd.uniform(0.5, 1.0), 6)
        good = int(rnd.random() * 100 + age / 2 < 70 + ses * 4)
        rows.append((f"P{seed:02d}-{i:06d}-X", age, rnd.randint(1, 2), ses, exposure, died, good))
    return pd.DataFrame(rows, columns=COLUMNS)


def mock(frames: list[pd.DataFrame]) -> MockAlgorithmClient:
    return MockAlgorithmClient(
        datasets=[[{"database": f, "db_type": "csv"}] for f in frames],
        module="gemeten_v6",
    )


def gemeten_bin() -> str:
    return os.environ["GEMETEN_BIN"]


def single_run(frames: list[pd.DataFrame], tmp: Path, *extra: str) -> dict:
    """`gemeten hle` over all rows at once: what the federated run must equal."""
    whole = tmp / "alles.csv"
    pd.concat(frames).to_csv(whole, index=False)
    out = subprocess.run(
        [gemeten_bin(), "--db", str(tmp / "x.sqlite"), "hle", str(whole), "--by", "sex,ses",
         "--min-cell", "100", "--json", *extra],
        capture_output=True, text=True, check=True, cwd=tmp,
    )
    return json.loads(out.stdout)


def controlegetal(part: dict) -> str:
    """gemeten's checksum, recomputed here: SHA-256 of the file's compact JSON without the
    checksum (members in the file's order). The file holds only whole numbers and texts,
    so this spelling is the one gemeten writes."""
    copy = dict(part, checksum="")
    text = json.dumps(copy, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def op_weg(change):
    """A MockAlgorithmClient whose results are changed by `change(result)` between the
    nodes and the central function."""

    class OpWeg(MockAlgorithmClient):
        def wait_for_results(self, task_id, interval=1):
            results = super().wait_for_results(task_id, interval)
            for r in results:
                change(r)
            return results

    return OpWeg


def van_organisatie(r: dict, n: int) -> bool:
    return isinstance(r, dict) and r.get("herkomst", {}).get("holder", "").startswith(
        f"organisatie {n}"
    )


def zonder_bron(text: str) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        r.pop("source")
    return rows


class Federatie(unittest.TestCase):
    def setUp(self):
        self.frames = [personen(4000, 1), personen(3000, 2), personen(5000, 3)]
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)

    def tearDown(self):
        self._tmp.cleanup()

    def central(self, client, **kwargs) -> dict:
        """The central function as the researcher's task runs it; the mock client then
        holds the partial tasks' results as they travelled (JSON)."""
        uitkomst = gemeten_v6.central(mock_client=client, min_cell=100, **kwargs)
        # What the researcher receives travels as JSON too.
        return json.loads(json.dumps(uitkomst))

    def test_central_result_equals_one_run_over_all_rows(self):
        client = mock(self.frames)
        uitkomst = self.central(client, period="2024")
        r = uitkomst["resultaat"]
        obs = self.tmp / "enkel.csv"
        single = single_run(self.frames, self.tmp, "--observations", str(obs), "--period", "2024")
        # Every number exactly, fractional person-years and all: the life tables, every
        # age's expectancies with intervals and standard errors, the SES gaps. (gemeten
        # counts person-years in whole billionths, so the nodes' sums add up to the single
        # run's whatever the order.)
        combined = r.pop("combined")
        self.assertEqual(r, single)
        self.assertEqual(len(r["groups"]), 10)
        self.assertTrue(any(g["exposure"] != int(g["exposure"]) for g in r["groups"]))
        r["combined"] = combined
        self.assertTrue(r["combined"]["exact"])
        self.assertEqual([k["rijen"] for k in uitkomst["knooppunten"]], [4000, 3000, 5000])
        # The KPI observations are the single run's, row for row (only the source differs).
        federated = zonder_bron(uitkomst["waarnemingen_csv"])
        self.assertEqual(federated, zonder_bron(obs.read_text()))
        kpis = {row["kpi"] for row in federated}
        self.assertEqual(
            kpis,
            {"levensverwachting", "gezonde_levensverwachting",
             "ses_verschil_gezonde_levensverwachting"},
        )
        self.assertIn("gefedereerd", uitkomst["waarnemingen_csv"])

    def test_no_row_level_value_leaves_a_node(self):
        client = mock(self.frames)
        self.central(client)
        # The partial results as the mock server stored them (what travelled).
        partials = [json.loads(r["result"]) for r in client.results]
        self.assertEqual(len(partials), 3)
        for frame, part in zip(self.frames, partials):
            self.assertLessEqual(set(part), gemeten_v6.DEELTELLING_LEDEN)
            text = json.dumps(part)
            for pid in frame["persoon_id"]:
                self.assertNotIn(pid, text)
            # Cells, not persons: at most one entry per sex x SES x single year of age.
            self.assertLessEqual(len(part["cells"]), 2 * 5 * 96)
            self.assertLess(len(part["cells"]), len(frame))
            for cell in part["cells"]:
                self.assertEqual(set(cell), {"key", "age", "deaths", "exposure_e9", "persons",
                                             "health_n", "good"})

    def test_small_cell_policy_holds_per_node(self):
        client = mock(self.frames)
        uitkomst = self.central(client, small_cells="10")
        partials = [json.loads(r["result"]) for r in client.results]
        for part in partials:
            self.assertEqual(part["small_cells"], {"policy": "suppress", "min": 10})
            self.assertGreater(part["suppressed_cells"], 0)
            for cell in part["cells"]:
                self.assertGreaterEqual(cell["persons"], 10)
        self.assertFalse(uitkomst["resultaat"]["combined"]["exact"])
        self.assertEqual(
            uitkomst["resultaat"]["combined"]["suppressed_cells"],
            sum(p["suppressed_cells"] for p in partials),
        )

    def test_a_node_with_another_breakdown_fails_the_task_naming_it(self):
        original = gemeten_v6.partial

        def eigenwijs(*args, **kwargs):
            if kwargs.get("holder", "").startswith("organisatie 1"):
                kwargs["by"] = "sex"
            return original(*args, **kwargs)

        eigenwijs.wrapped_in_data_decorator = True
        gemeten_v6.partial = eigenwijs
        try:
            with self.assertRaises(GemetenFout) as e:
                self.central(mock(self.frames))
        finally:
            gemeten_v6.partial = original
        self.assertIn("organisatie 1", str(e.exception))
        self.assertNotIn("organisatie-1.json", str(e.exception))

    def test_the_same_data_at_two_nodes_is_refused(self):
        with self.assertRaises(GemetenFout) as e:
            self.central(mock([self.frames[0], self.frames[1], self.frames[0].copy()]))
        self.assertIn("organisatie 2", str(e.exception))

    def test_a_result_tampered_with_on_the_way_is_refused(self):
        def een_sterfgeval_erbij(r):
            if van_organisatie(r, 2):
                r["cells"][0]["deaths"] += 1

        def een_miljardste_persoonsjaar_erbij(r):
            if van_organisatie(r, 2):
                r["cells"][0]["exposure_e9"] += 1

        for change in (een_sterfgeval_erbij, een_miljardste_persoonsjaar_erbij):
            client = op_weg(change)(
                datasets=[[{"database": f, "db_type": "csv"}] for f in self.frames],
                module="gemeten_v6",
            )
            with self.assertRaises(GemetenFout) as e:
                self.central(client)
            self.assertIn("organisatie 2", str(e.exception))
            self.assertIn("controlegetal", str(e.exception))

    def test_a_node_of_another_definition_version_fails_the_task_naming_it(self):
        # As a node running a gemeten of another definition would send it: a consistent
        # file (its checksum recomputed) of version 1.
        def andere_versie(r):
            if van_organisatie(r, 1):
                self.assertEqual(controlegetal(r), r["checksum"], "the checksum is canonical")
                r["definition_version"] = 1
                r["checksum"] = controlegetal(r)

        client = op_weg(andere_versie)(
            datasets=[[{"database": f, "db_type": "csv"}] for f in self.frames],
            module="gemeten_v6",
        )
        with self.assertRaises(GemetenFout) as e:
            self.central(client)
        message = str(e.exception)
        self.assertIn("organisatie 1", message)
        self.assertIn("definitieversie 1 past niet", message)
        self.assertNotIn("organisatie-1.json", message)

    def test_a_node_with_a_code_outside_the_definition_fails_naming_node_row_and_value(self):
        for kolom, waarde, lang, woorden in (
            ("sex", 3, "nl", ("regel 7", "kolom 'sex'", "code 3")),
            ("ses", 0, "en", ("line 7", "column 'ses'", "code 0 is not in the definition")),
        ):
            frame = self.frames[1].copy()
            frame.loc[5, kolom] = waarde
            client = mock([self.frames[0], frame, self.frames[2]])
            with self.assertRaises(GemetenFout) as e:
                self.central(client, lang=lang)
            message = str(e.exception)
            self.assertTrue(message.startswith("organisatie 1"), message)
            for w in woorden:
                self.assertIn(w, message)
            # The node said why, and only that: no path on the node, no person.
            returned = [json.loads(r["result"]) for r in client.results]
            self.assertEqual(set(returned[1]), gemeten_v6.FOUT_LEDEN)
            self.assertIn("microdata.csv", returned[1]["fout"])
            self.assertNotIn(str(Path(tempfile.gettempdir())), returned[1]["fout"])
            self.assertNotIn(frame.loc[5, "persoon_id"], returned[1]["fout"])

    def test_a_node_missing_a_column_fails_with_gemetens_reason(self):
        frames = [self.frames[0], self.frames[1].drop(columns=["died"]), self.frames[2]]
        with self.assertRaises(GemetenFout) as e:
            self.central(mock(frames))
        self.assertIn("died", str(e.exception))
        self.assertTrue(str(e.exception).startswith("organisatie 1"), str(e.exception))

    def test_a_node_reads_its_own_file_when_not_mocked(self):
        # On a real node the file the database entry points to goes to gemeten unchanged, so
        # the provenance names it and its SHA-256.
        path = self.tmp / "ggd.csv"
        self.frames[0].to_csv(path, index=False)
        env = {
            "USER_REQUESTED_DATABASE_LABELS": "default",
            "DEFAULT_DATABASE_URI": str(path),
            "DEFAULT_DATABASE_TYPE": "csv",
            "TEMPORARY_FOLDER": str(self.tmp),
        }
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            part = gemeten_v6.partial(by="sex,ses", holder="GGD test")
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        import hashlib

        self.assertEqual(part["herkomst"]["source_file"], "ggd.csv")
        self.assertEqual(part["herkomst"]["source_sha256"],
                         hashlib.sha256(path.read_bytes()).hexdigest())
        self.assertEqual(part["herkomst"]["rows"], 4000)


if __name__ == "__main__":
    unittest.main()
