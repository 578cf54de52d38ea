"""The coding in memory: registry entries, documents and claims, each with where it was written."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report import Problem
from ..tableschema.gazetteer import Gazetteer


@dataclass
class Record:
    """One registry entry or claim: its values and where it was written."""

    row: dict
    file: str
    line: int
    key_lines: dict = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@dataclass
class Document:
    source: Record
    text: str | None
    claims: list[Record]


@dataclass
class Coding:
    outlets: list[Record] = field(default_factory=list)
    actors: list[Record] = field(default_factory=list)
    incidents: list[Record] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    withdrawn: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    partial: bool = False  # a sheet or claim could not be read: skip checks over all claims
    unread: set[str] = field(default_factory=set)  # registries that could not be read
    role_kinds: dict[str, str] = field(default_factory=dict)  # role -> incident_role | relation
    gazetteer: Gazetteer | None = None  # INEGI's states and municipalities, for the place checks

    def problem(self, file: str, line: int | None, rule: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(rule=rule, file=file, line=line, message=message, hint=hint))

    def locations(self) -> dict[str, dict[str, tuple[str, int]]]:
        """For each table, primary key -> (file, line) of the entry that produced the row."""
        def where(records, key):
            return {r.row[key]: (r.file, r.line) for r in records if r.row.get(key) is not None}
        return {
            "sources": where(self.outlets, "source_id") | where([d.source for d in self.documents], "source_id"),
            "actors": where(self.actors, "actor_id"),
            "incidents": where(self.incidents, "incident_id"),
            "claims": where([c for d in self.documents for c in d.claims], "claim_id"),
        }


