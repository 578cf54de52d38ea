"""Coding layer, what quotes say: figures and qualifiers the quote does not state (meaning/figures.py)."""

from conftest import SHEET, replace_line

from .base import case, key_line

TALKS = "seeds/insightcrime-2013-08-09-guerrero-vigilantes-talks.yaml"


@case("coding.figure-not-in-quote")
def fatalities_typed_one_off(root):
    # c11 quotes "locals said at least seven were killed in the gun battle"
    line = key_line(root, "c11", "value")
    replace_line(root / SHEET, line, "    value: 8")
    return SHEET, line


@case("coding.qualifier-cue")
def at_least_coded_as_exact(root):
    line = key_line(root, "c11", "value_qualifier")
    replace_line(root / SHEET, line, "    value_qualifier: exact")
    return SHEET, line


@case("coding.range-not-in-quote")
def range_bound_mistyped(root):
    # c04 quotes "detained between 60 and 100 soldiers"
    line = key_line(root, "c04", "value", TALKS)
    replace_line(root / TALKS, line, "    value: [60, 120]")
    return TALKS, line
