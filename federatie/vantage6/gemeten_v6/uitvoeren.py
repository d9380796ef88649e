"""Running the gemeten binary: the computing stays in gemeten's Rust code; this module only
hands it files and reads what it writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path


class GemetenFout(RuntimeError):
    """gemeten refused the input or failed; the message is gemeten's own, one line per
    problem, naming the data holder where it concerns one."""


def binary() -> str:
    """The gemeten binary: GEMETEN_BIN, else `gemeten` on the PATH (the image puts it in
    /usr/local/bin)."""
    found = os.environ.get("GEMETEN_BIN") or shutil.which("gemeten")
    if not found:
        raise GemetenFout(
            "het programma gemeten is niet gevonden: zet GEMETEN_BIN of zet gemeten in het PATH"
        )
    return found


def gemeten(args: list[str], cwd: Path) -> str:
    """Runs `gemeten ARGS` in `cwd` and returns its standard output; a non-zero exit becomes
    a GemetenFout with gemeten's message (its standard error), never a traceback of ours."""
    # aggregate and combine never open a database; --db points into the temporary folder so
    # that nothing is created beside the node's data even if that ever changes.
    full = [binary(), "--db", str(cwd / "niet-gebruikt.sqlite"), *args]
    done = subprocess.run(full, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        message = done.stderr.strip() or done.stdout.strip() or f"exit {done.returncode}"
        raise GemetenFout(message)
    return done.stdout


def lees_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)
