"""YAML loading that keeps line numbers and refuses duplicate keys.

PyYAML's safe loader is wrapped so that every mapping remembers the line of each
key and every list the line of each item: problems found later in the data can then
point at the line a contributor has to edit.
"""

from __future__ import annotations

from pathlib import Path

import yaml


class LineDict(dict):
    """A dict that knows the 1-based line of itself and of each of its keys."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows the 1-based line of itself and of each item."""

    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.item_lines: list[int] = []


class YamlError(Exception):
    def __init__(self, line: int | None, message: str, hint: str, rule: str):
        super().__init__(message)
        self.line, self.message, self.hint, self.rule = line, message, hint, rule


# libyaml's parser when PyYAML has it (ten times faster on large registries), else
# PyYAML's own; the constructors below are ours either way.
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # the base is chosen at import time
    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        # a tagged value its constructor refuses: "!!int abc", "!!bool x" (KeyError), "!!timestamp x" (AttributeError)
        except (ValueError, TypeError, OverflowError, KeyError, AttributeError) as exc:
            raise YamlError(node.start_mark.line + 1, f"the value {_show(node)} cannot be read: {exc}",
                            "write a plain value (no !! tag)", "coding.type") from None


def _show(node) -> str:
    value = node.value if isinstance(node.value, str) else node.tag
    return repr(value if len(value) <= 40 else value[:37] + "...")


MAX_DEPTH = 40  # a coding sheet nests four levels; thousands would exhaust the parser's stack


def _construct_child(loader: _Loader, node: yaml.Node, line: int):
    """Construct a child node, refusing aliases.

    An alias is a node that appears twice in the graph, so it is already constructed
    when we meet it again. Aliases are refused outright: coding needs none, and nested
    aliases can expand a small file into billions of values ("billion laughs").
    """
    if node in loader.constructed_objects:
        raise YamlError(line, "YAML aliases (*name) are not allowed in coding files",
                        "write the value out in full", "coding.yaml-alias")
    return loader.construct_object(node, deep=True)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = _construct_child(loader, key_node, line)
        if isinstance(key, (list, dict, set)):
            raise YamlError(line, "a key must be a plain word, not a list or mapping (a '? [a, b]' key)",
                            "write the key as a plain word followed by ': '", "coding.structure")
        if key in mapping:
            raise YamlError(
                line,
                f"duplicate key {key!r} (first at line {mapping.key_lines[key]})",
                "remove one of the two entries, or merge them",
                "coding.duplicate-key",
            )
        mapping[key] = _construct_child(loader, value_node, line)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    line = node.start_mark.line + 1  # an alias item is the anchored node: its own mark is elsewhere
    items = LineList(_construct_child(loader, child, line) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    """YAML reads an unquoted 2015-01-06 as a date; an impossible one (2015-02-30) is a
    mistake of the coder, not a crash."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise YamlError(node.start_mark.line + 1, f"{node.value!r} is not a date that exists",
                        "write a real date as yyyy-mm-dd", "coding.type") from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path):
    """Parse one YAML file; raise YamlError with the line and a hint on any failure."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(None, f"not UTF-8 ({exc.reason} at byte {exc.start})",
                        "save the file as UTF-8", "coding.encoding") from None
    deep = too_deep(text)
    if deep is not None:
        raise YamlError(deep, f"the YAML is nested more than {MAX_DEPTH} levels deep",
                        "a coding sheet nests four levels (sheet, claims, claim, value): remove the extra "
                        "nesting", "coding.structure")
    try:
        return yaml.load(text, Loader=_Loader)
    except RecursionError:  # too_deep() is a screen; whatever slips through is still a report
        raise YamlError(None, "the YAML is nested too deeply to read", "remove the extra nesting",
                        "coding.structure") from None
    except yaml.MarkedYAMLError as exc:
        # The problem mark is where the parser gave up; for an unclosed bracket or
        # quote the line to edit is where the construct starts: the context mark.
        unclosed = exc.context_mark and any(w in (exc.context or "") for w in ("flow", "quoted"))
        mark = exc.context_mark if unclosed else (exc.problem_mark or exc.context_mark)
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        if exc.context and exc.problem_mark and exc.problem_mark.line + 1 != line:
            problem = f"{exc.context}: {problem} (noticed at line {exc.problem_mark.line + 1})"
        hint = "check indentation and quoting on this line (quote strings containing ': ' or '#')"
        lines = text.split("\n")
        if line and line <= len(lines) and "\t" in lines[line - 1]:
            hint = "YAML does not allow tabs for indentation: indent with spaces"
        raise YamlError(line, f"YAML syntax error: {problem}", hint, "coding.yaml-syntax") from None
    except yaml.YAMLError as exc:
        raise YamlError(None, f"YAML error: {exc}", "fix the YAML syntax",
                        "coding.yaml-syntax") from None


def too_deep(text: str) -> int | None:
    """The first line where brackets plus block indentation nest deeper than MAX_DEPTH, or None.
    A screen, not a parser: quotes are skipped only roughly, which errs on the safe side."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" -")
        block = (len(line) - len(stripped)) // 2
        quote = None
        for ch in stripped:
            if quote:
                quote = None if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
            elif ch in "]}":
                depth = max(depth - 1, 0)
            if depth + block > MAX_DEPTH:
                return number
        if depth + block > MAX_DEPTH:
            return number
    return None
