"""The rule catalogue: every rule verify and build can report, declared once.

A rule has an id (``layer.name``), the layer that reports it, a severity, a title,
what it means and the default fix. Every Problem is made through the catalogue
(``Problem(rule=...)`` looks its rule up), docs/rules.md is generated from it and
`autodefensas rules` lists it. The declarations live in one module per layer.
"""

from __future__ import annotations

from dataclasses import dataclass

LAYERS = ("schemas", "coding", "drift", "contract", "rules", "quality", "release", "verify")
SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Rule:
    id: str
    layer: str
    title: str
    meaning: str
    fix: str
    severity: str = "error"
    renamed_from: tuple[str, ...] = ()


class UnknownRuleError(KeyError):
    """A Problem named a rule the catalogue does not declare: a bug in the toolkit."""


def _declared() -> dict[str, Rule]:
    from . import coding, contract, drift, quality, release, rules, schemas, verify

    found: dict[str, Rule] = {}
    for module in (schemas, coding, drift, contract, rules, quality, release, verify):
        for rule in module.RULES:
            if rule.id in found:
                raise ValueError(f"rule {rule.id!r} is declared twice")
            if rule.layer not in LAYERS or not rule.id.startswith(_prefix(rule.layer)):
                raise ValueError(f"rule {rule.id!r}: its id does not start with its layer {rule.layer!r}")
            if rule.severity not in SEVERITIES:
                raise ValueError(f"rule {rule.id!r}: severity {rule.severity!r}")
            found[rule.id] = rule
    return found


def _prefix(layer: str) -> str:
    return "schema." if layer == "schemas" else f"{layer}."


_RULES: dict[str, Rule] | None = None


def catalogue() -> dict[str, Rule]:
    """Every declared rule by id, in layer order."""
    global _RULES
    if _RULES is None:
        _RULES = _declared()
    return _RULES


def get(rule_id: str) -> Rule:
    try:
        return catalogue()[rule_id]
    except KeyError:
        raise UnknownRuleError(f"rule {rule_id!r} is not declared in the rule catalogue") from None


def declare(layer: str, *specs: tuple) -> tuple[Rule, ...]:
    """Rules of one layer from (name, title, meaning, fix[, severity[, renamed_from]]) tuples."""
    rules = []
    for name, title, meaning, fix, *rest in specs:
        severity = rest[0] if rest else "error"
        renamed = tuple(rest[1]) if len(rest) > 1 else ()
        rules.append(Rule(f"{_prefix(layer)}{name}", layer, title, meaning, fix, severity, renamed))
    return tuple(rules)
