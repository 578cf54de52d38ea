import unicodedata

import pytest

from autodefensas.build.texts import find_all, hygiene_problems, near_miss


def rules(data: bytes):
    return [r[0] for r in hygiene_problems(data)]


def test_clean_text():
    assert rules("Apatzingán, Michoacán\nsecond line\n".encode()) == []


@pytest.mark.parametrize(("data", "rule", "line"), [
    (b"\xef\xbb\xbfhello\n", "coding.text-bom", 1),
    ("a\ncaf\xe9\n".encode("latin-1"), "coding.text-encoding", 2),
    (b"a\r\nb\r\n", "coding.text-crlf", 1),
    (unicodedata.normalize("NFD", "x\nApatzingán").encode(), "coding.text-nfc", 2),
    (b"a\nb\x07c\n", "coding.text-control", 2),
    (b"a\tb\n", "coding.text-control", 1),
])
def test_unclean_text(data, rule, line):
    found = {r[0]: r[1] for r in hygiene_problems(data)}
    assert rule in found
    assert found[rule] == line


def test_find_all_counts_overlaps():
    assert find_all("aaa", "aa") == [0, 1]
    assert find_all("abc", "x") == []


def test_near_miss_curly_apostrophe():
    text = "Mexico’s turbulent Michoacan state"
    assert "curly" in near_miss(text, "Mexico's turbulent")


def test_near_miss_shows_where_it_differs():
    text = "locals said at least seven were killed in the gun battle"
    assert "at least seven" in near_miss(text, "locals said at least seven were shot")
