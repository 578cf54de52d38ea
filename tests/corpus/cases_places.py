"""Places (meaning/places.py): the incident registry and location claims against INEGI's gazetteer
(schemas/gazetteer.csv) and against each other."""

from conftest import find_line

from .base import INCIDENTS, SHEET, case, edit_line, replace_text

REUTERS = "seeds/reuters-2019-10-15-tepochica-gunfight.yaml"


@case("schema.gazetteer")
def gazetteer_code_cut_short(root):
    replace_text(root, "schemas/gazetteer.csv", ",16006,Apatzingán\n", ",1606,Apatzingán\n")
    return "schemas/gazetteer.csv", find_line(root / "schemas/gazetteer.csv", r",1606,Apatzingán$")[0]


@case("coding.place-unknown")
def municipality_code_not_in_the_catalogue(root):
    return INCIDENTS, edit_line(root, INCIDENTS, r'^    municipality_code: "16006"', '    municipality_code: "16999"')


@case("coding.place-unknown")
def location_claim_with_a_town_for_a_municipality(root):
    # Tepochica is a locality of Iguala de la Independencia, not a municipality
    return REUTERS, edit_line(root, REUTERS, r"^    value_text: Tepochica, ", "    value_text: Tepochica, Guerrero")


@case("coding.place-mismatch")
def municipality_name_of_another_code(root):
    return INCIDENTS, edit_line(root, INCIDENTS, r"^    municipality: Apatzingán$", "    municipality: Parácuaro")


@case("coding.place-code-missing")
def municipality_without_its_code(root):
    number = edit_line(root, INCIDENTS, r'^    municipality_code: "16064"', "    municipality_code: null")
    return INCIDENTS, number - 1  # the municipality's line, just above


@case("coding.location-more-precise")
def claim_names_a_municipality_the_registry_lacks(root):
    # the 14 October 2019 ambush is at state level in the registry
    return REUTERS, edit_line(root, REUTERS, r"^    value_text: Michoacán$", "    value_text: Tepalcatepec, Michoacán")


@case("coding.location-differs")
def claim_names_another_municipality(root):
    return SHEET, edit_line(root, SHEET, r"^    value_text: Apatzingán, Apatzingán, Michoacán$",
                            "    value_text: Buenavista, Buenavista, Michoacán")
