"""Rules of the rules layer: what a Table Schema cannot say."""

from . import declare

_REBUILD = "rebuild with `autodefensas build`: the build derives it"
_HAND = "offsets are computed by the build: undo the hand edit and rebuild"

RULES = declare(
    "rules",
    ("fatalities-order", "Fatalities out of order", "fatalities_low <= fatalities_best <= fatalities_high "
     "does not hold.", "fatalities are derived from the claims: fix the fatalities claims, then rebuild"),
    ("fatalities-complete", "Fatalities half given", "fatalities_low, _best, _high, _high_open and _disputed "
     "are not all present or all empty.", _REBUILD),
    ("date-order", "Incident ends before it starts", "date_start is after date_end.",
     "fix the incident's date claims, then rebuild"),
    ("geo-precision", "Precision without the place", "geo_precision says more than the place columns "
     "hold (municipality or locality missing).", "give the municipality (and locality), or lower "
     "geo_precision"),
    ("municipality-state", "Municipality outside its state", "municipality_code does not start with the "
     "INEGI code of state_code (schemas/states.json).", "check the INEGI municipality code and the state"),
    ("coordinates", "Half a coordinate pair", "latitude and longitude must be given together.",
     "give both coordinates or neither"),
    ("value-order", "Figure low above high", "value_low is greater than value_high.",
     "swap the figures, or fix the claim's value"),
    ("qualifier-values", "Qualifier does not fit the values", "value_qualifier does not fit value_low and "
     "value_high (exact/about: low = high; at_least: low only; at_most: high only; range: low < high; "
     "unspecified: none; non-figure claims: no value).", "fix the claim's value and value_qualifier"),
    ("claim-target", "Claim about both or neither", "A claim is about exactly one incident, or "
     "(affiliation, members) about one subject actor.", "give incident_id or subject_actor_id, not both"),
    ("offsets", "Offsets do not span the quote", "char_end - char_start is not the length of the quote.",
     _HAND),
    ("source-fields", "Document or outlet fields wrong", "A document needs text_path, text_sha256, "
     "text_chars, published_date and its basis; a cited outlet has no text.",
     "fix the source's entry in its coding sheet or the outlets registry"),
    ("parent-cycle", "Actor is its own ancestor", "Following parent_actor_id from an actor leads back to "
     "it (itself, or A -> B -> A).", "fix parent_actor_id in the actors registry", "error",
     ["rules.self-parent"]),
    ("source-role", "Source of the wrong role", "A claim's source_id is not a document, or its "
     "cited_source_id is not a cited outlet.", "a claim's source_id is its document; cite an outlet "
     "from seeds/registry/outlets.yaml"),
    ("incident-claims", "Incident without claims", "An incident no claim is about.",
     "code the claims that report it, or remove it from the registry"),
    ("incident-counts", "Claim counts wrong", "n_claims or n_sources differ from the claims.", _REBUILD),
    ("after-publication", "Dated after publication", "An incident starts, or a date claim's date starts, "
     "after the document reporting it was published.",
     "resolve dates without a year against the publication date (the year before, if need be)"),
    ("date-value", "Not a date value", "A date claim's value_text is not a date value.",
     "use yyyy-mm-dd, yyyy-mm-dd/yyyy-mm-dd, yyyy-Www, yyyy-mm or yyyy"),
    ("text-missing", "Document text missing", "A document's text_path does not exist.",
     "restore the text file"),
    ("text-hash", "Text hash wrong", "A document's text does not have its recorded text_sha256.",
     "the text changed after coding: re-check the quotes and update text_sha256"),
    ("text-chars", "Text length wrong", "text_chars is not the text's length in code points.", _REBUILD),
    ("quote-slice", "Quote is not its slice", "The text at [char_start:char_end] is not the quote.", _HAND),
    ("likely-duplicate", "Likely duplicate incidents", "Two incidents are probably the same event coded "
     "twice (often from two articles, at different precision): their date intervals overlap (a month "
     "contains its days); their places are compatible (the same state, and either municipality empty or "
     "both equal; with equal municipalities, either locality empty or the same place); they share an "
     "involved actor in the same role or their event types are equal or listed as "
     "the same event (same_event_as in schemas/event_types.json); and neither names the other in "
     "distinct_from. Reported once per pair, at the incident that comes later in the registry.",
     "if they are the same event, code its claims under the other's incident_id and remove it from "
     "seeds/registry/incidents.yaml (listing it in seeds/registry/withdrawn.yaml if it was published); "
     "if they are different events, set distinct_from on it to the other's incident_id", "error",
     ["quality.duplicate-incident"]),
)
