#!/usr/bin/env python3
"""Curator's check of the reference data: every text and every number of every record must
stand in the lines its source cites. Covers data/referentie/*.toml, data/rondes/*.toml and
data/bestuur/*.toml (the governance bodies and international commitments).

Usage: tools/check_reference.py [SEEDS_DIR]     (default: data/bronnen)
Exit code 0 when there is no problem, 1 otherwise; one line per problem.
Python 3.11+, standard library only. Run by `cargo test -p gemeten-interchange`.

Rules (also in data/referentie/SCHEMA.md, "The citation check"):

Which source: a field `x` is checked against `x_source` when the record has one, a field
`x_y` against `x_source` (`title_nl` against `title_source`, `baseline_year` against
`baseline_source`), `text_2019_nl` against `source_2019`, any other field against `source`. The source's `lines`
range (1-based, inclusive) must lie inside the document.

Texts (verbatim): every string field whose name ends in `_nl`, and `name`, `budget_text`,
and each item of a list of texts (`impact_*`). Both the record's text and the cited lines are
normalised (NFKC, lower case, hyphenation at line ends joined, then letters and digits only)
and the whole record text must be a substring of the whole cited span. An omission written
as `...` or `…` splits the text into parts that must each stand in the span (in any
order: the PDF text interleaves table columns). Footnote lines, URLs and footnote markers
glued to a word inside the span are ignored ('databeschikbaarheid14').
Not checked as quotes, because they are not quotes by definition:
  - `*_en`: gemeten's own English;
  - `doel.indicator_nl`, `doel.indicator`: gemeten's name of the KPI that measures a target
    (its numbers are checked, see below);
  - `eligibility_nl`: gemeten's explanation; instead each fragment in single quotes '...' in
    it must stand in the document, in the lines it cites as `(r. a-b)` right after it, or
    else in the record's source lines;
  - `ronde.title_nl`, `deelnemer.name` of a participant the document does not name, a
    record marked `illustratief = true` (the illustrative ballots): gemeten's labels.
  - codes and ids (`kind`, `missies`, `id`, `unit`, `direction`, ...).
`chapter` and every level of `section` (split at ` > `) must stand in the document at or
before the end of the cited lines (headings are above the text they head).

Numbers: written as the document writes them, found in the cited lines of the unnormalised
text (line breaks and hyphenation joined, white space collapsed, lower case):
  - years (`deadline`, `*_year`, `year*`): the four digits, not part of a longer number;
  - amounts in euro (`budget_eur`, `budget_after_eur`, any `*_eur`, `value` with unit "EUR"): the amount as
    mantissa and scale word: 392000000 as "392 miljoen", "392 mln", "392m", "0,392 miljard";
    2200000000 as "2,2 miljard", "2.2 mld", "2,2 bn"; an amount below a thousand or not a round
    number of a scale also as its full digits ("1.500.000"); the scale word may follow a range
    ("250 tot 300 miljoen", "250 à 300 mln", "250-300 miljoen");
  - other numbers (`value`, `baseline_value`, `seats`, `attendance.*`, `kind.n`, `trl`, `sel`,
    `value_*`): the absolute value with a decimal comma or point ("2,5", "2.5"; an integer as
    "30"), not part of a longer number; numbers up to twenty, and the tens, may be written as
    the Dutch word ("vijf", "dertig");
  - not checked: `trl_min`/`trl_max`/`brl_min`/`brl_max` (gemeten's judgement, explained in
    `eligibility_nl`; a Rust test checks that explanation) and `pos`/`number` ordinals, which
    are checked as text where the document numbers its list (see activiteit).
Records:
  - `organisatie`: the name stands in the cited lines, and those are its first mention in the
    document: the name (as whole words) stands nowhere before them;
  - `activiteit` and `prioriteit`: `number` stands in the cited lines; every
    `initiatiefnemers` organisation's name stands in them (the text names its initiators);
  - every record other than an illustrative one has a `source`; ids are unique per table.
  - `kies_pijl` (000 Figure 5, an element of the KIES and a mission): the edge's text is a
    written form of its element: for a multi-year programme the cell's MJP list holds every
    number the element's name gives ('AI (MJP44,45 en 48)': 44, 45 and 48); an edge cited in
    Tabel 2 is the Tabel 2 row (`programma_bijdrage`) of the element's programme that names
    the edge's mission; any other edge's text and the element's name or label contain one
    another (letters and digits only), or it is a spelling in `KIES_WRITTEN_AS`. An edge cited
    in the figure cites lines of the figure's first rendering (r. 6181-6327).
"""
import glob, os, re, sys, tomllib, unicodedata

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "data")
seeds = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "bronnen")
FILES = sorted(glob.glob(os.path.join(root, "referentie", "*.toml"))) + sorted(
    glob.glob(os.path.join(root, "rondes", "*.toml"))) + sorted(
    glob.glob(os.path.join(root, "bestuur", "*.toml")))


def join_lines(s):
    s = unicodedata.normalize("NFKC", s).lower()
    s = re.sub(r"(?<=[a-zà-ÿ])-\s*\n\s*(?=[a-zà-ÿ])", "", s)   # hyphenation at line ends
    return re.sub(r"\s+", " ", s)


def norm(s):
    """Letters and digits only: spacing, punctuation and line breaks differ, words do not."""
    return re.sub(r"[^0-9a-zà-ÿ]+", "", join_lines(s))


def words(s):
    """Whole words separated by one space, with a space at both ends (for name matching)."""
    return " " + " ".join(re.findall(r"[0-9a-zà-ÿ]+", join_lines(s))) + " "


docs = {}
for p in glob.glob(os.path.join(seeds, "*.txt")):
    docs[os.path.basename(p)[:3]] = open(p, encoding="utf-8").read().split("\n")

WORDS = {1: ["een", "één"], 2: ["twee"], 3: ["drie"], 4: ["vier"], 5: ["vijf"], 6: ["zes"],
         7: ["zeven"], 8: ["acht"], 9: ["negen"], 10: ["tien"], 11: ["elf"], 12: ["twaalf"],
         13: ["dertien"], 14: ["veertien"], 15: ["vijftien"], 16: ["zestien"],
         17: ["zeventien"], 18: ["achttien"], 19: ["negentien"], 20: ["twintig"],
         30: ["dertig"], 40: ["veertig"], 50: ["vijftig"], 60: ["zestig"], 70: ["zeventig"],
         80: ["tachtig"], 90: ["negentig"], 100: ["honderd", "alle", "elke", "iedere", "ieder"]}
SCALES = [(10**9, r"(?:miljard|mld|mrd|bn|b)"), (10**6, r"(?:miljoen|mln|mio|m)"),
          (10**3, r"(?:duizend|k)")]
NOT_NUM = r"(?<![0-9])(?<![0-9][.,])"
END_NUM = r"(?![0-9])(?![.,][0-9])"


def decimal_forms(x):
    """'2,5' and '2.5' for 2.5; '30' (and '30,0') for 30."""
    if float(x) == int(x):
        i = str(int(x))
        return [i, i + ",0", i + ".0"]
    s = f"{x:.6f}".rstrip("0")
    return [s.replace(".", ","), s]


# Relative changes the text writes as a word: -50 % as "halvering" ("met in 2030 halvering
# van het grondstoffengebruik"), +100 % as "verdubbeling".
CHANGE_WORDS = {-50.0: ["halvering", "halveren", "gehalveerd"], 100.0: ["verdubbeling", "verdubbelen"]}


def has_plain(span, x, kind=None):
    if kind == "relative_change" and any(
            re.search(r"\b" + w + r"\b", span) for w in CHANGE_WORDS.get(float(x), [])):
        return True
    x = abs(x)
    for f in decimal_forms(x):
        if re.search(NOT_NUM + re.escape(f) + END_NUM, span):
            return True
    if float(x) == int(x) and int(x) in WORDS:
        return any(re.search(r"\b" + w + r"\b", span) for w in WORDS[int(x)])
    return False


def has_year(span, y):
    return re.search(r"(?<![0-9])" + str(int(y)) + r"(?![0-9])", span) is not None


def grouped(n):
    s = f"{n:,}"
    return [s.replace(",", "."), s.replace(",", " "), str(n)]


def has_amount(span, eur):
    eur = int(eur)
    for scale, word in SCALES:
        m = eur / scale
        if m < 0.001:
            continue
        for f in decimal_forms(round(m, 6)):
            rng = r"(?:\s*(?:tot|à|a|-|–|en)\s*€?\s*[0-9][0-9.,]*)?"
            if re.search(NOT_NUM + re.escape(f) + END_NUM + rng + r"\s*" + word + r"\b", span):
                return True
    return any(re.search(NOT_NUM + re.escape(f) + END_NUM, span) for f in grouped(eur))


problems = []


# How the documents write some organisations, where no rule below derives it from the name
# (typing errors in the document included). Every spelling must itself stand in a document;
# the check says so when one does not.
WRITTEN_AS = {
    "dutch-blockchain-coalition": ["Blockchain Coalition", "Blokchain Coalition"],
    "oncode-accelerator": ["Oncode Accellerator"],
    "regieorgaan-sia": ["NWO SIA", "SIA"],
    "koepelorganisaties": ["koepels"],
    "lectorenplatform-pit": ["Lectorenplatforms zoals PIT"],
    "pensioenfondsen": ["pensioenfonds"],
    "verzekeraarsconcerns": ["verzekeraarsconcern"],
    "werkgeversorganisaties": ["werkgevers(organisaties)"],
}


def name_forms(name, oid=None):
    """How a text may write an organisation: its name; the part before a trailing '(...)' and
    the abbreviation inside it; the name without a generic first word ('Topsector',
    'Topsectoren', 'Ministerie van'); each '/'-separated variant."""
    forms = set()
    for variant in re.split(r"(?<!-)/", name):
        variant = variant.strip()
        forms.add(variant)
        m = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", variant)
        if m:
            forms.update([m[1], m[2]])
    forms.update(WRITTEN_AS.get(oid, []))
    forms.update(f.replace("-", "") for f in list(forms))   # 'zorgakkoord-' + 'coalities'
    for f in list(forms):
        for generic in ("Topsectoren ", "Topsector ", "Ministerie van ", "Ministerie "):
            if f.startswith(generic):
                forms.add(f[len(generic):])
    return [acronym(f) if re.fullmatch(r"[A-Z]{2,6}", f.strip()) else words(f)
            for f in forms if f.strip()]


class acronym(str):
    """A name in capitals ('DUTCH', 'FAST') is matched with its case: 'Dutch' is a word."""

    def __new__(cls, f):
        return super().__new__(cls, " " + f.strip() + " ")


def contains(span_words, form):
    if isinstance(form, acronym):
        return form in span_words.cased
    return form in span_words


class Words(str):
    pass


def words_of(t):
    w = Words(words(t))
    w.cased = " " + " ".join(re.findall(r"[0-9A-Za-zÀ-ÿ]+", re.sub(
        r"(?<=[a-zà-ÿ])-\s*\n\s*(?=[a-zà-ÿ])", "", unicodedata.normalize("NFKC", t)))) + " "
    return w


def names(name, span_words, oid=None):
    return any(contains(span_words, f) for f in name_forms(name, oid))


_line_words = {}


def first_mention(doc, name, oid=None):
    """First line of `doc` where `name` (in one of its forms) stands, over two-line windows."""
    if doc not in _line_words:
        ls = docs[doc]
        _line_words[doc] = [words_of(ls[i] + "\n" + (ls[i + 1] if i + 1 < len(ls) else ""))
                            for i in range(len(ls))]
    forms = name_forms(name, oid)
    for i, w in enumerate(_line_words[doc]):
        if any(contains(w, f) for f in forms):
            # the window starts here; report the line where the name begins
            return i + 1 if any(contains(words_of(docs[doc][i]), f) for f in forms) or not any(
                contains(words_of(docs[doc][i + 1]), f) for f in forms) else i + 2
    return None


def problem(where, msg):
    problems.append(f"{where}: {msg}")


def span_of(src, where):
    m = re.fullmatch(r"(\d+)-(\d+)", str(src.get("lines", "")))
    if not m or src.get("doc") not in docs:
        problem(where, f"bad source {src}")
        return None
    a, b = int(m[1]), int(m[2])
    lines = docs[src["doc"]]
    if a < 1 or b > len(lines) or a > b:
        problem(where, f"lines {a}-{b} outside {src['doc']} (1-{len(lines)})")
        return None
    return src["doc"], a, b


def text(doc, a, b):
    return "\n".join(docs[doc][a - 1:b])


def without_notes(t):
    """The span without what the PDF text puts inside running text: footnote lines ('16 https:
    ...', '10 Deze vraag ...' at a page foot), bare URLs, and footnote markers glued to a word
    ('databeschikbaarheid14', 'TU Twente202')."""
    t = "\n".join(l for l in t.split("\n")
                  if not re.match(r"\s*(\d{1,3}\s+\S|https?://|www\.|\S*\.(pdf|html?|aspx)\s*$)", l))
    return re.sub(r"(?<=[a-zà-ÿ)])\d{1,3}(?=[\s.,;:)]|$)", "", t)


def check_text(where, fld, value, cite):
    doc, a, b = cite
    if not in_span(value, norm(text(doc, a, b))) and not in_span(
            value, norm(without_notes(text(doc, a, b)))):
        problem(where, f"{fld} not in {doc} lines {a}-{b}: {value[:80]!r}")


def in_span(value, span):
    """Each part between omissions ('...', '…') stands in the span; in any order, because
    the PDF text interleaves the columns of tables."""
    return all(norm(part) in span for part in re.split(r"\.\.\.|…", value))


_doc_norm = {}


def check_heading(where, fld, value, cite):
    doc, a, b = cite
    if doc not in _doc_norm:
        _doc_norm[doc] = norm("\n".join(docs[doc]))
    for level in value.split(" > "):
        if norm(level) and norm(level) not in _doc_norm[doc]:
            problem(where, f"{fld} level {level!r} is not a heading of {doc}")


def check_number(where, fld, value, cite, unit=None, kind=None):
    doc, a, b = cite
    span = join_lines(text(doc, a, b))
    leaf = fld.split(".")[-1]
    if leaf in ("deadline", "year") or leaf.endswith("_year") or leaf.startswith("year"):
        ok, how = has_year(span, value), "year"
    elif leaf.endswith("_eur") or (leaf.startswith("value") and unit == "EUR"):
        ok, how = has_amount(span, value), "amount"
    else:
        ok, how = has_plain(span, value, kind if leaf == "value" else None), "number"
    if not ok:
        problem(where, f"{fld} = {value} ({how}) not in {doc} lines {a}-{b}")


def check_quotes(where, fld, value, record_cite):
    """Each 'quote' stands in the record's source lines or in the lines of one of the
    'r. a-b' the field cites; '[...]' inside a quote is an editorial insertion, left out."""
    doc = record_cite[0]
    cites = [record_cite] + [(doc, int(m[1]), int(m[2] or m[1]))
                             for m in re.finditer(r"\br\.\s*(\d+)(?:-(\d+))?", value)]
    for m in re.finditer(r"'([^']{3,}?)'", value):
        quote = re.sub(r"\[[^\]]*\]", "", m[1])
        if not any(in_span(quote, norm(text(*c))) or in_span(quote, norm(without_notes(text(*c))))
                   for c in cites):
            problem(where, f"{fld} quote {quote!r} not in {doc} lines "
                           + ", ".join(f"{a}-{b}" for _, a, b in cites))


def check_list_number(where, number, cite):
    """'5a-i-1': item 1 under item i under item a under item 5. The deepest marker opens the
    first cited line; each parent marker opens an earlier line (at most 120 lines before)."""
    doc, a, b = cite
    m = re.fullmatch(r"(\d+)([a-z]?)((?:-[a-z0-9]+)*)", number)
    if not m:
        problem(where, f"number {number!r} is not of the form 5, 5a, 5a-i, 5a-i-1")
        return
    markers = [m[1]] + ([m[2]] if m[2] else []) + [x for x in m[3].split("-") if x]
    line = a
    for depth, marker in enumerate(reversed(markers)):
        pat = re.compile(r"^\s*" + re.escape(marker) + r"(?:[.)]|\s)")
        lo = a if depth == 0 else max(1, line - 120)
        found = next((i for i in range(line, lo - 1, -1) if pat.match(docs[doc][i - 1])), None)
        if found is None:
            where_ = "at" if depth == 0 else "before"
            problem(where, f"number {number!r}: no line opening with {marker!r} {where_} {doc} line {line}")
            return
        line = found - 1


UNCHECKED_NUMBERS = {"trl_min", "trl_max", "brl_min", "brl_max"}
# Spellings of a KIES element in Figure 5 that neither its name nor its label contains: the
# figure's own typing errors.
KIES_WRITTEN_AS = {"pps-orangehealth": ["ORGANGEHealth"]}
# The first rendering of Figure 5 in 000 (the rows per mission and the care-agreement labels).
KIES_FIGURE = (6181, 6327)
ROMAN = {"C": "centrale missie", "I": "i", "II": "ii", "III": "iii", "IV": "iv", "V": "v"}


def check_kies_pijl(where, r, knopen, bijdragen):
    k = knopen.get(r.get("from"))
    if k is None:
        problem(where, f"from {r.get('from')!r}: no kies_knoop with that id")
        return
    t, src = r.get("text_nl", ""), r.get("source", {})
    if src.get("section") == "Tabel 2":
        rows = [b for b in bijdragen if b.get("programma") == k.get("programma")
                and r.get("to") in b.get("missies", [])]
        if not any(norm(b["text_nl"]) == norm(t) for b in rows):
            problem(where, f"text {t!r} is not the Tabel 2 row of programme "
                           f"{k.get('programma')!r} naming mission {r.get('to')}")
        return
    m = re.fullmatch(r"(\d+)-(\d+)", str(src.get("lines", "")))
    if not m or int(m[1]) < KIES_FIGURE[0] or int(m[2]) > KIES_FIGURE[1]:
        problem(where, f"lines {src.get('lines')} lie outside Figure 5 (r. {KIES_FIGURE[0]}-{KIES_FIGURE[1]})")
    mjp = re.search(r"\(.*MJP\s*([\d,\s en]+)\)", k["name_nl"])
    if mjp:
        want = re.findall(r"\d+", mjp[1])
        cell = re.search(r"MJP\s*([\d,\s]+)", t)
        have = re.findall(r"\d+", cell[1]) if cell else []
        for n in want:
            if n not in have:
                problem(where, f"MJP {n} of {k['id']} is not in the cell's list {t!r}")
        return
    forms = [k["name_nl"], k.get("label_nl", "")] + KIES_WRITTEN_AS.get(k["id"], [])
    if not any(f and (norm(f) in norm(t) or norm(t) in norm(f)) for f in forms):
        problem(where, f"text {t!r} names neither {k['name_nl']!r} nor {k.get('label_nl')!r}")


UNCHECKED_TEXT = {"indicator_nl", "eligibility_nl", "text_en", "title_en", "name_en"}


def source_for(r, fld):
    if fld + "_source" in r:
        return r[fld + "_source"]
    if fld.split("_")[0] + "_source" in r:          # title_nl -> title_source,
        return r[fld.split("_")[0] + "_source"]     # baseline_year -> baseline_source
    if fld.endswith("_nl") and re.search(r"_\d{4}_nl$", fld):
        y = re.search(r"_(\d{4})_nl$", fld)[1]
        return r.get(f"source_{y}", r.get("source"))
    return r.get("source")


def walk(where, table, r, cites, orgs_by_id):
    for fld, v in r.items():
        if fld == "source" or fld.endswith("_source") or re.fullmatch(r"source_\d{4}", fld):
            continue
        src = source_for(r, fld)
        cite = cites.get(id(src)) if src is not None else None
        if cite is None:
            continue
        if isinstance(v, bool):
            continue
        if isinstance(v, str):
            if fld == "eligibility_nl":
                check_quotes(where, fld, v, cite)
            elif fld in UNCHECKED_TEXT or fld.endswith("_en"):
                continue
            elif fld == "section":
                continue
            elif fld == "chapter":
                check_heading(where, fld, v, cite)
            elif fld.endswith("_nl") or fld in ("name", "budget_text"):
                if table == "ronde" and fld == "title_nl":
                    continue
                if table == "organisatie" and fld == "name":
                    continue  # checked as a name below
                if table == "deelnemer" and "organisatie" not in r:
                    continue  # a participant the document does not name: gemeten's label
                if table == "deelnemer":
                    v = re.sub(r" \(\d+ van \d+\)$", "", v)  # one of two seats, 'VWS (2x)'

                check_text(where, fld, v, cite)
            elif fld == "number" and table in ("activiteit", "prioriteit"):
                check_list_number(where, v, cite)
        elif isinstance(v, (int, float)):
            if fld in UNCHECKED_NUMBERS or fld == "pos":
                continue
            if table == "prioriteit" and fld == "number":
                continue
            check_number(where, fld, v, cite, r.get("unit"), r.get("kind"))
        elif isinstance(v, dict):
            for k, x in v.items():
                if isinstance(x, bool) or not isinstance(x, (int, float)):
                    continue
                if fld == "kind" and k == "n" and x == 1 and re.search(
                        r"\bde meest \w+ \w+", join_lines(text(*cite))):
                    continue  # a choice of one, written 'de meest impactvolle ...'
                if fld != "kind" or k == "n":
                    check_number(where, f"{fld}.{k}", x, cite)
        elif isinstance(v, list) and fld.startswith("impact_"):
            for item in v:
                check_text(where, fld, item, cite)


def main():
    seen = {}
    records = []
    for path in FILES:
        with open(path, "rb") as f:
            try:
                doc = tomllib.load(f)
            except Exception as e:
                problem(path, f"TOML error: {e}")
                continue
        for table, rows in doc.items():
            for i, r in enumerate(rows):
                key = r.get("id", r.get("code", f"{r.get('from')}->{r.get('to')}"))
                if table == "stembiljet":
                    key = f"{r.get('ronde')}/{r.get('deelnemer')}"
                where = f"{os.path.relpath(path, os.path.join(root, '..'))}: {table} {key}"
                if (table, key) in seen:
                    problem(where, f"duplicate id (also in {seen[(table, key)]})")
                seen[(table, key)] = os.path.basename(path)
                records.append((where, table, r))
    orgs = {r["id"]: r for _, t, r in records if t == "organisatie"}
    knopen = {r["id"]: r for _, t, r in records if t == "kies_knoop"}
    bijdragen = [r for _, t, r in records if t == "programma_bijdrage"]
    for where, table, r in records:
        if table == "kies_pijl":
            check_kies_pijl(where, r, knopen, bijdragen)
    for where, table, r in records:
        if r.get("illustratief") is True:
            continue
        if "source" not in r:
            problem(where, "no source")
            continue
        cites = {}
        for fld, v in r.items():
            if fld == "source" or fld.endswith("_source") or re.fullmatch(r"source_\d{4}", fld):
                c = span_of(v, f"{where} {fld}")
                if c:
                    cites[id(v)] = c
                    check_heading(where, f"{fld}.section", v.get("section", ""), c)
        walk(where, table, r, cites, orgs)
        cite = cites.get(id(r["source"]))
        if not cite:
            continue
        doc, a, b = cite
        if table == "organisatie":
            if not names(r["name"], words_of(text(doc, a, b) + "\n" + without_notes(text(doc, a, b))), r["id"]):
                problem(where, f"name {r['name']!r} not in {doc} lines {a}-{b}")
            else:
                first = first_mention(doc, r["name"], r["id"])
                if first is not None and first < a:
                    problem(where, f"{r['name']!r} is first named in {doc} line {first}, not {a}-{b}")
        if table in ("activiteit", "prioriteit"):
            raw = without_notes(text(doc, a, b))
            span = words_of(text(doc, a, b) + "\n" + raw)
            # The document lists an activity's initiators in brackets after it; where it
            # does, an organisation named only in the running text is a partner, not one.
            brackets = words_of(" | ".join(re.findall(r"\(([^()]*)\)", raw.replace("\n", " "))))
            listed = any(names(org["name"], brackets, oid) for oid, org in orgs.items())
            for o in r.get("initiatiefnemers", []):
                org = orgs.get(o)
                if org and not names(org["name"], span, o):
                    problem(where, f"initiator {o} ({org['name']!r}) not named in {doc} lines {a}-{b}")
                elif org and listed and not names(org["name"], brackets, o):
                    problem(where, f"initiator {o} ({org['name']!r}) is named in {doc} lines "
                                   f"{a}-{b} but not in the bracketed list of initiators")
    for oid, spellings in WRITTEN_AS.items():
        for sp in spellings:
            if not any(names(sp, words_of("\n".join(d))) for d in docs.values()):
                problem("WRITTEN_AS", f"{oid}: {sp!r} stands in no document")
    for p in problems:
        print(p)
    print(f"{len(records)} records, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
