"""Contract layer: what `frictionless validate` checks, run vectorised.

The descriptor and Table Schemas are validated by frictionless (metadata only, no
data); the data checks are generated from schemas/: a pandera schema on polars for
each table (required, enum, pattern, ranges, lengths), primary keys and unique fields
with polars (the first occurrence is kept, later ones flagged, as frictionless does),
foreign keys as hash-set membership. Rule ids and rows are frictionless's, so that the
parity test can compare the two (frictionless_problems() runs the reference).
"""

from __future__ import annotations

from pathlib import Path

import pandera.polars as pa
import polars as pl

from .engine import Loaded, raw_cells
from .package import DESCRIPTOR
from .problems import Problem, cap
from .schema import TABLES, TableSchema

LAYER = "contract"
MAX_PER_RULE = 50  # problems listed per rule and file before summarizing
_HINT = ("data/ is generated: undo the hand edit (git checkout -- data/), or fix seeds/ and run "
         "`autodefensas build`; if a fresh build gives this too, fix the schema or the coding")


def _checks(field: dict) -> list[pa.Check]:
    c = field.get("constraints", {})
    checks = []
    if "enum" in c:
        checks.append(pa.Check.isin(c["enum"], error="enum"))
    if "pattern" in c:
        checks.append(pa.Check.str_matches(rf"^(?:{c['pattern']})$", error="pattern"))
    if "minimum" in c:
        checks.append(pa.Check.ge(c["minimum"], error="minimum"))
    if "maximum" in c:
        checks.append(pa.Check.le(c["maximum"], error="maximum"))
    if "minLength" in c or "maxLength" in c:
        checks.append(pa.Check.str_length(c.get("minLength"), c.get("maxLength"), error="length"))
    return checks


def pandera_schema(schema: TableSchema) -> pa.DataFrameSchema:
    """The pandera (polars) schema of a table, generated from its Table Schema.

    Types are checked when the CSV is typed (engine.typed_column) and uniqueness with
    polars, so columns carry no dtype or unique flag here: required, enum, pattern,
    ranges and lengths become checks.
    """
    return pa.DataFrameSchema(
        {f["name"]: pa.Column(None, _checks(f), nullable=not f.get("constraints", {}).get("required"))
         for f in schema.fields},
        name=schema.name)


def _describe(field: dict, check: str, value) -> str:
    c, name = field.get("constraints", {}), field["name"]
    if check == "not_nullable":
        return f'The cell in field "{name}" is empty but required'
    if check == "enum":
        return f'The cell {value!r} in field "{name}" is not one of: {", ".join(map(str, c["enum"]))}'
    if check == "pattern":
        return f'The cell {value!r} in field "{name}" does not match the pattern {c["pattern"]}'
    if check in ("minimum", "maximum"):
        return f'The cell {value!r} in field "{name}" is {"below" if check == "minimum" else "above"} {c[check]}'
    if check == "length":
        return f'The cell {value!r} in field "{name}" has a length outside [{c.get("minLength")}, {c.get("maxLength")}]'
    return f'The cell {value!r} in field "{name}" breaks {check}'


def contract_problems(loaded: Loaded) -> list[Problem]:
    """Every frictionless-style problem of the package the engine loaded."""
    problems = list(loaded.problems) + _descriptor_problems(loaded)
    locate = loaded.located
    for name in TABLES:
        if name not in loaded.typed:
            continue
        schema, typed = loaded.schemas[name], loaded.typed[name]
        type_errors = loaded.type_errors.get(name, {})
        found: list[Problem] = []
        for column, mask in type_errors.items():
            rows = mask.arg_true().to_list()
            cells = raw_cells(loaded.paths[name], column, rows[:MAX_PER_RULE])
            for index, cell in zip(rows, cells + [None] * (len(rows) - len(cells))):
                found.append(locate.problem(LAYER, name, index, "contract.type-error",
                                            f'Type error in the cell {cell!r} in field "{column}": '
                                            f'type is "{schema.field_map[column].get("type")}"', _HINT, False))
        try:
            pandera_schema(schema).validate(typed, lazy=True)
        except pa.errors.SchemaErrors as exc:
            for case in exc.failure_cases.iter_rows(named=True):
                column, index = case["column"], case["index"]
                if index is None or column is None:
                    continue
                if case["check"] == "not_nullable" and column in type_errors and type_errors[column][index]:
                    continue  # reported as a type error
                found.append(locate.problem(LAYER, name, index, "contract.constraint-error",
                                            _describe(schema.field_map[column], case["check"], case["failure_case"]),
                                            _HINT, False))
        for spec in schema.fields:
            if spec.get("constraints", {}).get("unique"):
                found += _repeats(loaded, name, [spec["name"]], "contract.unique-error")
        found += _repeats(loaded, name, schema.primary_key, "contract.primary-key")
        found += _foreign_keys(loaded, name)
        problems += cap(sorted(found, key=lambda p: (p.file, p.line or 0, p.rule)), LAYER, MAX_PER_RULE)
    return problems


def _repeats(loaded: Loaded, name: str, columns: list[str], rule: str) -> list[Problem]:
    """Rows that repeat the key of an earlier row (the first occurrence is not flagged)."""
    frame = loaded.typed[name].select(columns).with_row_index("row")
    present = pl.all_horizontal(pl.col(c).is_not_null() for c in columns)
    # Candidates by 64-bit hash (fast), then confirmed on the values themselves.
    candidates = frame.filter(~pl.struct(columns).hash().is_first_distinct() & present)
    if candidates.is_empty():
        return []
    keys = candidates.select(columns).unique()
    rows = frame.join(keys, on=columns, how="semi").sort("row")
    repeated = rows.filter(~pl.struct(columns).is_first_distinct())
    if repeated.is_empty():
        return []
    first = rows.group_by(columns).agg(pl.col("row").min().alias("first"))
    repeated = repeated.join(first, on=columns, how="left").sort("row")
    what = "primary key" if rule == "contract.primary-key" else f'unique field "{columns[0]}"'
    return [loaded.located.problem(LAYER, name, row[0], rule,
                                   f"the row repeats the {what} {tuple(row[1:-1])!r} of row {row[-1] + 2}",
                                   _HINT, False)
            for row in repeated.select("row", *columns, "first").iter_rows()]


def _foreign_keys(loaded: Loaded, name: str) -> list[Problem]:
    found = []
    for fk in loaded.schemas[name].foreign_keys:
        (column,), (target_column,) = fk["fields"], fk["reference"]["fields"]
        target = fk["reference"]["resource"] or name
        if target not in loaded.typed:
            continue
        values = loaded.typed[name][column]
        known = loaded.typed[target].select(pl.col(target_column).drop_nulls().unique().alias(column))
        dangling = (values.to_frame().with_row_index("row").filter(pl.col(column).is_not_null())
                    .join(known, on=column, how="anti"))["row"].sort()
        for index in dangling.to_list():
            found.append(loaded.located.problem(
                LAYER, name, index, "contract.foreign-key",
                f'for "{column}": value {values[index]!r} not found in "{target}" as "{target_column}"',
                f"add it to the {target} registry, or fix the reference in the coding sheet", False))
    return found


def _descriptor_problems(loaded: Loaded) -> list[Problem]:
    """The Data Package descriptor and its Table Schemas, validated by frictionless (no data)."""
    from frictionless import Package, Schema  # imported here: only this check needs it

    problems = []
    report = Package.validate_descriptor(loaded.descriptor)
    problems += [Problem(LAYER, DESCRIPTOR, None, f"contract.{e.type}", e.message,
                         "datapackage.json is generated: run `autodefensas build`") for e in report.errors]
    for name, schema in loaded.schemas.items():
        report = Schema.validate_descriptor(schema.descriptor)
        problems += [Problem(LAYER, f"schemas/{name}.json", None, f"contract.{e.type}", e.message,
                             "fix the Table Schema (see the Table Schema specification)") for e in report.errors]
    return problems


def frictionless_problems(root: Path) -> list[Problem]:
    """The reference: frictionless-py's own validation of the committed package."""
    import frictionless

    if not (root / DESCRIPTOR).exists():
        return [Problem(LAYER, DESCRIPTOR, None, "contract.missing", "datapackage.json is missing",
                        "run `autodefensas build`")]
    result = frictionless.validate(str(root / DESCRIPTOR))
    problems = [Problem(LAYER, DESCRIPTOR, None, f"contract.{e.type}", e.message, _hint_for(e.type))
                for e in result.errors]
    for task in result.tasks:
        place = _relative(root, task.place)
        for error in task.errors:
            problems.append(Problem(LAYER, place, getattr(error, "row_number", None), f"contract.{error.type}",
                                    error.message, _hint_for(error.type)))
    return problems


def _hint_for(error_type: str) -> str:
    if error_type in ("hash-count", "byte-count"):
        return ("the file changed after datapackage.json was built: undo the edit (git checkout -- data/), "
                "or change seeds/ and run `autodefensas build`")
    return _HINT


def _relative(root: Path, place: str) -> str:
    try:
        return str(Path(place).resolve().relative_to(root.resolve()))
    except ValueError:
        return place
