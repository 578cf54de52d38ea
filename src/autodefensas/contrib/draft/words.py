"""The words that tell what a number counts, per figure claim type and language (folded:
lower case, no accents), and the nouns that make a number a count of people.

The figure types are build.keys.FIGURE_TYPES; docs/coding.md says what each means.
"""

from __future__ import annotations

# Words around a number that say what happened to the people it counts. Longer phrases come
# first within a type; types are tried in this order at each position, so "órdenes de
# aprehensión" is a warrant before "aprehensión" can be an arrest.
TYPE_CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "arrest_warrants": (r"arrest\s+warrants?", r"warrants?"),
        "fatalities": (r"lost\s+their\s+lives", r"death\s+toll", r"toll", r"shot\s+dead", r"killed", r"kills", r"dead",
                       r"deaths?", r"died", r"dies", r"slain", r"murdered", r"lifeless", r"bodies", r"corpses",
                       r"fatalities", r"executed", r"massacred", r"remains"),
        "injuries": (r"gunshot\s+wounds", r"wounded", r"wounds", r"injured", r"injuries", r"hurt",
                     r"hospitali[sz]ed"),
        "abducted": (r"taken\s+by\s+force", r"abducted", r"abductions?", r"kidnapped", r"kidnappings?",
                     r"disappeared", r"disappearances?", r"missing"),
        "people_detained": (r"taken\s+hostage", r"held\s+hostage", r"hostages?", r"held", r"holding", r"retained",
                            r"captive"),
        "participants": (r"took\s+part", r"taking\s+part", r"participated", r"participants"),
        "arrests": (r"taken\s+into\s+custody", r"in\s+custody", r"rounded\s+up", r"arrested", r"arrests?",
                    r"detained", r"detentions?", r"captured", r"apprehended", r"jailed"),
    },
    "es": {
        "arrest_warrants": (r"ordenes\s+de\s+(?:aprehension|captura|arresto)", r"mandamientos?\s+judiciales"),
        "fatalities": (r"perdieron\s+la\s+vida", r"perdio\s+la\s+vida", r"sin\s+vida", r"victimas\s+mortales",
                       r"muert[oa]s?", r"muerte", r"murieron", r"murio", r"fallecid[oa]s?", r"fallecieron",
                       r"fallecio", r"asesinad[oa]s?", r"asesinaron", r"asesinatos?", r"ejecutad[oa]s?",
                       r"ejecutaron", r"cadaveres", r"cuerpos", r"ultimad[oa]s?", r"abatid[oa]s?", r"abatieron",
                       r"homicidios", r"restos", r"mataron", r"mato", r"asesino"),
        "injuries": (r"herid[oa]s?", r"lesionad[oa]s?", r"lesiones"),
        "abducted": (r"privad[oa]s?\s+de\s+(?:la|su)\s+libertad", r"privaron\s+de\s+(?:la|su)\s+libertad",
                     r"secuestrad[oa]s?", r"secuestraron", r"secuestros?", r"levantad[oa]s?", r"levantaron",
                     r"desaparecid[oa]s?", r"desapariciones", r"desaparicion", r"desaparecieron", r"plagiad[oa]s?"),
        "people_detained": (r"retenid[oa]s?", r"retuvieron", r"retienen", r"rehenes", r"retencion"),
        "participants": (r"participaron", r"participantes", r"participo"),
        "arrests": (r"detenid[oa]s?", r"detuvieron", r"detuvo", r"capturo", r"aprehendio",
                    r"arresto", r"detenciones", r"detencion", r"capturad[oa]s?",
                    r"capturaron", r"capturas?", r"aprehendid[oa]s?", r"aprehendieron", r"aprehensiones",
                    r"aprehension", r"arrestad[oa]s?", r"arrestaron", r"arrestos?"),
    },
}
# A detention by these (not by the security forces) is people_detained, not arrests.
NON_STATE = {
    "en": r"\b(?:vigilantes?|self[\s-]defen[cs]e|community\s+police|autodefensas|militias?|residents|locals|"
          r"villagers|townspeople|civilians|protesters|demonstrators|crowd|gunmen|cartel|gang|comuneros)\b",
    "es": r"\b(?:autodefensas?|comunitari[oa]s|policias?\s+comunitarias?|pobladores|vecinos|habitantes|"
          r"manifestantes|ciudadanos|comuneros|civiles|sicarios|pistoleros|grupo\s+armado|cartel|crac)\b",
}
# "detained" and its kind: the cue that NON_STATE turns into people_detained.
DETAIN = r"^(?:detained|detentions?|detenid[oa]s?|detuvieron|detenciones|detencion)$"
# Nouns that make a number a count of people (singular and plural); a number followed by none
# of these (nor by a type cue) is no figure claim: "3 vehicles", "20 rifles", "5 kilos".
PEOPLE = {
    "en": {"people", "persons", "person", "men", "man", "women", "woman", "children", "child", "minors", "minor",
           "civilians", "civilian", "soldiers", "soldier", "troops", "marines", "marine", "police", "policemen",
           "policeman", "officers", "officer", "agents", "agent", "officials", "official", "gunmen", "gunman",
           "hitmen", "assailants", "attackers", "suspects", "suspect", "vigilantes", "vigilante", "members",
           "member", "militiamen", "fighters", "guards", "guard", "residents", "resident", "locals", "villagers",
           "farmers", "farmer", "students", "student", "teachers", "teacher", "journalists", "journalist",
           "reporters", "protesters", "protester", "demonstrators", "individuals", "individual", "victims",
           "victim", "bodies", "body", "youths", "youth", "inmates", "prisoners", "migrants", "workers",
           "guerrillas", "hostages", "elements", "personnel", "criminals", "comuneros", "sicarios", "cops",
           "troopers", "deputies", "detainees", "townspeople", "boys", "girls", "adults", "relatives",
           "leaders", "leader", "comrades", "sons", "brothers", "others", "them", "dead", "wounded", "injured",
           "ranchers", "peasants", "priests", "politicians", "candidates", "mayors", "councilors", "teenagers",
           "commanders", "commander", "crowd"},
    "es": {"personas", "persona", "hombres", "hombre", "mujeres", "mujer", "ninos", "nino", "ninas", "menores",
           "menor", "civiles", "civil", "militares", "militar", "soldados", "soldado", "marinos", "marino",
           "policias", "policia", "agentes", "agente", "elementos", "elemento", "uniformados", "uniformado",
           "sicarios", "sicario", "pistoleros", "delincuentes", "integrantes",
           "miembros", "autodefensas", "autodefensa", "comunitarios", "guardias", "pobladores", "vecinos",
           "habitantes", "jovenes", "joven", "estudiantes", "normalistas", "maestros", "periodistas", "victimas",
           "victima", "cuerpos", "cadaveres", "individuos", "sujetos", "sujeto", "efectivos", "reos", "internos",
           "migrantes", "trabajadores", "jornaleros", "campesinos", "manifestantes", "ciudadanos", "funcionarios",
           "rehenes", "comuneros", "ellos", "ellas", "muertos", "muertas", "heridos", "heridas", "lesionados",
           "detenidos", "detenidas", "secuestrados", "desaparecidos", "adolescentes", "lideres", "hermanos",
           "hijos", "familiares", "ganaderos", "productores", "alcaldes", "regidores", "mandos", "escoltas",
           "guardaespaldas", "paramilitares", "guerrilleros", "narcotraficantes", "halcones", "otros", "otras",
           "comandantes", "comandante", "responsables", "multitud"},
}
# Words between a number and its noun that say nothing of what is counted ("eight more deaths").
FILLERS = {
    "en": {"more", "other", "of", "the", "them", "armed", "heavily", "alleged", "suspected", "unarmed", "young",
           "local", "federal", "state", "municipal", "mexican", "innocent", "presumed", "police", "army",
           "navy", "national", "guard", "community", "rival", "so-called", "its", "their", "his", "her", "trainee",
           "those", "these"},
    "es": {"mas", "otros", "otras", "de", "los", "las", "ellos", "ellas", "armados", "fuertemente", "presuntos",
           "presuntas", "supuestos", "jovenes", "estatales", "federales", "municipales", "ministeriales",
           "del", "la", "policias", "guardia", "nacional", "sus", "su", "estos", "esos", "aquellos"},
}
# Words that may stand between a number and what happened to it without making it another
# thing ("seven were killed", "detuvieron a veintitrés", "put the toll at twelve").
LINKS = {"were", "was", "are", "is", "have", "has", "had", "been", "be", "at", "of", "to", "more", "fueron", "fue",
         "han", "habian", "resultaron", "quedaron", "a", "al", "mas", "de", "en", "otros", "otras"}
# A count of members of a group ("1,500 members of the self-defense groups"): a members claim
# (about the group, not an incident) when nothing else happened to them.
MEMBERS = {"en": {"members", "strong"}, "es": {"integrantes", "miembros"}}
# People a count with no word of what happened to them describes, rather than counts as taking
# part ("his two sons", "dos menores de edad", "120 mil habitantes"): no participants claim.
NOT_PARTICIPANTS = {"children", "child", "sons", "daughters", "minors", "minor", "boys", "girls", "teenagers",
                    "relatives", "brothers", "residents", "inhabitants", "hijos", "hijas", "ninos", "ninas",
                    "menores", "menor", "adolescentes", "familiares", "hermanos", "habitantes"}
# A group counted before its number: "the gunmen numbered between 40 and 60", "put the crowd
# at fewer than 300", "los manifestantes sumaban unos 200".
COUNTED_BEFORE = {
    "en": r"\b(?:(?P<noun>\w+)\s+(?:numbered|numbering|totall?ed|totall?ing)|put\s+the\s+(?P<put>\w+)\s+at)\s+$",
    "es": r"\b(?P<noun>\w+)\s+(?:sumaban|eran|rondaban)\s+$",
}
