"""The text a draft starts from, checked as the coding layer will check it, and the sheet's
source block: hash, detected language, title and the basis of the publication date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ... import paths
from ...build.keys import EARLIEST_DATE, MAX_BYTES, SLUG
from ...build.texts import hygiene_problems, sha256
from ...meaning.datewords import find_mentions

RIGHTS = "Copyright the publisher; text kept to verify quotes, not under the dataset licence."


class DraftError(Exception):
    """Bad input to draft: no such text, unclean text, a bad date, a sheet that exists."""


@dataclass(frozen=True)
class Source:
    source_id: str
    text: str
    sha256: str
    published: dt.date
    publisher: str | None
    language: str
    language_probability: float
    title: str | None
    basis: str  # stated | metadata
    basis_words: str | None  # the words that state the date


def parse_published(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        day = None
    if day is None:
        raise DraftError(f"--published {value!r} is not a date: write it as YYYY-MM-DD, e.g. 2015-01-20")
    if day < EARLIEST_DATE:
        raise DraftError(f"--published {value} is before {EARLIEST_DATE.year}: check the year")
    return day


def read_text(path: Path) -> tuple[str, str]:
    """(source_id, text) of seeds/<source_id>.txt, clean as the coding layer requires."""
    if not path.exists():
        raise DraftError(f"{path}: no such file")
    if not path.is_file() or path.is_symlink():
        raise DraftError(f"{path}: not a regular file (a directory or a link): save the text itself there")
    if path.suffix != ".txt" or not re.fullmatch(SLUG, path.stem) or len(path.stem) > 200:
        raise DraftError(f"{path}: the text must be saved as seeds/<source_id>.txt, where source_id is a slug "
                         "(lowercase letters, digits and single hyphens, e.g. diariodelbalsas-2015-01-20-checkpoint)")
    if path.stat().st_size > MAX_BYTES["text"]:
        raise DraftError(f"{path}: {path.stat().st_size:,} bytes; a text may have at most {MAX_BYTES['text']:,}")
    data = path.read_bytes()
    problems = hygiene_problems(data)
    if problems:
        said = "; ".join(f"line {line}: {message} ({hint})" for _, line, message, hint in problems)
        raise DraftError(f"{path}: the text is not clean as the coding layer requires: {said}")
    return path.stem, data.decode("utf-8")


def in_seeds(root: Path, path: Path) -> None:
    if path.resolve().parent != (root / paths.SEEDS).resolve():
        raise DraftError(f"{path} is not in {(root / paths.SEEDS).resolve()}: save the text as "
                         f"{paths.SEEDS}/<source_id>.txt in the checkout (or pass --root, or --output to write "
                         "the draft elsewhere)")


def make_source(source_id: str, text: str, published: dt.date, publisher: str | None) -> Source:
    language, probability = detect_language(text)
    basis, words = _basis(text, published, language)
    return Source(source_id, text, sha256(text.encode("utf-8")), published, publisher, language, probability,
                  _title(text), basis, words)


@cache
def _identifier():
    # py3langid: deterministic, 4.5 MB, its model loads in well under a second
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    language, probability = _identifier().classify(text)
    return language, round(float(probability), 2)


def _title(text: str) -> str | None:
    """The first line, when it reads as a headline (short, no full stop, more text after it)."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if rest.strip() and 10 <= len(first) <= 200 and not first.endswith((".", ":")):
        return first
    return None


def _basis(text: str, published: dt.date, language: str) -> tuple[str, str | None]:
    """stated when the text writes the publication date out (a dateline), else metadata."""
    head = text[:600]
    for mention in find_mentions(head, language):
        if (mention.day, mention.month) == (published.day, published.month) and mention.year == published.year:
            return "stated", mention.words
    for pattern in (published.isoformat(), published.strftime("%d/%m/%Y"), published.strftime("%d.%m.%Y")):
        if pattern in head:
            return "stated", pattern
    return "metadata", None
