"""Publish: the tables as the files of the package (CSVs, descriptor, codebook, rule reference,
citation files).

Pure: rows in, {relative path: bytes} out. The build and the synthetic-data generator
both publish through here.
"""

from __future__ import annotations

from .. import paths
from ..tableschema import Schemas
from .citation import make_citation, make_zenodo
from .codebook import make_codebook
from .csvio import to_csv_bytes
from .descriptor import make_descriptor
from .rulesdoc import make_rules_doc


def publish(tables: dict[str, list[dict]], schemas: Schemas) -> dict[str, bytes]:
    files = {paths.csv(name): to_csv_bytes(schemas[name], tables[name]) for name in paths.TABLES}
    metadata = schemas.reference["package"]
    documents = [s for s in tables["sources"] if s["role"] == "document"]
    files[paths.DESCRIPTOR] = make_descriptor(metadata, schemas.tables, files, documents)
    files[paths.CODEBOOK] = make_codebook(metadata, schemas.tables, schemas.reference["event_types"],
                                          schemas.reference["roles"], schemas.reference.get("gazetteer"))
    files[paths.RULES_DOC] = make_rules_doc()
    files[paths.CITATION] = make_citation(metadata)
    files[paths.ZENODO] = make_zenodo(metadata)
    return files
