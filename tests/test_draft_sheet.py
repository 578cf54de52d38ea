"""draft proposes the incident each claim belongs to, from `find` on the checkout's committed
package: a text about an event of the fixture dataset gets that incident's id, a text about
an unrelated event gets none and the registry entry to paste; the summary; quotes that are the
claim's words (texts written for these tests)."""

import re

from autodefensas.contrib.draft import draft, summary

ANTUNEZ = """Soldados disparan contra pobladores en Antúnez
Al menos dos personas murieron el pasado lunes 13 de enero en Antúnez, municipio de Parácuaro, Michoacán, \
cuando soldados abrieron fuego contra pobladores que bloqueaban el paso de un convoy militar, dijeron \
vecinos al diario El Eco del Valle.
"""
SONORA = """Enfrentamiento en Cajeme
Tres hombres murieron el sábado 12 de octubre en un enfrentamiento en Cajeme, Sonora, informó la Fiscalía \
del estado.
"""


def _draft(root, tmp_path, name, text, published):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, "utf-8")
    return draft(root, path, published, "Gaceta de Prueba", output="-")


def test_a_text_about_a_known_event_gets_its_incident(built, tmp_path):
    result = _draft(built, tmp_path, "gaceta-2014-01-15-antunez", ANTUNEZ, "2014-01-15")
    figures = [p for p in result.proposals if p.kind == "figure"]
    assert figures and {p.incident_id for p in figures} == {"2014-01-13-antunez-soldiers-fire-on-crowd"}
    assert "incident_id: 2014-01-13-antunez-soldiers-fire-on-crowd" in result.sheet
    assert result.new_incident is None
    assert "incidents.yaml" not in summary(result)


def test_a_text_about_an_unrelated_event_gets_none_and_the_template(built, tmp_path):
    result = _draft(built, tmp_path, "gaceta-2019-10-14-cajeme", SONORA, "2019-10-14")
    assert [p.incident_id for p in result.proposals if p.kind == "figure"] == [None]
    said = summary(result)
    assert "seeds/registry/incidents.yaml" in said
    assert re.search(r"incident_id: 2019-10-12-cajeme-", said)
    assert "municipality: Cajeme" in said


def test_a_checkout_never_built_drafts_without_incidents(dataset, tmp_path):
    (dataset / "datapackage.json").unlink()
    result = _draft(dataset, tmp_path, "gaceta-2014-01-15-antunez", ANTUNEZ, "2014-01-15")
    assert result.proposals and all(p.incident_id is None for p in result.proposals)
    assert "autodefensas build" in result.sheet


def test_the_summary_says_where_the_sheet_went(dataset, tmp_path):
    result = _draft(dataset, tmp_path, "gaceta-2014-01-15-antunez", ANTUNEZ, "2014-01-15")
    assert summary(result).startswith("Printed the sheet above (not saved): ")
    written = draft(dataset, tmp_path / "gaceta-2014-01-15-antunez.txt", "2014-01-15", output=tmp_path / "s.yaml")
    assert summary(written).startswith(f"Wrote {(tmp_path / 's.yaml').as_posix()}: ")


REPEATS = """Nueve muertos en Tepalcatepec
Al menos nueve muertos dejó el pasado martes un enfrentamiento en Tepalcatepec, Michoacán. Los vecinos \
contaron al menos nueve muertos en la plaza, pero la Fiscalía dijo que fueron siete. Ese día, el pasado martes, \
también hubo 4 heridos.
"""


def test_quotes_are_the_claims_words_with_occurrence_not_padding(dataset, tmp_path):
    from autodefensas.build.texts import find_all

    result = _draft(dataset, tmp_path, "gaceta-2019-10-16-tepalcatepec", REPEATS, "2019-10-16")
    text = result.source.text
    by_quote = {(p.quote, p.occurrence): p for p in result.proposals}
    assert by_quote[("Al menos nueve muertos", None)].value == 9
    assert by_quote[("al menos nueve muertos", None)].value == 9  # the other, lower case: no padding needed
    assert by_quote[("el pasado martes", 1)].value_text == "2019-10-15"
    assert ("4 heridos", None) in by_quote
    for p in result.proposals:
        assert not p.quote.endswith((" el", " en", " dejó", " martes en")), p.quote
        starts = find_all(text, p.quote)
        assert starts[(p.occurrence or 1) - 1] == p.start and (p.occurrence is None) == (len(starts) == 1)


def test_people_described_are_no_participants_but_armed_ones_are(dataset, tmp_path):
    text = ("Ataque en Aquila\nLos pistoleros mataron a un ganadero frente a sus dos hijos y unos 120 mil habitantes "
            "quedaron sin luz. Unos 80 habitantes armados con rifles persiguieron a los agresores.\n")
    result = _draft(dataset, tmp_path, "gaceta-2019-10-16-aquila", text, "2019-10-16")
    figures = {(p.claim_type, p.value) for p in result.proposals if p.kind == "figure"}
    assert ("participants", 80) in figures
    assert not {v for t, v in figures if t == "participants"} & {2, 120000}
    english = ("Raid in Aquila\nGunmen shot a rancher in front of his two sons. Some 80 residents armed with "
               "rifles chased them.\n")
    result = _draft(dataset, tmp_path, "gaceta-2019-10-16-aquila-en", english, "2019-10-16")
    assert {(p.claim_type, p.value) for p in result.proposals if p.kind == "figure"} == {("participants", 80)}
