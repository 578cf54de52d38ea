import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autodefensas.build.derive import (
    FATALITY_FIELDS,
    FATALITY_RULE,
    Estimate,
    Figure,
    derive_dates,
    derive_fatalities,
    trace_dates,
    trace_fatalities,
)
from autodefensas.build.fatality_examples import EXAMPLES, markdown


def fig(source="a", claimant=None, actor=None, low=None, high=None, q="exact", scope="incident", cited=None):
    return Figure(source, claimant, actor, low, high, q, scope, None, cited)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.title for e in EXAMPLES])
def test_each_worked_example_of_the_codebook_gives_what_it_says(example):
    assert derive_fatalities(example.figures()) == example.expected


def test_the_codebook_prints_every_worked_example_with_what_it_gives(built):
    text = (built / "docs" / "codebook.md").read_text("utf-8")
    assert "\n".join(markdown()) in text
    first = text.index("**1. An official figure against a floor**")
    assert "Gives fatalities_low 1, fatalities_best 1, fatalities_high 7, fatalities_high_open true, " \
           "fatalities_disputed true." in text[first:]
    assert text.count("| A1 | A |") == len(EXAMPLES)


def test_no_usable_figure_is_unknown_not_zero():
    assert derive_fatalities([]) == (None,) * 5
    assert derive_fatalities([fig(q="unspecified")]) == (None,) * 5


def test_several_incidents_scope_is_ignored():
    assert derive_fatalities([fig(low=9, q="at_least", scope="several_incidents"), fig(low=1, high=1)]) == \
        (1, 1, 1, False, False)


def test_group_figures_are_summed_when_no_total():
    figures = [fig("d", "spokesman", actor="civilians", low=14, high=14),
               fig("d", "spokesman", actor="soldiers", low=1, high=1),
               fig("e", "photo", actor="civilians", low=2, q="at_least")]
    assert derive_fatalities(figures) == (2, 15, 15, False, False)


def test_a_group_figure_with_no_lower_bound_keeps_the_sum_without_one():
    figures = [fig("d", None, actor="police", high=3, q="at_most"), fig("d", None, actor="gunmen", high=4, q="at_most")]
    assert derive_fatalities(figures) == (0, 7, 7, False, False)


def test_same_estimate_twice_in_one_document_counts_once():
    figures = [fig("d", None, low=15, high=15), fig("d", "spokesman", low=15, high=15), fig("e", None, low=2, high=2)]
    # estimates 15 (once) and 2: lower median is 2
    assert derive_fatalities(figures) == (2, 2, 15, False, True)


def test_one_outlet_counts_once_only_for_the_same_claimant_and_figure():
    relayed = [fig("a", "police", low=3, high=3, cited="x"), fig("b", "police", low=3, high=3, cited="x"),
               fig("c", None, low=8, high=8), fig("d", None, low=9, high=9)]
    assert derive_fatalities(relayed)[1] == 8
    # another claimant of the same outlet, or another outlet, is another statement
    other_claimant = Figure("b", "medics", None, 3, 3, "exact", "incident", None, "x")
    other_outlet = Figure("b", "police", None, 3, 3, "exact", "incident", None, "y")
    for second in (other_claimant, other_outlet):
        assert derive_fatalities([relayed[0], second, *relayed[2:]])[1] == 3


def test_high_is_open_only_when_only_floors_state_it():
    assert derive_fatalities([fig("a", low=7, q="at_least"), fig("b", low=9, high=9)])[3] is False
    assert derive_fatalities([fig("a", low=9, q="at_least"), fig("b", low=9, high=9)])[3] is False
    assert derive_fatalities([fig("a", low=9, q="at_least"), fig("b", low=7, high=7)])[3] is True


def test_best_is_lower_median():
    figures = [fig(s, low=v, high=v) for s, v in (("a", 3), ("b", 10), ("c", 5))]
    assert derive_fatalities(figures) == (3, 5, 10, False, True)


def test_best_is_kept_between_low_and_high():
    # a cap below a floor: no figure states the toll; the lower median (3) is below the low (5)
    assert derive_fatalities([fig("a", high=3, q="at_most"), fig("b", low=5, q="at_least")]) == (5, 5, 5, True, True)


def test_about_reaches_a_quarter_either_side():
    assert derive_fatalities([fig("a", low=60, high=60, q="about"), fig("b", low=75, high=75)])[4] is False
    assert derive_fatalities([fig("a", low=60, high=60, q="about"), fig("b", low=76, high=76)])[4] is True
    assert derive_fatalities([fig("a", low=60, high=60, q="about"), fig("b", low=12, high=12)])[4] is True
    # an exact figure reaches nowhere: 60 and 61 cannot both be the toll
    assert derive_fatalities([fig("a", low=60, high=60), fig("b", low=61, high=61)])[4] is True


def test_disputed_needs_two_estimates_and_ranges_overlap():
    assert derive_fatalities([fig(low=5, high=5)])[4] is False
    assert derive_fatalities([fig("a", low=2, high=6, q="range"), fig("b", low=5, high=9, q="range")])[4] is False
    assert derive_fatalities([fig("a", low=2, high=4, q="range"), fig("b", low=5, high=9, q="range")])[4] is True


def test_narrowest_date_interval_wins():
    month = (dt.date(2014, 12, 1), dt.date(2014, 12, 31), "month")
    day = (dt.date(2014, 12, 22), dt.date(2014, 12, 22), "day")
    assert derive_dates([month, day]) == day
    earlier = (dt.date(2014, 12, 21), dt.date(2014, 12, 21), "day")
    assert derive_dates([day, earlier]) == earlier


def test_a_floor_does_not_pull_the_best_estimate_down():
    # the last government said 43 were killed; remains of at least one were identified
    figures = [fig("d", "the last government", low=43, high=43), fig("d", "investigators", low=1, q="at_least")]
    assert derive_fatalities(figures) == (1, 43, 43, False, False)


# --- the trace: each step reports what it used and what it set aside ------------------------



def ref_fig(ref, source="d", claimant=None, actor=None, low=None, high=None, q="exact", scope="incident", cited=None):
    return Figure(source, claimant, actor, low, high, q, scope, ref, cited)


def asides(trace):
    return {s.ref: (s.reason, s.against) for s in trace.set_aside}


def test_trace_names_every_set_aside_reason():
    trace = trace_fatalities([
        ref_fig("c01", low=15, high=15), ref_fig("c02", claimant="spokesman", low=15, high=15),
        ref_fig("c03", actor="civilians", low=14, high=14), ref_fig("c04", q="unspecified"),
        ref_fig("c05", low=40, q="at_least", scope="several_incidents"), ref_fig("c06", source="e", low=2, high=2),
        ref_fig("c07", source="f", claimant="medics", actor="police", low=1, high=1),
        ref_fig("c08", source="f", claimant="medics", actor="police", low=3, high=3),
        ref_fig("c09", source="g", low=2, high=2, cited="x"), ref_fig("c10", source="h", low=2, high=2, cited="x")])
    assert asides(trace) == {
        "c02": ("same estimate from the same document counts once, as", ("c01",)),
        "c03": ("group figure: a part of the whole-incident figure its claimant gives in", ("c01",)),
        "c04": ("unspecified figure", ()),
        "c05": ("scope: several incidents", ()),
        "c07": ("the same group counted again by its claimant in the same document counts once, as", ("c08",)),
        "c10": ("same estimate relayed from x by another document counts once, as", ("c09",)),
    }
    low, best, high, high_open, disputed = (trace.steps[n] for n in FATALITY_FIELDS)
    assert (low.value, low.refs, low.rule) == (2, ("c06", "c09"), "smallest lower bound a figure states")
    assert (best.value, best.refs, best.rule) == (2, ("c06", "c09"),
                                                  "lower median of the points of the figures that state the toll")
    assert (high.value, high.refs, high.considered) == (15, ("c01",), ("c01", "c06", "c09", "c08"))
    assert (high_open.value, high_open.step) == (False, 6)
    assert (disputed.value, disputed.step, disputed.refs) == (True, 7, ("c01", "c06", "c09"))
    assert disputed.rule == "the figures cannot all be true: one says at least 15, another at most 2"


def test_trace_of_summed_group_figures_names_the_parts():
    trace = trace_fatalities([ref_fig("c01", claimant="army", actor="civilians", low=14, high=14),
                              ref_fig("c02", claimant="army", actor="soldiers", low=1, high=1)])
    assert trace.estimates == [Estimate(15, 15, 15, False, ("c01", "c02"))]
    assert trace.steps["fatalities_best"].refs == ("c01", "c02")


def test_trace_of_a_floor_from_another_claimants_groups():
    trace = trace_fatalities([ref_fig("c01", low=10, high=10),
                              ref_fig("c02", source="e", claimant="police", actor="gunmen", low=12, high=12),
                              ref_fig("c03", source="e", claimant="police", actor="police", low=2, high=2)])
    assert trace.estimates == [Estimate(10, 10, 10, False, ("c01",)), Estimate(14, 14, 14, True, ("c02", "c03"), False)]
    assert trace.steps["fatalities_high_open"].rule == "only at_least figures state the largest upper bound"


def test_trace_of_floors_only_of_caps_only_and_of_nothing():
    trace = trace_fatalities([ref_fig("c01", low=2, q="at_least"), ref_fig("c02", source="e", low=5, q="at_least")])
    assert trace.steps["fatalities_best"].rule == "lower median of the points (no figure states the toll, only bounds)"
    assert (trace.steps["fatalities_high_open"].value, trace.steps["fatalities_high_open"].refs) == (True, ("c02",))
    assert trace.steps["fatalities_disputed"].rule == "one toll fits every figure"
    caps = trace_fatalities([ref_fig("c01", high=12, q="at_most")])
    assert caps.steps["fatalities_low"].rule == "no figure states a lower bound (every one is at_most): 0"
    kept = trace_fatalities([ref_fig("c01", high=3, q="at_most"), ref_fig("c02", source="e", low=5, q="at_least")])
    assert kept.steps["fatalities_best"].rule.endswith(", 3, kept between fatalities_low and fatalities_high")
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


# Properties that hold whatever the figures, each computed here without the rule's code.

figures_strategy = st.lists(st.builds(
    lambda source, claimant, actor, low, width, q, scope, cited: Figure(
        source, claimant, actor, None if q in ("unspecified", "at_most") else low,
        None if q in ("unspecified", "at_least") else (low + width + (q == "range") if q in ("range", "at_most")
                                                        else low),
        q, scope, None, cited),
    st.sampled_from("ab"), st.sampled_from([None, "x", "y"]), st.sampled_from([None, "g1", "g2"]),
    st.integers(0, 30), st.integers(0, 10), st.sampled_from(["exact", "about", "at_least", "at_most", "range",
                                                             "unspecified"]),
    st.sampled_from(["incident", "incident", "several_incidents"]), st.sampled_from([None, "o1"])), max_size=8)


def _counted(figures):
    return [f for f in figures if f.scope == "incident" and f.qualifier != "unspecified"]


@given(figures_strategy)
def test_figures_are_ordered_empty_together_and_independent_of_order(figures):
    low, best, high, high_open, disputed = derive_fatalities(figures)
    counted = _counted(figures)
    if not counted or low is None:
        assert (low, best, high, high_open, disputed) == (None,) * 5
        # only caps on groups are ever all set aside (step 3): a whole figure or a floor always gives a toll
        assert all(f.actor_id is not None and f.qualifier == "at_most" for f in counted)
        return
    assert 0 <= low <= best <= high
    assert isinstance(high_open, bool) and isinstance(disputed, bool)
    assert derive_fatalities(list(reversed(figures))) == (low, best, high, high_open, disputed)


@given(figures_strategy)
def test_whole_incident_figures_alone_follow_the_rule_text(figures):
    whole = [f for f in _counted(figures) if f.actor_id is None]
    if not whole:
        return
    low, _, high, high_open, disputed = derive_fatalities(whole)
    lows = [f.low for f in whole if f.qualifier != "at_most"]
    assert low == (min(lows) if lows else 0)
    uppers = [f.low if f.qualifier == "at_least" else f.high for f in whole]
    assert high == max(uppers)
    assert high_open == all(f.qualifier == "at_least" for f, u in zip(whole, uppers, strict=True) if u == high)
    reach = [((f.low or 0) - (-(-f.low // 4) if f.qualifier == "about" else 0),
              float("inf") if f.qualifier == "at_least"
              else f.high + (-(-f.high // 4) if f.qualifier == "about" else 0)) for f in whole]
    assert disputed == (max(r[0] for r in reach) > min(r[1] for r in reach))


def test_a_cap_on_another_claimants_group_is_set_aside_beside_a_whole_figure():
    trace = trace_fatalities([ref_fig("c01", low=10, high=10),
                              ref_fig("c02", source="e", claimant="ministry", actor="police", high=5, q="at_most"),
                              ref_fig("c03", source="e", claimant="ministry", actor="gunmen", high=2, q="at_most")])
    assert trace.values(FATALITY_FIELDS) == (10, 10, 10, False, False)
    reason = "group figure that states no lower bound: says nothing of the whole toll beside"
    assert asides(trace) == {"c02": (reason, ("c01",)), "c03": (reason, ("c01",))}
    # one part with a floor keeps the sum as a floor of that part
    mixed = [ref_fig("c01", low=10, high=10), ref_fig("c02", source="e", claimant="m", actor="police", high=5, q="at_most"),
             ref_fig("c03", source="e", claimant="m", actor="gunmen", low=12, high=12)]
    assert derive_fatalities(mixed) == (10, 10, 12, True, True)


def test_group_sums_of_claimants_who_leave_out_a_named_group_are_floors():
    # three claimants in three documents: only c names every group, so only its sum states the toll
    figures = [fig("a", "army", actor="gunmen", low=12, high=12), fig("b", "police", actor="police", low=2, high=2),
               fig("c", "medics", actor="gunmen", low=11, high=11), fig("c", "medics", actor="police", low=2, high=2)]
    assert derive_fatalities(figures) == (2, 13, 13, False, False)
    # the army's 14 gunmen alone exceed the medics' whole count of 13: disputed, and the toll may be 14 or more
    more = [fig("a", "army", actor="gunmen", low=14, high=14), *figures[1:]]
    assert derive_fatalities(more) == (2, 13, 14, True, True)
    # without c the two sums are floors: both true, the toll open
    assert derive_fatalities(figures[:2]) == (2, 2, 12, True, False)
    # caps on two groups by two claimants state neither a floor nor a toll: unknown, as with no figure
    caps = [fig("a", "army", actor="gunmen", high=12, q="at_most"), fig("b", "police", actor="police", high=2, q="at_most")]
    assert derive_fatalities(caps) == (None,) * 5
    assert derive_fatalities(caps[:1]) == (0, 12, 12, False, False)


def test_a_cap_on_a_group_another_claimant_leaves_out_is_set_aside():
    trace = trace_fatalities([ref_fig("c01", claimant="army", actor="gunmen", low=12, high=12),
                              ref_fig("c02", source="e", claimant="ministry", actor="police", high=5, q="at_most")])
    assert trace.values(FATALITY_FIELDS) == (12, 12, 12, True, False)
    assert asides(trace) == {"c02": ("group figure that states no lower bound: says nothing of the whole toll beside",
                                     ("c01",))}


def test_an_about_group_figure_keeps_its_reach_in_a_floor():
    # about 60 gunmen and 2 police: a floor of 62 reaching 15 below, so 50 fits it
    figures = [fig("b", "x", actor="gunmen", low=60, high=60, q="about"), fig("b", "x", actor="police", low=2, high=2),
               fig("c", None, low=50, high=50)]
    assert derive_fatalities(figures)[4] is False
    assert derive_fatalities([*figures[:2], fig("c", None, low=46, high=46)])[4] is True


@given(figures_strategy)
def test_a_low_of_zero_is_stated_or_nothing_states_a_low(figures):
    # issue 12: a lower bound no source states (a cap's 0, a group sum's 0) must not win
    counted = _counted(figures)
    low = derive_fatalities(figures)[0]
    stated = [f.low for f in counted if f.qualifier != "at_most"]
    if low == 0:
        assert 0 in stated or not stated
