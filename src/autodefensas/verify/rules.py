"""Rules layer: what a Table Schema cannot say, over the tables the engine loaded.

Cross-field rules run as pandera checks on polars (one DataFrame-wide check per
rule); cross-table rules (claim counts, source roles, publication dates, quotes
against their texts, likely duplicate incidents: duplicates.py) as polars joins and
group-bys. Every failure is collected in
one run and located at the coding sheet or registry line that produced the row when
the coding knows it, else at the CSV row.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import pandera.polars as pa
import polars as pl

from .. import paths
from ..build.fatalities import FATALITY_FIELDS
from ..build.keys import ACTOR_SUBJECT_TYPES, FIGURE_TYPES
from ..build.resolve import parent_cycles
from ..build.texts import sha256
from ..report import Problem
from ..report.catalogue import get
from ..tableschema.dates import DATE_FORMS_HELP, start_expr
from .duplicates import duplicate_problems
from .engine import Loaded


@dataclass(frozen=True)
class Rule:
    """A rule over one table: rows where the expression is not true break it. Its message
    is the catalogue's description of the rule, its fix the catalogue's."""

    id: str
    table: str
    ok: pl.Expr
    hint: str = ""


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
    fatalities = list(FATALITY_FIELDS)
    document = (pl.col("role") == "document").fill_null(False)
    text_columns = ["text_path", "text_sha256", "text_chars"]
    precision = pl.col("geo_precision")
    return [
        Rule("rules.fatalities-order", "incidents",
             _le("fatalities_low", "fatalities_best") & _le("fatalities_best", "fatalities_high")),
        Rule("rules.fatalities-complete", "incidents",
             pl.all_horizontal(pl.col(c).is_null() for c in fatalities)
             | pl.all_horizontal(pl.col(c).is_not_null() for c in fatalities)),
        Rule("rules.date-order", "incidents", _le("date_start", "date_end")),
        Rule("rules.geo-precision", "incidents",
             (~precision.is_in(["municipality", "locality"]) | pl.col("municipality").is_not_null()).fill_null(True)
             & ((precision != "locality") | pl.col("locality").is_not_null()).fill_null(True)
             & (pl.col("municipality_code").is_null() | pl.col("municipality").is_not_null())),
        Rule("rules.municipality-state", "incidents",
             pl.col("municipality_code").is_null()
             | (pl.col("municipality_code").str.slice(0, 2)
                == pl.col("state_code").replace_strict(inegi, default=None)).fill_null(False)),
        Rule("rules.coordinates", "incidents", pl.col("latitude").is_null() == pl.col("longitude").is_null()),
        Rule("rules.value-order", "claims", _le("value_low", "value_high")),
        Rule("rules.qualifier-values", "claims", _value_shape(),
             "fix the claim's value and value_qualifier in its coding sheet"),
        Rule("rules.claim-target", "claims", (on_actor & subject & ~incident) | (~on_actor & incident & ~subject)),
        Rule("rules.offsets", "claims",
             _either_null("char_start", "char_end", "quote")
             | ((pl.col("char_end") - pl.col("char_start")) == pl.col("quote").str.len_chars())),
        Rule("rules.source-fields", "sources",
             (document & pl.all_horizontal(pl.col(c).is_not_null()
                                           for c in [*text_columns, "published_date", "published_date_basis"]))
             | (~document & pl.all_horizontal(pl.col(c).is_null() for c in text_columns))),
    ]


def rules_schema(rules: list[Rule]) -> pa.DataFrameSchema:
    """A pandera schema of DataFrame-wide checks, one per rule."""
    def check(rule: Rule):
        return pa.Check(lambda data: data.lazyframe.select(rule.ok.fill_null(True).alias(rule.id)), error=rule.id)
    return pa.DataFrameSchema(checks=[check(rule) for rule in rules])


def rules_problems(loaded: Loaded, states: dict,
                   same_event: Mapping[str, frozenset[str]] | None = None) -> list[Problem]:
    """Every rule over the loaded tables (the tables that could not be read are skipped).
    same_event: the event types each may be the same event as (schemas/event_types.json)."""
    rules = table_rules(states)
    by_id = {rule.id: rule for rule in rules}
    problems: list[Problem] = []
    for name in paths.TABLES:
        if name not in loaded.typed:
            continue
        try:
            rules_schema([r for r in rules if r.table == name]).validate(loaded.typed[name], lazy=True)
        except pa.errors.SchemaErrors as exc:
            cases = exc.failure_cases.select("check", "index").unique(maintain_order=True)
            for rule_id, index in cases.iter_rows():
                if index is not None:
                    rule = by_id[rule_id]
                    problems.append(loaded.located.problem(rule.id, name, index, get(rule.id).meaning, rule.hint))
    if "actors" in loaded.typed:
        problems += _parent_cycles(loaded)
    if loaded.complete:
        problems += _cross_table(loaded)
        problems += duplicate_problems(loaded, same_event or {})
    return problems


def _parent_cycles(loaded: Loaded) -> list[Problem]:
    """Every actor on a cycle of parent_actor_id (its own ancestor), once per cycle."""
    actors = loaded.typed["actors"].select("actor_id", "parent_actor_id").with_row_index("row")
    rows = {actor: row for row, actor, _ in actors.iter_rows()}
    parent = {actor: up for _, actor, up in actors.iter_rows() if up is not None}
    return [loaded.located.problem("rules.parent-cycle", "actors", rows[cycle[0]],
                                   f"actor {cycle[0]!r} is its own ancestor: {' -> '.join([*cycle, cycle[0]])}",
                                   field="parent_actor_id", value=parent[cycle[0]])
            for cycle in parent_cycles(parent)]


def _cross_table(loaded: Loaded) -> list[Problem]:
    t, locate = loaded.typed, loaded.located
    problems: list[Problem] = []

    def flag(table: str, mask: pl.Series, rule: str, message, hint: str = "") -> None:
        for index in mask.fill_null(False).arg_true().to_list():
            problems.append(locate.problem(rule, table, index, message(index), hint))

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
    counts_differ = (got["n_claims"] != got["got_claims"]) | (got["n_sources"] != got["got_sources"])
    flag("incidents", (got["got_claims"] > 0) & counts_differ.fill_null(True),
         "rules.incident-counts",
         lambda i: f"n_claims/n_sources are {got['n_claims'][i]}/{got['n_sources'][i]}, "
                   f"the claims give {got['got_claims'][i]}/{got['got_sources'][i]}")
    # nothing is reported before the document reporting it was published: once per
    # incident, at the incident (its date claims say which is wrong), and per date claim
    flag("incidents", got["date_start"] > got["first_published"], "rules.after-publication",
         lambda i: f"the incident starts on {got['date_start'][i]}, after the first document reporting it "
                   f"was published ({got['first_published'][i]})",
         "check the incident's date claims and the documents' published_date")
    published = joined["published_date"]
    dates = claims.select("claim_type", "value_text").with_columns(
        published=published, start=start_expr(pl.col("value_text")))
    is_date = (dates["claim_type"] == "date").fill_null(False)
    flag("claims", is_date & dates["start"].is_null(), "rules.date-value",
         lambda i: f"value_text {dates['value_text'][i]!r} is not a date value",
         DATE_FORMS_HELP)
    flag("claims", is_date & (dates["start"] > dates["published"]), "rules.after-publication",
         lambda i: f"the date {dates['value_text'][i]!r} starts after the document was published "
                   f"({dates['published'][i]})",
         "resolve dates without a year against the publication date (the year before, if need be)")
    problems += _text_problems(loaded)
    return problems


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
            problems.append(locate.problem("rules.text-missing", "sources", row,
                                           f"the text {text_path!r} does not exist"))
            continue
        if sha256(data) != digest:
            problems.append(locate.problem("rules.text-hash", "sources", row,
                                           f"{text_path} does not have the recorded text_sha256"))
            continue
        text = data.decode("utf-8", errors="replace")
        if len(text) != chars:
            problems.append(locate.problem("rules.text-chars", "sources", row,
                                           f"text_chars is {chars}, the text has {len(text)} code points"))
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
        problems.append(locate.problem("rules.quote-slice", "claims", index,
                                       f"the text at [{start}:{end}] is not the quote"))
    return problems
