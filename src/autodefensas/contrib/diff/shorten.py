"""Long text cells shown by their changed words in context, so a one-word edit of a
600-character summary reads as that word, not as two paragraphs."""

from __future__ import annotations

import difflib
import re

LONG = 80  # characters: a cell up to this long is shown whole
CONTEXT = 4  # words kept on each side of the change
MIDDLE = 24  # words of a long changed stretch kept (half at each end)
ELLIPSIS = "…"


def _words(text: str) -> list[str]:
    # words with their trailing spaces, so that joining gives the text back unchanged
    return re.findall(r"\S+\s*|\s+", text)


def shorten_pair(old: str, new: str) -> tuple[str, str]:
    """(old, new) shortened to each stretch of changed words with CONTEXT words either side."""
    if len(old) <= LONG and len(new) <= LONG:
        return old, new
    if not old or not new:
        return shorten(old), shorten(new)
    a, b = _words(old), _words(new)
    groups = list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(CONTEXT))
    if not groups or all(op[0] == "equal" for group in groups for op in group):
        return old, new  # only whitespace at the ends differs
    olds = [_window(a, group[0][1], group[-1][2]) for group in groups]
    news = [_window(b, group[0][3], group[-1][4]) for group in groups]
    return _join(olds, a, groups, 1, 2), _join(news, b, groups, 3, 4)


def _window(words: list[str], start: int, end: int) -> str:
    part = words[start:end]
    if len(part) > MIDDLE + 2 * CONTEXT:
        half = MIDDLE // 2 + CONTEXT
        part = [*part[:half], f"{ELLIPSIS} ", *part[-half:]]
    return "".join(part).strip()


def _join(parts: list[str], words: list[str], groups: list, lo: int, hi: int) -> str:
    text = f" {ELLIPSIS} ".join(p for p in parts if p) or "(nothing)"
    head = ELLIPSIS if groups[0][0][lo] > 0 else ""
    tail = ELLIPSIS if groups[-1][-1][hi] < len(words) else ""
    return f"{head}{text}{tail}"


def shorten(text: str, limit: int = LONG * 2) -> str:
    """One long cell (a row added or removed) cut at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return f"{cut}{ELLIPSIS}"
