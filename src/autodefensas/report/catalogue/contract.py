"""Rules of the contract layer: what `frictionless validate` checks, with its error types as ids."""

from . import declare

_EDIT = ("data/ is generated: undo the hand edit (git checkout -- data/), or fix seeds/ and run "
         "`autodefensas build`; if a fresh build gives this too, fix the schema or the coding")
_CHANGED = ("the file changed after datapackage.json was built: undo the edit (git checkout -- data/), "
            "or change seeds/ and run `autodefensas build`")

RULES = declare(
    "contract",
    ("missing", "Descriptor missing or unreadable", "datapackage.json does not exist or is not JSON.",
     "run `autodefensas build`"),
    ("package-error", "Invalid Data Package descriptor", "frictionless finds datapackage.json invalid "
     "against the Data Package profile.", "datapackage.json is generated: run `autodefensas build`"),
    ("profile", "Descriptor breaks the Data Package v2 profile", "datapackage.json does not validate "
     "against the Data Package 2.0 JSON Schema (held in the toolkit): a Table Schema field's example that is "
     "not a string, a created that is not an RFC 3339 date-time, a licence with neither name nor path. The "
     "problem names the schemas/ file and line the value comes from.",
     "fix the value in the schemas/ file named (a field in schemas/<table>.json, the package metadata in "
     "schemas/package.json), then run `autodefensas build`"),
    ("schema-error", "Invalid Table Schema", "frictionless finds a Table Schema in schemas/ invalid.",
     "fix the Table Schema (see the Table Schema specification)"),
    ("scheme-error", "Resource file missing", "A resource's CSV does not exist.", "run `autodefensas build`"),
    ("source-error", "Resource not readable as CSV", "A resource's file cannot be parsed as CSV.",
     "run `autodefensas build`"),
    ("header", "CSV header differs from the schema", "A CSV's header is not the fields of its Table "
     "Schema, in order.", "rebuild with `autodefensas build`; if the schema changed, change the toolkit "
     "in the same commit"),
    ("byte-count", "Size differs from the descriptor", "A CSV's size is not the descriptor's bytes.",
     _CHANGED),
    ("hash-count", "Hash differs from the descriptor", "A CSV's sha256 is not the descriptor's hash.",
     _CHANGED),
    ("type-error", "Cell not of its field's type", "A cell does not parse as its field's type.", _EDIT),
    ("constraint-error", "Cell breaks a constraint", "A cell breaks its field's required, enum, pattern, "
     "minimum, maximum or length constraint.", _EDIT),
    ("unique-error", "Unique field repeated", "A row repeats the value of a unique field of an earlier row.",
     _EDIT),
    ("primary-key", "Primary key repeated", "A row repeats the primary key of an earlier row.", _EDIT),
    ("foreign-key", "Dangling foreign key", "A reference names a row the referenced table lacks.",
     "add it to its registry, or fix the reference in the coding sheet"),
    ("other", "Other frictionless error", "The reference engine (frictionless-py) reported an error type "
     "the fast engine has no rule for; its type is in the message.", _EDIT),
)
