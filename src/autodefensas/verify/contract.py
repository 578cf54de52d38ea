"""Contract layer: what `frictionless validate` checks, run vectorised.

The descriptor and Table Schemas are validated by frictionless (metadata only, no
data); the data checks are generated from schemas/: a pandera schema on polars for
each table (required, enum, pattern, ranges, lengths), primary keys and unique fields
with polars (the first occurrence is kept, later ones flagged, as frictionless does),
foreign keys as hash-set membership. Rule ids and rows are frictionless's, so that the
parity test can compare the two (frictionless_problems() runs the reference).
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from .. import paths
from ..report import Problem
from ..tableschema import TableSchema
from .engine import Loaded, raw_cells

RAW_CELLS_SHOWN = 50  # type errors whose cell text is read back from the CSV for the message


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
    problems = list(loaded.problems) + (_descriptor_problems(loaded) if loaded.descriptor else [])
    locate = loaded.located
    for name in paths.TABLES:
        if name not in loaded.typed:
            continue
        schema, typed = loaded.schemas[name], loaded.typed[name]
        type_errors = loaded.type_errors.get(name, {})
        found: list[Problem] = []
        for column, mask in type_errors.items():
            rows = mask.arg_true().to_list()
            cells = raw_cells(loaded.paths[name], column, rows[:RAW_CELLS_SHOWN])
            for index, cell in zip(rows, cells + [None] * (len(rows) - len(cells))):
                found.append(locate.problem("contract.type-error", name, index,
                                            f'Type error in the cell {cell!r} in field "{column}": '
                                            f'type is "{schema.field_map[column].get("type")}"',
                                            to_coding=False, field=column, value=cell))
        try:
            pandera_schema(schema).validate(typed, lazy=True)
        except pa.errors.SchemaErrors as exc:
            for case in exc.failure_cases.iter_rows(named=True):
                column, index = case["column"], case["index"]
                if index is None or column is None:
                    continue
                if case["check"] == "not_nullable" and column in type_errors and type_errors[column][index]:
                    continue  # reported as a type error
                found.append(locate.problem("contract.constraint-error", name, index,
                                            _describe(schema.field_map[column], case["check"], case["failure_case"]),
                                            to_coding=False, field=column, value=case["failure_case"]))
        for spec in schema.fields:
            if spec.get("constraints", {}).get("unique"):
                found += _repeats(loaded, name, [spec["name"]], "contract.unique-error")
        found += _repeats(loaded, name, schema.primary_key, "contract.primary-key")
        found += _foreign_keys(loaded, name)
        problems += sorted(found, key=Problem.sort_key)
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
    return [loaded.located.problem(rule, name, row[0],
                                   f"the row repeats the {what} {tuple(row[1:-1])!r} of row {row[-1] + 2}",
                                   to_coding=False, field=columns[0])
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
                "contract.foreign-key", name, index,
                f'for "{column}": value {values[index]!r} not found in "{target}" as "{target_column}"',
                f"add it to the {target} registry, or fix the reference in the coding sheet", to_coding=False,
                field=column, value=values[index]))
    return found


# frictionless error types reported under the rule of their parent type: a field-error
# (frictionless's FieldError subclasses SchemaError) makes the Table Schema invalid.
_PARENT_TYPE = {"field-error": "schema-error"}


def rule_for(error_type: str) -> str:
    """Our rule id for a frictionless error type (the catalogue declares the ones we meet)."""
    from ..report.catalogue import catalogue

    rule = f"contract.{_PARENT_TYPE.get(error_type, error_type)}"
    return rule if rule in catalogue() else "contract.other"


def frictionless_message(error) -> str:
    """frictionless's message, with its error type when our catalogue has no rule for it."""
    return error.message if rule_for(error.type) != "contract.other" else f"{error.type}: {error.message}"


def _descriptor_problems(loaded: Loaded) -> list[Problem]:
    """The Data Package descriptor and its Table Schemas, validated by frictionless (no data)."""
    from frictionless import Package, Schema  # imported here: only this check needs it

    problems = []
    report = Package.validate_descriptor(loaded.descriptor)
    problems += [Problem(rule=rule_for(e.type), file=paths.DESCRIPTOR, message=frictionless_message(e))
                 for e in report.errors]
    for name, schema in loaded.schemas.items():
        report = Schema.validate_descriptor(schema.descriptor)
        problems += [Problem(rule=rule_for(e.type), file=paths.schema(name), message=frictionless_message(e))
                     for e in report.errors]
    return problems
