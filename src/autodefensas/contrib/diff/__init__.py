"""`autodefensas diff`: what changed between two versions of the package, row by row.

compute.diff_versions() compares two opened versions into a PackageDiff; run.diff()
opens what a user names (git refs, a checkout built in memory, package folders);
formats.format_diff() writes it as text, markdown or JSON.
"""

from .compute import (
    DERIVED,
    FATALITIES,
    ClaimCause,
    FieldChange,
    IncidentChange,
    Named,
    PackageDiff,
    RowChange,
    TableDiff,
    diff_versions,
)
from .formats import FORMATS, format_diff, to_dict
from .run import default_base, diff
from .schema import SchemaChange

__all__ = ["DERIVED", "FATALITIES", "FORMATS", "ClaimCause", "FieldChange", "IncidentChange", "Named", "PackageDiff",
           "RowChange", "SchemaChange", "TableDiff", "default_base", "diff", "diff_versions", "format_diff",
           "to_dict"]
