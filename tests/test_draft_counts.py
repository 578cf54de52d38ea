"""Counts whose claim type or group stands before the number, and clauses that end a type word's
reach (texts written for these tests, English and Spanish, both directions)."""

import datetime as dt

import pytest

from autodefensas.contrib.draft import make_draft, read_gazetteer, read_outlets
from conftest import REPO


def figures(text: str, language_hint: str) -> set[tuple]:
    result = make_draft(f"prueba-2016-11-18-{language_hint}", text, dt.date(2016, 11, 18), "Gaceta de Prueba",
                        read_gazetteer(REPO), read_outlets(REPO))
    return {(p.claim_type, tuple(p.value) if isinstance(p.value, list) else p.value, p.value_qualifier)
            for p in result.proposals if p.kind == "figure"}


@pytest.mark.parametrize("text, expected", [
    ("The state prosecutor said it had issued arrest warrants for six commanders of the community police.",
     ("arrest_warrants", 6, "exact")),
    ("La Fiscalía solicitó a un juez órdenes de aprehensión contra siete presuntos responsables del ataque.",
     ("arrest_warrants", 7, "exact")),
    ("The bodies of two of the men were found on Saturday in a ravine near the village.",
     ("fatalities", 2, "exact")),
    ("The state government put the crowd at fewer than 300 on the main square of the town.",
     ("participants", 300, "at_most")),
    ("Witnesses said the gunmen numbered between 40 and 60 when they reached the checkpoint.",
     ("participants", (40, 60), "range")),
    ("Según la policía, los manifestantes sumaban unos 200 frente al palacio municipal.",
     ("participants", 200, "about")),
])
def test_the_type_or_group_before_the_number(text, expected):
    assert expected in figures(text, "x")


def test_an_and_ends_the_reach_of_the_type_word_before_it():
    found = figures("One officer was shot dead and two others were wounded on a dirt road outside the town.", "en")
    assert ("injuries", 2, "exact") in found and ("fatalities", 2, "exact") not in found


@pytest.mark.parametrize("text, absent", [
    ("Los dos militares resultaron heridos, uno de ellos de 22 años, y fueron trasladados a Monterrey.",
     ("injuries", 1, "exact")),
    ("Police said the trucks numbered 12 when the convoy left the town.", ("participants", 12, "exact")),
    ("Two slain civilians, one of them a teenager, lay on the road.", ("fatalities", 1, "exact")),
])
def test_no_count_where_the_words_make_none(text, absent):
    assert absent not in figures(text, "x")
