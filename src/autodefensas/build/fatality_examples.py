"""Worked examples of the fatality rule: printed in the codebook, run by the tests.

Each example is what some documents say about one incident, how it is coded, and what
the rule gives. The codebook shows them under the rule text (build/codebook.py) and
tests/test_derive.py derives each through the build's own code, so the documentation
cannot drift from what the build does. The texts are invented for the examples.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fatalities import FATALITY_FIELDS, Figure


@dataclass(frozen=True)
class Said:
    """One fatality claim: the document (A, B, ...), its words, and how they are coded."""

    document: str
    words: str
    qualifier: str
    value: int | tuple[int, int]
    claimant: str | None = None
    group: str | None = None
    cited: str | None = None

    def figure(self, ref: str) -> Figure:
        low, high = self.value if isinstance(self.value, tuple) else (self.value, self.value)
        return Figure(self.document, self.claimant, self.group, None if self.qualifier == "at_most" else low,
                      None if self.qualifier == "at_least" else high, self.qualifier, "incident", ref, self.cited)


@dataclass(frozen=True)
class Example:
    title: str
    steps: str
    said: tuple[Said, ...]
    expected: tuple  # FATALITY_FIELDS, in order
    why: str

    def figures(self) -> list[Figure]:
        """The claims as the rule reads them, each named by its document and number there (A1, A2, B1)."""
        seen: dict[str, int] = {}
        out = []
        for said in self.said:
            seen[said.document] = seen.get(said.document, 0) + 1
            out.append(said.figure(f"{said.document}{seen[said.document]}"))
        return out


EXAMPLES = (
    Example(
        "An official figure against a floor", "2, 5, 6, 7",
        (Said("A", "The confrontation officially left one dead", "exact", 1, "officially"),
         Said("A", "but locals said at least seven were killed", "at_least", 7, "locals")),
        (1, 1, 7, True, True),
        "The best estimate stays the official 1: a floor does not raise it. Only the floor states 7, so the "
        "toll may be higher; and 1 cannot be at least 7, so the figures are disputed."),
    Example(
        "An upper bound does not lower the floor", "2, 5",
        (Said("A", "as many as twelve people may have died", "at_most", 12),
         Said("B", "un reportero vio dos cuerpos", "at_least", 2, "un reportero")),
        (2, 2, 12, False, False),
        "\"As many as twelve\" says nothing of how few died, so the low is the reporter's 2, not 0. No figure "
        "states the toll, so the best is the lower median of both points; 2 to 12 fits both figures."),
    Example(
        "Only upper bounds", "2, 5",
        (Said("A", "hasta doce muertos", "at_most", 12),),
        (0, 12, 12, False, False),
        "No figure states a lower bound, so the sources allow that none died: the low is 0."),
    Example(
        "A range is read by its lower end", "2, 5",
        (Said("A", "entre 60 y 100 muertos", "range", (60, 100)),
         Said("B", "70 people were killed", "exact", 70)),
        (60, 60, 100, False, False),
        "The range's point is 60, a number its source gave (its midpoint, 80, no source gave); the lower "
        "median of 60 and 70 is 60."),
    Example(
        "One group counted twice in one document", "3a, 3c",
        (Said("A", "14 civilians and one soldier died", "exact", 14, "the spokesman", "civilians"),
         Said("A", "14 civilians and one soldier died", "exact", 1, "the spokesman", "soldiers"),
         Said("A", "the spokesman repeated that the 14 civilians were armed", "exact", 14, "the spokesman",
              "civilians")),
        (15, 15, 15, False, False),
        "The spokesman's civilians count once, so his figures add up to 15, not 29."),
    Example(
        "Group figures beside a whole-incident figure", "3b, 3c, 5, 6",
        (Said("A", "the gunfight has left 15 people dead", "exact", 15),
         Said("A", "a photograph showed two slain civilians", "at_least", 2, None, "civilians"),
         Said("A", "the spokesman said 14 civilians and one soldier died", "exact", 14, "the spokesman", "civilians"),
         Said("A", "the spokesman said 14 civilians and one soldier died", "exact", 1, "the spokesman", "soldiers")),
        (15, 15, 15, False, False),
        "The photograph's two are part of the document's own 15 and are set aside. The spokesman gives no "
        "total: his 14 and 1 add up to a floor of 15, which the 15 agrees with, so the toll is not open."),
    Example(
        "Another claimant's higher group figures are not dropped", "3c, 5, 6, 7",
        (Said("A", "el enfrentamiento dejó diez muertos", "exact", 10),
         Said("B", "murieron 12 pistoleros y dos policías, según la fiscalía", "exact", 12, "la fiscalía",
              "gunmen"),
         Said("B", "murieron 12 pistoleros y dos policías, según la fiscalía", "exact", 2, "la fiscalía", "police")),
        (10, 10, 14, True, True),
        "The prosecutors' 12 and 2 add up to a floor of 14: more dead than document A's 10, which stays the "
        "conservative best; the toll may be 14 or more, and 10 cannot be at least 14."),
    Example(
        "A cap on one group says nothing of the whole toll", "3c, 5",
        (Said("A", "ten people were killed in the clash", "exact", 10),
         Said("B", "as many as five of the dead were police, the ministry said", "at_most", 5, "the ministry",
              "police")),
        (10, 10, 10, False, False),
        "The ministry caps the police dead but states no floor for the toll, so its figure is set aside: "
        "the low stays 10, not 0."),
    Example(
        "A cap and its named part", "3b, 3c, 5",
        (Said("A", "hasta doce muertos, entre ellos tres policías", "at_most", 12),
         Said("A", "hasta doce muertos, entre ellos tres policías", "exact", 3, None, "police")),
        (3, 3, 12, False, False),
        "The cap states no floor, so the three police are kept beside it as a floor of 3: the low is 3, not 0, "
        "and the best is the lower median of 12 and 3."),
    Example(
        "Claimants who count different groups", "3c, 5, 6, 7",
        (Said("A", "murieron 12 pistoleros, según el ejército", "exact", 12, "el ejército", "gunmen"),
         Said("B", "two police officers were killed, the police said", "exact", 2, "the police", "police")),
        (2, 2, 12, True, False),
        "Neither claimant counts the other's group, so each sum is a floor, not the toll: both can be true "
        "(the toll is then 12 or more), so they are not disputed, and the best is the conservative lower "
        "median of the floors."),
    Example(
        "A claimant who counts every group gives the toll", "3c, 5, 6, 7",
        (Said("A", "14 civilians and one soldier died, the army said", "exact", 14, "the army", "civilians"),
         Said("A", "14 civilians and one soldier died, the army said", "exact", 1, "the army", "soldiers"),
         Said("B", "los vecinos contaron doce civiles muertos", "exact", 12, "los vecinos", "civilians")),
        (12, 15, 15, False, False),
        "The army counts both groups any claimant names, so its 15 is an estimate of the toll; the "
        "neighbours count civilians only, a floor of 12 that 15 fits."),
    Example(
        "One outlet relayed by two documents counts once", "4, 5, 7",
        (Said("A", "officially three died, reported El Universal", "exact", 3, "officially", None, "el-universal"),
         Said("B", "three people died, officially, El Universal reported", "exact", 3, "officially", None,
              "el-universal"),
         Said("C", "medics counted eight bodies", "exact", 8, "medics"),
         Said("D", "nine people were killed", "exact", 9)),
        (3, 8, 9, False, True),
        "A and B relay one statement, so the points are 3, 8 and 9 and the best is 8; counted twice, the "
        "official 3 would have been the lower median. 3 and 8 cannot both be the toll."),
    Example(
        "About is not a dispute", "2, 7",
        (Said("A", "some 60 people died", "about", 60),
         Said("B", "62 dead", "exact", 62)),
        (60, 60, 62, False, False),
        "About 60 reaches 15 either side, so 62 fits it; \"about 60\" and 12 would be disputed."),
    Example(
        "Only floors", "2, 5, 6",
        (Said("A", "at least two were killed", "at_least", 2),
         Said("B", "al menos cinco muertos", "at_least", 5)),
        (2, 2, 5, True, False),
        "No figure states the toll, so the best is the lower median of the floors; a toll of 5 or more fits "
        "both."),
)


def expected_row(example: Example) -> dict[str, object]:
    return dict(zip(FATALITY_FIELDS, example.expected, strict=True))


def _coded(said: Said) -> str:
    value = f"{said.value[0]}-{said.value[1]}" if isinstance(said.value, tuple) else str(said.value)
    return f"{said.qualifier} {value}"


def markdown() -> list[str]:
    """The examples as the codebook prints them."""
    out = ["Each example is run by the test suite through the build's own derivation, so the values below "
           "are what the build gives.", ""]
    for n, example in enumerate(EXAMPLES, start=1):
        out += [f"**{n}. {example.title}** (steps {example.steps})", "",
                "| claim | document | claimant | cites | group | says | coded |", "|---|---|---|---|---|---|---|"]
        for figure, said in zip(example.figures(), example.said, strict=True):
            out.append(f"| {figure.ref} | {said.document} | {said.claimant or ''} | {said.cited or ''} | "
                       f"{said.group or '(whole incident)'} | \"{said.words}\" | {_coded(said)} |")
        got = ", ".join(f"{name} {'' if value is None else str(value).lower()}"
                        for name, value in expected_row(example).items())
        out += ["", f"Gives {got}. {example.why}", ""]
    return out
