"""Who a sentence cites and who it says claims it (contrib/draft/outlets.attribute), on
sentences written for these tests in Spanish and English: a cited outlet only when it is a
news outlet, an authority or a person always the claimant, and both when the words give both."""

import pytest

from autodefensas.contrib.draft.outlets import Outlet, attribute

OUTLETS = [Outlet("quadratin", "Quadratín"), Outlet("milenio", "Milenio"), Outlet("reforma", "Reforma"),
           Outlet("associated-press", "Associated Press"), Outlet("la-jornada", "La Jornada")]


def _said(sentence: str, language: str) -> tuple[str | None, str | None, str | None]:
    a = attribute(sentence, language, OUTLETS, "Voz del Valle")
    return (a.cited.source_id if a.cited else None, a.cited.name if a.cited else None, a.claimant)


@pytest.mark.parametrize(("sentence", "language", "want"), [
    # verb-object-subject: the outlet and the claimant at once
    ("Cuatro personas murieron, dijo a Quadratín un funcionario estatal.", "es",
     ("quadratin", "Quadratín", "un funcionario estatal")),
    ("Se llevaron a tres jóvenes, dijeron vecinos a La Jornada.", "es", ("la-jornada", "La Jornada", "vecinos")),
    ("Según Milenio, los soldados detuvieron a 12 personas.", "es", ("milenio", "Milenio", None)),
    ("De acuerdo con Reforma, hubo nueve muertos.", "es", ("reforma", "Reforma", None)),
    ("Cinco agentes resultaron heridos, informó el diario El Vigía del Sur.", "es",
     (None, "El Vigía del Sur", None)),
    ("Hubo dos detenidos, según la agencia EFE.", "es", (None, "EFE", None)),
    ("Three people were killed, a police officer told the AP.", "en",
     ("associated-press", "AP", "a police officer")),
    ("Six men were arrested, the Valley Herald reported.", "en", (None, "Valley Herald", None)),
])
def test_outlets_are_cited(sentence, language, want):
    assert _said(sentence, language) == want


@pytest.mark.parametrize(("sentence", "language", "claimant"), [
    # authorities and people are claimants, never outlets
    ("Nueve personas murieron, informó la Fiscalía del Estado.", "es", "la Fiscalía del Estado"),
    ("Según la Comisión para la Seguridad y el Desarrollo Integral, hubo 4 detenidos.", "es",
     "la Comisión para la Seguridad y el Desarrollo Integral"),
    ("Cerca de 300 familias huyeron, de acuerdo con el DIF municipal.", "es", "el DIF municipal"),
    ("Dos hombres murieron, dijo a Juan Pérez un vecino.", "es", None),
    ("Four soldiers were wounded, police said.", "en", "police"),
    ("Two men died, locals told Governor Silvano Ramírez.", "en", "locals"),
    ("Eleven people were held, according to the army.", "en", "the army"),
    ("La Sedena no confirmó esa cifra de 15 muertos.", "es", "La Sedena"),
    ("He said up to 150 gunmen took part, a figure that could not be independently confirmed.", "en", None),
    ("The group detained an estimated 60 soldiers.", "en", None),
])
def test_authorities_and_people_are_no_outlets(sentence, language, claimant):
    cited, name, who = _said(sentence, language)
    assert cited is None and name is None
    assert who == claimant
