import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from autodefensas.build.derive import (
    FATALITY_RULE,
    Estimate,
    Figure,
    derive_dates,
    derive_fatalities,
    estimate,
    trace_dates,
    trace_fatalities,
)


def fig(source="a", claimant=None, actor=None, low=None, high=None, q="exact", scope="incident"):
    return Figure(source, claimant, actor, low, high, q, scope)


def test_design_example_official_one_locals_at_least_seven():
    figures = [fig("doc", "officially", low=1, high=1), fig("doc", "locals", low=7, q="at_least")]
    assert derive_fatalities(figures) == (1, 1, 7, True)


def test_no_usable_figure_is_unknown_not_zero():
    assert derive_fatalities([]) == (None, None, None, None)
    assert derive_fatalities([fig(q="unspecified")]) == (None, None, None, None)


def test_several_incidents_scope_is_ignored():
    assert derive_fatalities([fig(low=9, q="at_least", scope="several_incidents"), fig(low=1, high=1)]) == (1, 1, 1, False)


def test_group_figures_are_summed_when_no_total():
    figures = [fig("d", "spokesman", actor="civilians", low=14, high=14),
               fig("d", "spokesman", actor="soldiers", low=1, high=1),
               fig("e", "photo", actor="civilians", low=2, q="at_least")]
    assert derive_fatalities(figures) == (2, 15, 15, False)


def test_group_figures_are_ignored_when_any_total_exists():
    # Tepochica: 15 dead in all; 14 civilians + 1 soldier; a photo of at least two slain civilians
    figures = [fig("d", None, low=15, high=15), fig("d", "spokesman", actor="civilians", low=14, high=14),
               fig("d", "spokesman", actor="soldiers", low=1, high=1),
               fig("d", "photo", actor="civilians", low=2, q="at_least")]
    assert derive_fatalities(figures) == (15, 15, 15, False)


def test_same_estimate_twice_in_one_document_counts_once():
    figures = [fig("d", None, low=15, high=15), fig("d", "spokesman", low=15, high=15), fig("e", None, low=2, high=2)]
    # estimates 15 (once) and 2: lower median is 2
    assert derive_fatalities(figures) == (2, 2, 15, False)


def test_range_and_at_most():
    assert derive_fatalities([fig(low=60, high=100, q="range")]) == (60, 80, 100, False)
    assert derive_fatalities([fig(high=5, q="at_most")]) == (0, 5, 5, False)


def test_high_is_open_only_when_the_highest_figure_is_at_least():
    assert derive_fatalities([fig("a", low=7, q="at_least"), fig("b", low=9, high=9)])[3] is False
    assert derive_fatalities([fig("a", low=9, q="at_least"), fig("b", low=9, high=9)])[3] is True


def test_best_is_lower_median():
    figures = [fig(s, low=v, high=v) for s, v in (("a", 3), ("b", 10), ("c", 5))]
    assert derive_fatalities(figures) == (3, 5, 10, False)


def test_narrowest_date_interval_wins():
    month = (dt.date(2014, 12, 1), dt.date(2014, 12, 31), "month")
    day = (dt.date(2014, 12, 22), dt.date(2014, 12, 22), "day")
    assert derive_dates([month, day]) == day
    earlier = (dt.date(2014, 12, 21), dt.date(2014, 12, 21), "day")
    assert derive_dates([day, earlier]) == earlier


def test_a_floor_does_not_pull_the_best_estimate_down():
    # Iguala: the last government said 43 were killed; remains of at least one were identified
    figures = [fig("d", "the last government", low=43, high=43), fig("d", "investigators", low=1, q="at_least")]
    assert derive_fatalities(figures) == (1, 43, 43, False)


def test_only_floors_give_the_best_estimate_from_floors():
    assert derive_fatalities([fig("a", low=2, q="at_least"), fig("b", low=5, q="at_least")]) == (2, 2, 5, True)


# --- the trace: each step reports what it used and what it set aside ------------------------



def ref_fig(ref, source="d", claimant=None, actor=None, low=None, high=None, q="exact", scope="incident"):
    return Figure(source, claimant, actor, low, high, q, scope, ref)


def asides(trace):
    return {s.ref: (s.reason, s.against) for s in trace.set_aside}


def test_trace_names_every_set_aside_reason():
    trace = trace_fatalities([
        ref_fig("c01", low=15, high=15), ref_fig("c02", claimant="spokesman", low=15, high=15),
        ref_fig("c03", actor="civilians", low=14, high=14), ref_fig("c04", q="unspecified"),
        ref_fig("c05", low=40, q="at_least", scope="several_incidents"), ref_fig("c06", source="e", low=2, high=2)])
    assert asides(trace) == {
        "c02": ("same estimate from the same document counts once, as", ("c01",)),
        "c03": ("group figure: a whole-incident figure exists", ()),
        "c04": ("unspecified figure", ()),
        "c05": ("scope: several incidents", ()),
    }
    low, best, high, high_open = (trace.steps[n] for n in ("fatalities_low", "fatalities_best",
                                                           "fatalities_high", "fatalities_high_open"))
    assert (low.value, low.refs, low.rule) == (2, ("c06",), "smallest lower bound")
    assert (best.value, best.refs, best.rule) == (2, ("c06",), "lower median of the non-at_least point estimates")
    assert (high.value, high.refs, high.considered) == (15, ("c01",), ("c01", "c06"))
    assert (high_open.value, high_open.step) == (False, 5)


def test_trace_of_summed_group_figures_names_the_parts():
    trace = trace_fatalities([ref_fig("c01", claimant="army", actor="civilians", low=14, high=14),
                              ref_fig("c02", claimant="army", actor="soldiers", low=1, high=1)])
    assert trace.estimates == [Estimate(15, 15, 15, False, ("c01", "c02"))]
    assert trace.steps["fatalities_best"].refs == ("c01", "c02")


def test_trace_of_floors_only_and_of_nothing():
    trace = trace_fatalities([ref_fig("c01", low=2, q="at_least"), ref_fig("c02", source="e", low=5, q="at_least")])
    assert trace.steps["fatalities_best"].rule == "lower median of the point estimates (every figure is at_least)"
    assert (trace.steps["fatalities_high_open"].value, trace.steps["fatalities_high_open"].refs) == (True, ("c02",))
    empty = trace_fatalities([ref_fig("c01", q="unspecified")])
    assert {s.rule for s in empty.steps.values()} == {"no usable figure: unknown, not zero"}


def test_every_step_number_is_an_item_of_the_rule_text():
    trace = trace_fatalities([ref_fig("c01", low=1, high=1), ref_fig("c02", q="unspecified")])
    steps = {s.step for s in trace.steps.values()} | {s.step for s in trace.set_aside}
    assert steps and all(re.search(rf"^{n}\. ", FATALITY_RULE, re.M) for n in steps)


def test_date_trace_sets_wider_and_later_intervals_aside():
    month = (dt.date(2014, 12, 1), dt.date(2014, 12, 31), "month")
    day = (dt.date(2014, 12, 22), dt.date(2014, 12, 22), "day")
    later = (dt.date(2014, 12, 23), dt.date(2014, 12, 23), "day")
    trace = trace_dates([("c01", month), ("c02", day), ("c03", later), ("c04", day)])
    assert asides(trace) == {"c01": ("wider interval than", ("c02", "c04")),
                             "c03": ("later interval as narrow as", ("c02", "c04"))}
    assert trace.steps["date_precision"].rule == "narrowest date interval, the earliest of equally narrow ones"
    assert trace.steps["date_start"].refs == ("c02", "c04")
    assert trace_dates([("c01", month)]).steps["date_end"].rule == "narrowest date interval"


# The rule as it was written before derive reported its steps: the trace must not change a value.
def reference_fatalities(figures):
    usable = [(f, e) for f in figures if f.scope == "incident" and (e := estimate(f)) is not None]
    totals = [(f, e) for f, e in usable if f.actor_id is None]
    per_document: dict = {}
    if totals:
        for figure, found in totals:
            per_document.setdefault(figure.source_id, set()).add(found)
    else:
        groups: dict = {}
        for figure, found in usable:
            groups.setdefault((figure.source_id, figure.claimant), []).append(found)
        for (source_id, _), parts in groups.items():
            summed = tuple(sum(p[i] for p in parts) for i in range(3)) + (any(p[3] for p in parts),)
            per_document.setdefault(source_id, set()).add(summed)
    estimates = [e for found in per_document.values() for e in found]
    if not estimates:
        return (None, None, None, None)
    points = sorted(e[2] for e in estimates if not e[3]) or sorted(e[2] for e in estimates)
    high = max(e[1] for e in estimates)
    high_open = any(e[3] for e in estimates if e[1] == high)
    return (min(e[0] for e in estimates), points[(len(points) - 1) // 2], high, high_open)


figures_strategy = st.lists(st.builds(
    lambda source, claimant, actor, low, width, q, scope: Figure(
        source, claimant, actor, None if q == "unspecified" else low,
        None if q == "unspecified" else (low + width if q == "range" else low), q, scope),
    st.sampled_from("ab"), st.sampled_from([None, "x", "y"]), st.sampled_from([None, "g1", "g2"]),
    st.integers(0, 30), st.integers(0, 10), st.sampled_from(["exact", "about", "at_least", "at_most", "range",
                                                             "unspecified"]),
    st.sampled_from(["incident", "incident", "several_incidents"])), max_size=8)


@given(figures_strategy)
def test_traced_derivation_gives_the_values_of_the_rule_as_it_was(figures):
    assert derive_fatalities(figures) == reference_fatalities(figures)
