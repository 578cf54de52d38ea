"""Checks on source texts: encoding hygiene, and locating quotes in them."""

from __future__ import annotations

import hashlib
import unicodedata


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def hygiene_problems(data: bytes) -> list[tuple[str, int | None, str, str]]:
    """(rule, line, message, hint) for each way the bytes are not clean text.

    Clean text is UTF-8 without a BOM, LF line ends, Unicode NFC and no control
    characters other than the newline: quotes and offsets depend on all of these.
    """
    found: list[tuple[str, int | None, str, str]] = []
    if data.startswith(b"\xef\xbb\xbf"):
        found.append(("coding.text-bom", 1, "the text starts with a byte-order mark (BOM)",
                      "save the file as UTF-8 without BOM"))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        found.append(("coding.text-encoding", line, f"the text is not UTF-8 (byte {exc.start}: {exc.reason})",
                      "convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8"))
        return found
    if "\r" in text:
        found.append(("coding.text-crlf", _line_of(text, text.index("\r")),
                      "the text has CR (Windows or old Mac) line ends",
                      "convert line ends to LF, e.g. dos2unix"))
    if not unicodedata.is_normalized("NFC", text):
        index = next(i for i, ch in enumerate(text) if not unicodedata.is_normalized("NFC", ch)
                     or unicodedata.combining(ch))
        found.append(("coding.text-nfc", _line_of(text, index), "the text is not in Unicode NFC form",
                      "normalize it: python -c \"import sys,unicodedata;"
                      "sys.stdout.write(unicodedata.normalize('NFC',sys.stdin.read()))\""))
    for index, ch in enumerate(text):
        if ch not in "\n\r" and unicodedata.category(ch) == "Cc":
            found.append(("coding.text-control", _line_of(text, index),
                          f"the text has a control character U+{ord(ch):04X}",
                          "remove it (tabs too: use spaces)"))
            break
    return found


def find_all(text: str, quote: str) -> list[int]:
    """Start offsets (code points) of every occurrence of quote, overlaps included."""
    starts, index = [], text.find(quote)
    while index != -1:
        starts.append(index)
        index = text.find(quote, index + 1)
    return starts


def near_miss(text: str, quote: str) -> str:
    """A hint for a quote that is not in the text: how far it matches and where."""
    variants: dict[str, str | int | None] = {"’": "'", "‘": "'", "“": '"', "”": '"'}
    plain = quote.translate(str.maketrans(variants))
    if plain != quote or any(c in text for c in variants):
        straight: dict[str, str | int | None] = {"'": "’", '"': "”"}
        swapped = quote.translate(str.maketrans(straight))
        if find_all(text, swapped):
            return "the text uses curly quotes (’ ”): copy the quote from the text"
    if " ".join(quote.split()) != quote:
        return "the quote has extra spaces or line breaks: copy it from the text"
    low, high = 0, len(quote)
    while low < high:  # longest prefix of the quote found in the text
        mid = (low + high + 1) // 2
        if quote[:mid] in text:
            low = mid
        else:
            high = mid - 1
    if low >= 10:
        return (f"the text matches the quote up to {quote[:low][-30:]!r} and then differs: "
                "copy the quote from the text")
    return "copy the quote verbatim from the text (check spelling, accents and punctuation)"
