"""Rules layer: what a Table Schema cannot say, over the tables the engine loaded.

Cross-field rules run as pandera checks on polars (one DataFrame-wide check per
rule); cross-table rules (claim counts, source roles, publication dates, quotes
against their texts) as polars joins and group-bys. Every failure is collected in
one run and located at the coding sheet or registry line that produced the row when
the coding knows it, else at the CSV row.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandera.polars as pa
import polars as pl

from .coding import ACTOR_SUBJECT_TYPES, FIGURE_TYPES
from .engine import Loaded
from .problems import Problem, cap
from .schema import TABLES, load_json
from .texts import sha256

LAYER = "rules"
MAX_PER_RULE = 50  # problems listed per rule and file before summarizing
_REBUILD = "rebuild with `autodefensas build`: the build derives it"


@dataclass(frozen=True)
class Rule:
    """A rule over one table: rows where the expression is not true break it."""

    id: str
    table: str
    ok: pl.Expr
    message: str
    hint: str


def _either_null(*columns: str) -> pl.Expr:
    return pl.any_horizontal(pl.col(c).is_null() for c in columns)


def _le(a: str, b: str) -> pl.Expr:
    return _either_null(a, b) | (pl.col(a) <= pl.col(b))


def _value_shape() -> pl.Expr:
    q, low, high = pl.col("value_qualifier"), pl.col("value_low"), pl.col("value_high")
    has_low, has_high = low.is_not_null(), high.is_not_null()
    shape = (
        (q.is_in(["exact", "about"]) & has_low & has_high & (low == high))
        | ((q == "at_least") & has_low & ~has_high)
        | ((q == "at_most") & ~has_low & has_high)
        | ((q == "range") & has_low & has_high & (low < high))
        | ((q == "unspecified") & ~has_low & ~has_high)
    ).fill_null(False)
    figure = pl.col("claim_type").is_in(sorted(FIGURE_TYPES)).fill_null(False)
    return (figure & shape) | (~figure & q.is_null() & ~has_low & ~has_high)


def table_rules(states: dict) -> list[Rule]:
    inegi = {s["state_code"]: s["inegi_code"] for s in states["states"]}
    on_actor = pl.col("claim_type").is_in(sorted(ACTOR_SUBJECT_TYPES)).fill_null(False)
    incident, subject = pl.col("incident_id").is_not_null(), pl.col("subject_actor_id").is_not_null()
    fatalities = ["fatalities_low", "fatalities_best", "fatalities_high", "fatalities_high_open"]
    document = (pl.col("role") == "document").fill_null(False)
    text_columns = ["text_path", "text_sha256", "text_chars"]
    precision = pl.col("geo_precision")
    return [
        Rule("rules.fatalities-order", "incidents",
             _le("fatalities_low", "fatalities_best") & _le("fatalities_best", "fatalities_high"),
             "fatalities_low <= fatalities_best <= fatalities_high does not hold",
             "fatalities are derived from the claims: fix the fatalities claims, then rebuild"),
        Rule("rules.fatalities-complete", "incidents",
             pl.all_horizontal(pl.col(c).is_null() for c in fatalities)
             | pl.all_horizontal(pl.col(c).is_not_null() for c in fatalities),
             "fatalities_low, _best, _high and _high_open must be all present or all empty", _REBUILD),
        Rule("rules.date-order", "incidents", _le("date_start", "date_end"),
             "date_start is after date_end", "fix the incident's date claims, then rebuild"),
        Rule("rules.geo-precision", "incidents",
             (~precision.is_in(["municipality", "locality"]) | pl.col("municipality").is_not_null()).fill_null(True)
             & ((precision != "locality") | pl.col("locality").is_not_null()).fill_null(True)
             & (pl.col("municipality_code").is_null() | pl.col("municipality").is_not_null()),
             "geo_precision says more than the place columns hold (municipality or locality missing)",
             "give the municipality (and locality), or lower geo_precision"),
        Rule("rules.municipality-state", "incidents",
             pl.col("municipality_code").is_null()
             | (pl.col("municipality_code").str.slice(0, 2)
                == pl.col("state_code").replace_strict(inegi, default=None)).fill_null(False),
             "municipality_code does not start with the INEGI code of state_code (schemas/states.json)",
             "check the INEGI municipality code and the state"),
        Rule("rules.coordinates", "incidents", pl.col("latitude").is_null() == pl.col("longitude").is_null(),
             "latitude and longitude must be given together", "give both coordinates or neither"),
        Rule("rules.value-order", "claims", _le("value_low", "value_high"),
             "value_low is greater than value_high", "swap the figures, or fix the claim's value"),
        Rule("rules.qualifier-values", "claims", _value_shape(),
             "value_qualifier does not fit the values (exact/about: low = high; at_least: low only; "
             "at_most: high only; range: low < high; unspecified: none; non-figure claims: no value)",
             "fix the claim's value and value_qualifier in its coding sheet"),
        Rule("rules.claim-target", "claims", (on_actor & subject & ~incident) | (~on_actor & incident & ~subject),
             "a claim is about exactly one incident, or (affiliation, members) about one subject actor",
             "give incident_id or subject_actor_id, not both"),
        Rule("rules.offsets", "claims",
             _either_null("char_start", "char_end", "quote")
             | ((pl.col("char_end") - pl.col("char_start")) == pl.col("quote").str.len_chars()),
             "char_end - char_start is not the length of the quote",
             "offsets are computed by the build: undo the hand edit and rebuild"),
        Rule("rules.source-fields", "sources",
             (document & pl.all_horizontal(pl.col(c).is_not_null()
                                           for c in [*text_columns, "published_date", "published_date_basis"]))
             | (~document & pl.all_horizontal(pl.col(c).is_null() for c in text_columns)),
             "a document needs text_path, text_sha256, text_chars, published_date and its basis; "
             "a cited outlet has no text", "fix the source's entry in its coding sheet or the outlets registry"),
        Rule("rules.self-parent", "actors", (pl.col("parent_actor_id") != pl.col("actor_id")).fill_null(True),
             "an actor cannot be its own parent", "fix parent_actor_id in the actors registry"),
    ]


def rules_schema(rules: list[Rule]) -> pa.DataFrameSchema:
    """A pandera schema of DataFrame-wide checks, one per rule."""
    def check(rule: Rule):
        return pa.Check(lambda data: data.lazyframe.select(rule.ok.fill_null(True).alias(rule.id)), error=rule.id)
    return pa.DataFrameSchema(checks=[check(rule) for rule in rules])


def rules_problems(loaded: Loaded) -> list[Problem]:
    """Every rule over the loaded tables (the tables that could not be read are skipped)."""
    rules = table_rules(load_json(loaded.root / "schemas" / "states.json"))
    by_id = {rule.id: rule for rule in rules}
    problems: list[Problem] = []
    for name in TABLES:
        if name not in loaded.typed:
            continue
        try:
            rules_schema([r for r in rules if r.table == name]).validate(loaded.typed[name], lazy=True)
        except pa.errors.SchemaErrors as exc:
            cases = exc.failure_cases.select("check", "index").unique(maintain_order=True)
            for rule_id, index in cases.iter_rows():
                if index is not None:
                    rule = by_id[rule_id]
                    problems.append(loaded.located.problem(LAYER, name, index, rule.id, rule.message, rule.hint))
    if loaded.complete:
        problems += _cross_table(loaded)
    return cap(problems, LAYER, MAX_PER_RULE)


def _cross_table(loaded: Loaded) -> list[Problem]:
    t, locate = loaded.typed, loaded.located
    problems: list[Problem] = []

    def flag(table: str, mask: pl.Series, rule: str, message, hint: str) -> None:
        for index in mask.fill_null(False).arg_true().to_list():
            problems.append(locate.problem(LAYER, table, index, rule, message(index), hint))

    sources, claims, incidents = t["sources"], t["claims"], t["incidents"]
    # one join of the claims to their document and one to their cited outlet
    roles = sources.select("source_id", "role", "published_date").unique("source_id", keep="first")
    joined = (claims.select("source_id", "cited_source_id", "incident_id")
              .join(roles, on="source_id", how="left", maintain_order="left")
              .join(roles.select(cited_source_id="source_id", cited_role="role"), on="cited_source_id",
                    how="left", maintain_order="left"))
    flag("claims", (joined["role"] != "document"), "rules.source-role",
         lambda i: f"source_id {claims['source_id'][i]!r} is not a document",
         "a claim's source_id is the document that makes it")
    flag("claims", (joined["cited_role"] != "cited_outlet"), "rules.source-role",
         lambda i: f"cited_source_id {claims['cited_source_id'][i]!r} is not a cited outlet",
         "cite an outlet from seeds/registry/outlets.yaml")

    # claims, documents and earliest report per incident
    per_incident = (joined.filter(pl.col("incident_id").is_not_null()).group_by("incident_id").agg(
        got_claims=pl.len(), got_sources=pl.col("source_id").n_unique(),
        first_published=pl.col("published_date").min()))
    got = incidents.select("incident_id", "n_claims", "n_sources", "date_start").join(
        per_incident, on="incident_id", how="left", maintain_order="left").with_columns(
        pl.col("got_claims", "got_sources").fill_null(0))
    flag("incidents", got["got_claims"] == 0, "rules.incident-claims", lambda i: "the incident has no claims",
         "code the claims that report it, or remove it from the registry")
    flag("incidents", (got["got_claims"] > 0) & ((got["n_claims"] != got["got_claims"]) | (got["n_sources"] != got["got_sources"])).fill_null(True),
         "rules.incident-counts",
         lambda i: f"n_claims/n_sources are {got['n_claims'][i]}/{got['n_sources'][i]}, "
                   f"the claims give {got['got_claims'][i]}/{got['got_sources'][i]}", _REBUILD)
    # nothing is reported before the document reporting it was published: once per
    # incident, at the incident (its date claims say which is wrong), and per date claim
    flag("incidents", got["date_start"] > got["first_published"], "rules.after-publication",
         lambda i: f"the incident starts on {got['date_start'][i]}, after the first document reporting it "
                   f"was published ({got['first_published'][i]})",
         "check the incident's date claims and the documents' published_date")
    published = joined["published_date"]
    dates = claims.select("claim_type", "value_text").with_columns(
        published=published, start=_date_value_start(pl.col("value_text")))
    is_date = (dates["claim_type"] == "date").fill_null(False)
    flag("claims", is_date & dates["start"].is_null(), "rules.date-value",
         lambda i: f"value_text {dates['value_text'][i]!r} is not a date value",
         "use yyyy-mm-dd, yyyy-mm-dd/yyyy-mm-dd, yyyy-Www, yyyy-mm or yyyy")
    flag("claims", is_date & (dates["start"] > dates["published"]), "rules.after-publication",
         lambda i: f"the date {dates['value_text'][i]!r} starts after the document was published "
                   f"({dates['published'][i]})",
         "resolve dates without a year against the publication date (the year before, if need be)")
    problems += _text_problems(loaded)
    return problems


def _date_value_start(text: pl.Expr) -> pl.Expr:
    """First day of a date claim's value (day, interval, ISO week, month, year), else null.
    Mirrors dates.parse_date_value, vectorised."""
    day = text.str.extract(r"^(\d{4}-\d{2}-\d{2})(?:/(\d{4}-\d{2}-\d{2}))?$", 1).str.to_date("%Y-%m-%d", strict=False)
    end = text.str.extract(r"^\d{4}-\d{2}-\d{2}/(\d{4}-\d{2}-\d{2})$", 1).str.to_date("%Y-%m-%d", strict=False)
    interval_ok = end.is_null() | (end >= day)
    month = (text.str.extract(r"^(\d{4}-\d{2})$", 1) + "-01").str.to_date("%Y-%m-%d", strict=False)
    year = (text.str.extract(r"^(\d{4})$", 1) + "-01-01").str.to_date("%Y-%m-%d", strict=False)
    week = (text.str.extract(r"^(\d{4}-W\d{2})$", 1) + "-1").str.to_date("%G-W%V-%u", strict=False)
    return pl.when(interval_ok).then(pl.coalesce(day, week, month, year))


def _read_text(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:  # plain open: pathlib's overhead shows at 100k files
            return f.read()
    except OSError:
        return None


def _text_problems(loaded: Loaded) -> list[Problem]:
    """Each document's text has its recorded hash and length, and every quote is its slice."""
    locate, root = loaded.located, loaded.root
    sources, claims = loaded.typed["sources"], loaded.typed["claims"]
    documents = sources.with_row_index("row").filter(pl.col("role") == "document")
    base = str(root)
    contents = [_read_text(os.path.join(base, p)) if p is not None else None
                for p in documents["text_path"].to_list()]
    problems: list[Problem] = []
    texts = {}
    for (row, source_id, text_path, digest, chars), data in zip(
            documents.select("row", "source_id", "text_path", "text_sha256", "text_chars").iter_rows(), contents):
        if data is None:
            problems.append(locate.problem(LAYER, "sources", row, "rules.text-missing",
                                           f"the text {text_path!r} does not exist", "restore the text file"))
            continue
        if sha256(data) != digest:
            problems.append(locate.problem(LAYER, "sources", row, "rules.text-hash",
                                           f"{text_path} does not have the recorded text_sha256",
                                           "the text changed after coding: re-check the quotes and update text_sha256"))
            continue
        text = data.decode("utf-8", errors="replace")
        if len(text) != chars:
            problems.append(locate.problem(LAYER, "sources", row, "rules.text-chars",
                                           f"text_chars is {chars}, the text has {len(text)} code points", _REBUILD))
        texts[source_id] = text
    # Quotes against their texts, vectorised: polars slices by code point. Each claim
    # gets its text by position (a gather of views of the same strings, not copies).
    order = {source_id: i for i, source_id in enumerate(texts)}
    text_series = pl.Series("text", list(texts.values()), dtype=pl.String)
    position = claims["source_id"].replace_strict(order, default=None, return_dtype=pl.UInt32)
    start, end = pl.col("char_start"), pl.col("char_end")
    valid = ((start >= 0) & (end >= start)).fill_null(False)  # polars would count a negative start from the end
    sliced = pl.col("text").str.slice(pl.when(valid).then(start).otherwise(0),
                                      pl.when(valid).then(end - start).otherwise(0))
    checked = (claims.select("char_start", "char_end", "quote")
               .with_columns(text=text_series.gather(position) if len(text_series) else pl.lit(None, pl.String))
               .select(ok=pl.col("text").is_null() | (valid & (sliced == pl.col("quote"))).fill_null(False)))["ok"]
    for index in (~checked).arg_true().to_list():
        start, end = claims["char_start"][index], claims["char_end"][index]
        problems.append(locate.problem(LAYER, "claims", index, "rules.quote-slice",
                                       f"the text at [{start}:{end}] is not the quote",
                                       "offsets are computed by the build: undo the hand edit and rebuild"))
    return problems
