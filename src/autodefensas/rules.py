"""Rules layer: pandera schemas generated from schemas/, plus the rules a Table
Schema cannot say (cross-field and cross-table), over the committed CSVs.

Every failure is collected in one run (lazy validation) and located at the coding
sheet or registry line that produced the row when the coding knows it, else at the
CSV line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .coding import ACTOR_SUBJECT_TYPES, FIGURE_TYPES
from .dataframes import Tables, parse_column, read_raw
from .dates import parse_date_value
from .package import DATA_DIR
from .problems import Problem
from .schema import TABLES, TableSchema, load_json
from .texts import sha256

LAYER = "rules"
MAX_PER_RULE = 50  # problems listed per rule and table before summarizing

# pandera's own names for its built-in checks -> our rule ids
_BUILTIN = {"not_nullable": "rules.required", "field_uniqueness": "rules.unique"}


@dataclass(frozen=True)
class Rule:
    """A rule over one table: rows where check() is False break it."""

    id: str
    table: str
    check: Callable[[pd.DataFrame], pd.Series]
    message: str
    hint: str


def _constraint_checks(field: dict) -> list[pa.Check]:
    c = field.get("constraints", {})
    checks = []
    if "enum" in c:
        checks.append(pa.Check.isin(c["enum"], error="rules.enum"))
    if "pattern" in c:
        checks.append(pa.Check.str_matches(rf"(?:{c['pattern']})\Z", error="rules.pattern"))
    if "minimum" in c:
        checks.append(pa.Check.ge(c["minimum"], error="rules.range"))
    if "maximum" in c:
        checks.append(pa.Check.le(c["maximum"], error="rules.range"))
    if "minLength" in c or "maxLength" in c:
        checks.append(pa.Check.str_length(c.get("minLength"), c.get("maxLength"), error="rules.length"))
    return checks


def pandera_schema(schema: TableSchema, rules: list[Rule] = ()) -> pa.DataFrameSchema:
    """The pandera schema of a table, generated from its Table Schema.

    Types are checked when the CSV is parsed (parse_column), so columns carry no
    dtype here; required, unique, enum, pattern, ranges and lengths become checks,
    and each table rule a DataFrame-wide check.
    """
    columns = {
        f["name"]: pa.Column(None, _constraint_checks(f), nullable=not f.get("constraints", {}).get("required"),
                             unique=bool(f.get("constraints", {}).get("unique")), required=True)
        for f in schema.fields
    }
    checks = [pa.Check(rule.check, error=rule.id) for rule in rules]
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=True, name=schema.name)


def _constraint_message(field: dict, rule: str, value) -> str:
    c, name = field.get("constraints", {}), field["name"]
    if rule == "rules.enum":
        return f"{name} {value!r} is not one of: {', '.join(c['enum'])}"
    if rule == "rules.pattern":
        return f"{name} {value!r} does not match the pattern {c['pattern']}"
    if rule == "rules.range":
        bounds = " and ".join(f"{w} {c[k]}" for k, w in (("minimum", ">="), ("maximum", "<=")) if k in c)
        return f"{name} is {value}, must be {bounds}"
    if rule == "rules.length":
        bounds = " and ".join(f"{w} {c[k]}" for k, w in (("minLength", ">="), ("maxLength", "<=")) if k in c)
        return f"{name} has {len(str(value))} characters, must have {bounds}"
    if rule == "rules.required":
        return f"{name} is empty but required"
    if rule == "rules.unique":
        return f"{name} {value!r} appears more than once"
    return f"{name} {value!r} breaks {rule}"


# --- rules a Table Schema cannot say ---------------------------------------------------------

def _both(a: pd.Series, b: pd.Series, ok: pd.Series) -> pd.Series:
    """ok where a and b are both present, True where either is missing."""
    return (a.isna() | b.isna() | ok.fillna(True)).astype(bool)


def _claims_value_shape(d: pd.DataFrame) -> pd.Series:
    q, low, high = d["value_qualifier"], d["value_low"], d["value_high"]
    has_low, has_high = low.notna(), high.notna()
    figure = d["claim_type"].isin(FIGURE_TYPES)
    equal = (low == high).fillna(False).astype(bool)
    below = (low < high).fillna(False).astype(bool)
    shape = (
        ((q == "exact") | (q == "about")) & has_low & has_high & equal
        | (q == "at_least") & has_low & ~has_high
        | (q == "at_most") & ~has_low & has_high
        | (q == "range") & has_low & has_high & below
        | (q == "unspecified") & ~has_low & ~has_high
    ).fillna(False).astype(bool)
    return (figure & shape) | (~figure & q.isna() & ~has_low & ~has_high)


def _claims_target(d: pd.DataFrame) -> pd.Series:
    on_actor = d["claim_type"].isin(ACTOR_SUBJECT_TYPES)
    incident, subject = d["incident_id"].notna(), d["subject_actor_id"].notna()
    return (on_actor & subject & ~incident) | (~on_actor & incident & ~subject)


def _geo_precision(d: pd.DataFrame) -> pd.Series:
    needs_municipality = d["geo_precision"].isin(["municipality", "locality"])
    return ((~needs_municipality | d["municipality"].notna())
            & ((d["geo_precision"] != "locality") | d["locality"].notna()).fillna(True)
            & (d["municipality_code"].isna() | d["municipality"].notna())).astype(bool)


def _fatalities_complete(d: pd.DataFrame) -> pd.Series:
    present = d[["fatalities_low", "fatalities_best", "fatalities_high", "fatalities_high_open"]].notna()
    return present.all(axis=1) | ~present.any(axis=1)


def _municipality_in_state(inegi: dict[str, str]) -> Callable[[pd.DataFrame], pd.Series]:
    def check(d: pd.DataFrame) -> pd.Series:
        expected = d["state_code"].astype("string").map(inegi)
        return (d["municipality_code"].isna() | (d["municipality_code"].str[:2] == expected)).fillna(False).astype(bool)
    return check


def _document_fields(d: pd.DataFrame) -> pd.Series:
    doc = d["role"] == "document"
    text = d[["text_path", "text_sha256", "text_chars"]].notna()
    dated = d[["published_date", "published_date_basis"]].notna().all(axis=1)
    return (doc & text.all(axis=1) & dated) | (~doc & ~text.any(axis=1))


def table_rules(states: dict) -> list[Rule]:
    inegi = {s["state_code"]: s["inegi_code"] for s in states["states"]}
    return [
        Rule("rules.fatalities-order", "incidents",
             lambda d: _both(d["fatalities_low"], d["fatalities_best"], d["fatalities_low"] <= d["fatalities_best"])
             & _both(d["fatalities_best"], d["fatalities_high"], d["fatalities_best"] <= d["fatalities_high"]),
             "fatalities_low <= fatalities_best <= fatalities_high does not hold",
             "fatalities are derived from the claims: fix the fatalities claims, then rebuild"),
        Rule("rules.fatalities-complete", "incidents", _fatalities_complete,
             "fatalities_low, _best, _high and _high_open must be all present or all empty",
             "rebuild: the build derives the four together"),
        Rule("rules.date-order", "incidents",
             lambda d: _both(d["date_start"], d["date_end"], d["date_start"] <= d["date_end"]),
             "date_start is after date_end", "fix the incident's date claims, then rebuild"),
        Rule("rules.geo-precision", "incidents", _geo_precision,
             "geo_precision says more than the place columns hold (municipality or locality missing)",
             "give the municipality (and locality), or lower geo_precision"),
        Rule("rules.municipality-state", "incidents", _municipality_in_state(inegi),
             "municipality_code does not start with the INEGI code of state_code (schemas/states.json)",
             "check the INEGI municipality code and the state"),
        Rule("rules.coordinates", "incidents", lambda d: d["latitude"].isna() == d["longitude"].isna(),
             "latitude and longitude must be given together", "give both coordinates or neither"),
        Rule("rules.value-order", "claims",
             lambda d: _both(d["value_low"], d["value_high"], d["value_low"] <= d["value_high"]),
             "value_low is greater than value_high", "swap the figures, or fix the claim's value"),
        Rule("rules.qualifier-values", "claims", _claims_value_shape,
             "value_qualifier does not fit the values (exact/about: low = high; at_least: low only; "
             "at_most: high only; range: low < high; unspecified: none; non-figure claims: no value)",
             "fix the claim's value and value_qualifier in its coding sheet"),
        Rule("rules.claim-target", "claims", _claims_target,
             "a claim is about exactly one incident, or (affiliation, members) about one subject actor",
             "give incident_id or subject_actor_id, not both"),
        Rule("rules.offsets", "claims",
             lambda d: _both(d["char_start"], d["char_end"], (d["char_end"] - d["char_start"]) == d["quote"].str.len()),
             "char_end - char_start is not the length of the quote",
             "offsets are computed by the build: undo the hand edit and rebuild"),
        Rule("rules.source-fields", "sources", _document_fields,
             "a document needs text_path, text_sha256, text_chars, published_date and its basis; "
             "a cited outlet has no text", "fix the source's entry in its coding sheet or the outlets registry"),
        Rule("rules.self-parent", "actors", lambda d: (d["parent_actor_id"] != d["actor_id"]).fillna(True),
             "an actor cannot be its own parent", "fix parent_actor_id in the actors registry"),
    ]


# --- running ---------------------------------------------------------------------------------

@dataclass
class _Locator:
    """Where a row of a table came from: its coding line if known, else its CSV line."""

    locations: dict[str, dict[str, tuple[str, int]]]
    keys: dict[str, pd.Series]

    def problem(self, table: str, index: int, rule: str, message: str, hint: str) -> Problem:
        csv_file, csv_line = f"{DATA_DIR}/{table}.csv", int(index) + 2
        key = self.keys[table].iloc[index] if table in self.keys else None
        where = self.locations.get(table, {}).get(key) if isinstance(key, str) else None
        if where is None:
            return Problem(LAYER, csv_file, csv_line, rule, message, hint)
        label = f"{table[:-1]} {key!r} ({csv_file}:{csv_line})"
        return Problem(LAYER, where[0], where[1], rule, f"{label}: {message}", hint)


def _limit(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PER_RULE problems per rule and file, then one line saying how many more."""
    counts: dict[tuple, int] = {}
    kept = []
    for p in problems:
        key = (p.rule, p.file if p.file.startswith(DATA_DIR) else "coding")
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= MAX_PER_RULE:
            kept.append(p)
    for (rule, file), n in counts.items():
        if n > MAX_PER_RULE:
            kept.append(Problem(LAYER, file if file != "coding" else "seeds", None, rule,
                                f"{n - MAX_PER_RULE} more problem(s) of this rule not listed", ""))
    return kept


def rules_problems(root: Path, schemas: dict[str, TableSchema],
                   locations: dict | None = None) -> tuple[list[Problem], Tables | None]:
    """Check the committed tables; return the problems and the typed tables (for the
    quality layer) when all four could be read."""
    states = load_json(root / "schemas" / "states.json")
    rules = table_rules(states)
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        path = root / DATA_DIR / f"{name}.csv"
        if not path.exists():
            continue  # the drift layer reports it
        raw = read_raw(path)
        if list(raw.columns) != schemas[name].columns:
            problems.append(Problem(LAYER, f"{DATA_DIR}/{name}.csv", 1, "rules.columns",
                                    f"the columns {list(raw.columns)} differ from schemas/{name}.json",
                                    "rebuild with `autodefensas build`; if the schema changed, change the toolkit too"))
            continue
        frames[name] = raw
    keys = {name: frame[schemas[name].primary_key[0]] for name, frame in frames.items()}
    locate = _Locator(locations or {}, keys)
    typed: dict[str, pd.DataFrame] = {}
    for name, raw in frames.items():
        columns = {}
        for field in schemas[name].fields:
            column, bad = parse_column(raw[field["name"]], field, categorical=False)
            for index in bad.to_numpy().nonzero()[0]:
                problems.append(locate.problem(
                    name, index, "rules.type",
                    f"{field['name']} {raw[field['name']].iloc[index]!r} is not a valid {field.get('type', 'string')}",
                    "data/ is generated: undo the hand edit and rebuild"))
            columns[field["name"]] = column
        typed[name] = pd.DataFrame(columns)
        problems.extend(_validate(typed[name], schemas[name], [r for r in rules if r.table == name], locate))
    if len(typed) == len(TABLES):
        problems.extend(_cross_table(root, typed, schemas, locate))
    problems = _limit(problems)
    if len(typed) != len(TABLES):
        return problems, None
    return problems, Tables(**{name: _categorical(typed[name], schemas[name]) for name in TABLES})


def _categorical(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """The same typing as load(): enums as categoricals."""
    out = frame.copy()
    for field in schema.fields:
        enum = field.get("constraints", {}).get("enum")
        if enum is not None:
            out[field["name"]] = out[field["name"]].where(out[field["name"]].isin(enum)).astype(
                pd.CategoricalDtype(categories=enum))
    return out


def _validate(frame: pd.DataFrame, schema: TableSchema, rules: list[Rule], locate: _Locator) -> list[Problem]:
    try:
        pandera_schema(schema, rules).validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    by_id = {rule.id: rule for rule in rules}
    problems, seen = [], set()
    for case in cases.itertuples(index=False):
        rule_id = _BUILTIN.get(case.check, case.check)
        index = case.index
        if index is None or pd.isna(index):
            problems.append(Problem(LAYER, f"{DATA_DIR}/{schema.name}.csv", 1, f"rules.{case.check}",
                                    f"{case.column}: {case.failure_case}", "rebuild with `autodefensas build`"))
            continue
        if (rule_id, case.column if rule_id not in by_id else None, index) in seen:
            continue
        seen.add((rule_id, case.column if rule_id not in by_id else None, index))
        if rule_id in by_id:
            rule = by_id[rule_id]
            problems.append(locate.problem(schema.name, int(index), rule.id, rule.message, rule.hint))
        else:
            field = schema.field_map[case.column]
            problems.append(locate.problem(schema.name, int(index), rule_id,
                                           _constraint_message(field, rule_id, case.failure_case),
                                           "data/ is generated: fix the coding sheet, then rebuild"))
    return problems


def _cross_table(root: Path, t: dict[str, pd.DataFrame], schemas: dict[str, TableSchema],
                 locate: _Locator) -> list[Problem]:
    problems = []

    def flag(table: str, mask: pd.Series, rule: str, message: Callable[[int], str], hint: str) -> None:
        for index in mask.fillna(False).astype(bool).to_numpy().nonzero()[0]:
            problems.append(locate.problem(table, int(index), rule, message(int(index)), hint))

    # foreign keys, generated from the schemas: hash-set membership, not row by row
    for name in TABLES:
        for fk in schemas[name].foreign_keys:
            (column,), (target_column,) = fk["fields"], fk["reference"]["fields"]
            target = fk["reference"]["resource"] or name
            values = t[name][column]
            known = set(t[target][target_column].dropna())
            flag(name, values.notna() & ~values.isin(known), "rules.foreign-key",
                 lambda i, v=values, c=column, tg=target: f"{c} {v.iloc[i]!r} is not a {tg} row",
                 f"add it to the {target} registry, or fix the reference in the coding sheet")

    sources, claims, incidents = t["sources"], t["claims"], t["incidents"]
    role = dict(zip(sources["source_id"], sources["role"]))
    flag("claims", claims["source_id"].map(role).ne("document") & claims["source_id"].isin(role),
         "rules.source-role", lambda i: f"source_id {claims['source_id'].iloc[i]!r} is not a document",
         "a claim's source_id is the document that makes it")
    flag("claims", claims["cited_source_id"].map(role).ne("cited_outlet") & claims["cited_source_id"].isin(role),
         "rules.source-role", lambda i: f"cited_source_id {claims['cited_source_id'].iloc[i]!r} is not a cited outlet",
         "cite an outlet from seeds/registry/outlets.yaml")

    # counts and presence of claims per incident
    on_incident = claims[claims["incident_id"].notna()]
    n_claims = on_incident.groupby("incident_id").size()
    n_sources = on_incident.groupby("incident_id")["source_id"].nunique()
    got_claims = incidents["incident_id"].map(n_claims).fillna(0).astype(int)
    got_sources = incidents["incident_id"].map(n_sources).fillna(0).astype(int)
    flag("incidents", got_claims == 0, "rules.incident-claims", lambda i: "the incident has no claims",
         "code the claims that report it, or remove it from the registry")
    flag("incidents", (got_claims > 0) & ((incidents["n_claims"] != got_claims) | (incidents["n_sources"] != got_sources)),
         "rules.incident-counts",
         lambda i: f"n_claims/n_sources are {incidents['n_claims'].iloc[i]}/{incidents['n_sources'].iloc[i]}, "
                   f"the claims give {got_claims.iloc[i]}/{got_sources.iloc[i]}",
         "counts are derived: rebuild")

    # nothing is reported before the document reporting it was published
    published_on = dict(zip(sources["source_id"], sources["published_date"]))
    published = claims["source_id"].map(published_on)
    # once per incident and document, at the incident: the date claims say which is wrong
    pairs = on_incident[["incident_id", "source_id"]].drop_duplicates()
    reported = pairs.assign(published=pairs["source_id"].map(published_on)).groupby("incident_id")
    earliest = reported["published"].min()
    first_source = reported.apply(lambda g: g.loc[g["published"].idxmin(), "source_id"] if g["published"].notna().any()
                                  else None, include_groups=False)
    late = incidents["date_start"] > incidents["incident_id"].map(earliest)
    flag("incidents", late.fillna(False), "rules.after-publication",
         lambda i: f"the incident starts on {incidents['date_start'].iloc[i]:%Y-%m-%d}, after "
                   f"{first_source[incidents['incident_id'].iloc[i]]!r} reporting it was published "
                   f"({earliest[incidents['incident_id'].iloc[i]]:%Y-%m-%d})",
         "check the incident's date claims and the document's published_date")
    dated = claims["claim_type"] == "date"
    date_start = claims["value_text"].where(dated).map(_date_start, na_action="ignore")
    flag("claims", dated & date_start.isna(), "rules.date-value",
         lambda i: f"value_text {claims['value_text'].iloc[i]!r} is not a date value",
         "use yyyy-mm-dd, yyyy-mm-dd/yyyy-mm-dd, yyyy-Www, yyyy-mm or yyyy")
    flag("claims", dated & (pd.to_datetime(date_start) > published).fillna(False), "rules.after-publication",
         lambda i: f"the date {claims['value_text'].iloc[i]!r} starts after the document was published "
                   f"({published.iloc[i]:%Y-%m-%d})",
         "resolve dates without a year against the publication date (the year before, if need be)")
    problems.extend(_text_problems(root, sources, claims, locate))
    return problems


def _date_start(text: str):
    try:
        return pd.Timestamp(parse_date_value(text)[0])
    except ValueError:
        return None


def _text_problems(root: Path, sources: pd.DataFrame, claims: pd.DataFrame, locate: _Locator) -> list[Problem]:
    """Each document's text has its recorded hash and length, and every quote is its slice."""
    problems = []
    documents = sources[sources["role"] == "document"]
    positions = claims.groupby("source_id").indices
    for index, source_id, text_path, digest, chars in documents[
            ["source_id", "text_path", "text_sha256", "text_chars"]].itertuples():
        path = root / text_path if isinstance(text_path, str) else None
        if path is None or not path.is_file():
            problems.append(locate.problem("sources", index, "rules.text-missing",
                                           f"the text {text_path!r} does not exist", "restore the text file"))
            continue
        data = path.read_bytes()
        if sha256(data) != digest:
            problems.append(locate.problem("sources", index, "rules.text-hash",
                                           f"{text_path} does not have the recorded text_sha256",
                                           "the text changed after coding: re-check the quotes and update text_sha256"))
            continue
        text = data.decode("utf-8", errors="replace")
        if len(text) != chars:
            problems.append(locate.problem("sources", index, "rules.text-chars",
                                           f"text_chars is {chars}, the text has {len(text)} code points",
                                           "rebuild"))
        for row in positions.get(source_id, []):
            start, end, quote = claims["char_start"].iloc[row], claims["char_end"].iloc[row], claims["quote"].iloc[row]
            if pd.isna(start) or pd.isna(end) or text[int(start):int(end)] != quote:
                problems.append(locate.problem("claims", int(row), "rules.quote-slice",
                                               f"the text at [{start}:{end}] is not the quote",
                                               "offsets are computed by the build: undo the hand edit and rebuild"))
    return problems
