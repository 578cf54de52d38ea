"""Rules about schemas/: checked before anything else, since every layer reads them."""

from . import declare

RULES = declare(
    "schemas",
    ("missing-file", "A schema file is missing",
     "One of the Table Schemas or reference tables the toolkit reads is not in schemas/.",
     "restore the file (git checkout -- schemas/)"),
    ("json-syntax", "A schema file is not valid JSON",
     "The file in schemas/ cannot be parsed as JSON; the line is where the parser stopped.",
     "fix the JSON syntax at that line (a missing comma or quote, a trailing comma)"),
    ("structure", "A Table Schema is not shaped as the toolkit needs",
     "A Table Schema lacks fields, a field lacks a name or a known type, constraints are not an "
     "object, an enum is not a list, or the primary key or a foreign key names no field.",
     "fix the schema (see the Table Schema specification and docs/codebook.md)"),
    ("columns", "The schema's columns differ from what the build writes",
     "The fields of a Table Schema are not exactly the columns the toolkit builds for that table.",
     "rename the field back, or change the toolkit (build/keys.py) in the same commit"),
    ("types", "A column's type differs from what the toolkit computes with",
     "The toolkit derives this column, or computes with it (dates, arithmetic, text), as another "
     "type than the schema now gives it.",
     "change the type back, or change the toolkit (build/keys.py COMPUTED_TYPES and the code) in the "
     "same commit"),
    ("vocabulary", "A reference table differs from the enum it explains",
     "schemas/event_types.json, schemas/states.json or schemas/roles.json lists other values than the "
     "enum of the column it documents, or the column has no enum; or an event type's same_event_as "
     "names an unknown event type, itself, or one that does not name it back.",
     "list the same values in both files; list each same_event_as pair under both event types"),
    ("gazetteer", "The gazetteer is not the table the toolkit reads",
     "schemas/gazetteer.csv (INEGI's states and municipalities, which the place checks read) has another "
     "header, a row of the wrong width, a state not in schemas/states.json, a municipality code that is "
     "not 5 digits starting with its state's INEGI code, a code twice or an empty name.",
     "restore the file (git checkout -- schemas/gazetteer.csv) or regenerate it with "
     "python scripts/gazetteer.py"),
)
