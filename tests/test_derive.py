import datetime as dt

from autodefensas.build.derive import Figure, derive_dates, derive_fatalities


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
