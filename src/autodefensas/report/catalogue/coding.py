"""Rules of the coding layer: the sheets and registries in seeds/."""

from . import declare

_SEE_GUIDE = "see docs/coding.md"

RULES = declare(
    "coding",
    # files
    ("missing-file", "A registry is missing", "A registry file in seeds/registry/ does not exist.",
     "create it (see docs/coding.md)"),
    ("not-a-file", "Not a regular file", "A directory, symbolic link or special file stands where a "
     "sheet, text or registry is expected. Symbolic links are refused even to identical bytes: git "
     "keeps only the link, so a clone could read another text or none.",
     "replace it with a regular file holding its content"),
    ("no-sheets", "No coding sheets", "seeds/ holds no coding sheet (*.yaml).",
     "add a text and its coding sheet, see docs/coding.md"),
    ("file-too-large", "A file is too large to be a text or sheet",
     "A text, sheet or registry is larger than the toolkit reads (an article is a few kB).",
     "check that this is the right file"),
    ("encoding", "A sheet is not UTF-8", "A coding sheet or registry is not valid UTF-8.",
     "save the file as UTF-8"),
    ("empty-file", "An empty file", "A coding sheet or registry has no content.",
     "fill it in (see docs/coding.md) or delete it"),
    ("yaml-syntax", "YAML syntax error", "The file is not valid YAML; the line is where the construct starts.",
     "check indentation and quoting on this line (quote strings containing ': ' or '#')"),
    ("yaml-alias", "YAML alias", "YAML anchors and aliases (&a, *a) are refused: coding needs none and "
     "nested aliases can blow a small file up to billions of values.", "write the value out in full"),
    ("duplicate-key", "Duplicate key", "A mapping has the same key twice.",
     "remove one of the two entries, or merge them"),
    ("structure", "Wrong file structure",
     "A sheet is not a mapping of 'source' and 'claims', a registry not one key holding a list, "
     "an entry not a mapping, or 'claims' not a non-empty list.", _SEE_GUIDE),
    # keys and values
    ("unknown-key", "Unknown key", "A key that this kind of entry does not have (often a misspelling).",
     "use one of the allowed keys (the message suggests the closest)"),
    ("missing-key", "Missing required key", "An entry lacks a key every entry of its kind needs.",
     "add the key (see docs/coding.md)"),
    ("missing-value", "Required value is empty", "A required column's key is there but empty.",
     "give it a value"),
    ("type", "Wrong type", "A value is not of its column's type (text, whole number, number, true/false, "
     "date).", "write a value of the column's type (quote codes such as \"16006\")"),
    ("enum", "Value not allowed", "A value is not one of its column's allowed values.",
     "use one of the listed values; the codebook defines each"),
    ("pattern", "Value does not match its pattern", "A value does not match its column's pattern "
     "(IDs: lowercase letters, digits and single hyphens), or an alias contains ';'.",
     "use lowercase letters, digits and single hyphens, e.g. my-new-id"),
    ("range", "Value out of range", "A number or a text length outside its column's bounds.",
     "see docs/codebook.md for the column's bounds"),
    ("formula", "Spreadsheet formula", "A text value starts with =, +, -, @ or a tab, which spreadsheets "
     "run as a formula when the CSV is opened.",
     "start the value with a letter or digit (for a quote, begin it one word later)"),
    ("source-id-mismatch", "source_id differs from the file name",
     "A sheet's source_id is not its file name.", "rename the sheet and its text, or fix source_id"),
    ("value-shape", "Figure value does not fit its qualifier",
     "A figure's value does not fit its qualifier (a range needs [low, high], others one whole "
     "number, unspecified none), or a non-figure claim has value, value_qualifier or scope.",
     "write e.g. value: 7, or value: [60, 100] with range"),
    ("date-implausible", "Date before 1900", "A date claim or a published_date before 1900: almost "
     "certainly a typo (1815 for 2015); the dataset covers events from 1900 on.",
     "check the year against the text"),
    ("role-kind", "Role of the wrong kind", "An involved_actor claim needs a role in the incident "
     "(perpetrator, victim, ...), an affiliation claim a relation (member_of, allied_with, ...): "
     "schemas/roles.json says which is which.", "use a role of the kind the claim needs"),
    ("date-format", "Not a date value", "A date claim's value_text is not one of the date forms.",
     "use yyyy-mm-dd, yyyy-mm-dd/yyyy-mm-dd, yyyy-Www, yyyy-mm or yyyy (docs/coding.md, Dates)"),
    ("claim-target", "Claim about the wrong kind of thing",
     "An affiliation or members claim must be about an actor (subject_actor_id), every other claim "
     "about an incident (incident_id), never both.", "give incident_id or subject_actor_id, not both"),
    ("claim-needs-actor", "Claim needs actor_id and role",
     "An involved_actor or affiliation claim does not say which actor and in which role or relation.",
     "give actor_id and role", "error", ["coding.missing-key"]),
    ("claim-needs-value-text", "Claim needs value_text",
     "A date or location claim has no normalized value in value_text.",
     "give the normalized date or place in value_text", "error", ["coding.missing-key"]),
    ("figure-needs-qualifier", "Figure needs value_qualifier",
     "A figure claim does not say how the figure is stated.",
     "set value_qualifier: exact, at_least, at_most, about, range or unspecified", "error",
     ["coding.missing-key"]),
    ("several-incidents-needs-note", "A several_incidents figure needs a note",
     "A figure with scope several_incidents does not say which incidents it adds up.",
     "say in note which incidents the figure adds up", "error", ["coding.missing-key"]),
    # IDs and references
    ("duplicate-id", "ID used twice", "Two entries (or a document and an outlet) share an ID.",
     "give each entry its own ID, or merge the two"),
    ("unknown-ref", "Reference to an unknown ID", "A reference names an ID no registry holds.",
     "fix the reference (the message suggests the closest ID), or add the entry to its registry"),
    ("reference-cycle", "Reference cycle", "An actor is its own ancestor through parent_actor_id "
     "(A -> B -> A), or an incident is distinct_from itself.",
     "break the cycle: parent_actor_id is the formal hierarchy, a disputed tie is an affiliation claim"),
    ("incident-without-claims", "Incident without claims", "A registry incident no claim is about.",
     "code the claims that report it, or remove it from the registry"),
    ("incident-without-date", "Incident without a date claim", "An incident has no date claim, so its "
     "dates cannot be derived.", "add a claim_type: date claim quoting when it happened"),
    # texts and quotes
    ("missing-text", "The sheet's text is missing", "seeds/<source_id>.txt does not exist.",
     "save the article text as seeds/<source_id>.txt"),
    ("text-without-sheet", "Text without a coding sheet", "A text in seeds/ has no coding sheet.",
     "add its coding sheet or remove the text"),
    ("text-hash", "The text changed after coding", "The text's sha256 is not the sheet's text_sha256.",
     "re-check every quote against the new text, then set text_sha256 to the new hash"),
    ("text-encoding", "Text not UTF-8", "The text is not valid UTF-8.",
     "convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8"),
    ("text-bom", "Text starts with a BOM", "The text starts with a byte-order mark.",
     "save the file as UTF-8 without BOM"),
    ("text-crlf", "Text has CR line ends", "The text has Windows or old Mac line ends; offsets need LF.",
     "convert line ends to LF, e.g. dos2unix"),
    ("text-nfc", "Text not in Unicode NFC", "The text is not in Unicode normal form C; quotes and offsets "
     "would not match what a reader copies.", "normalize it to NFC"),
    ("text-control", "Control character in the text", "The text has a control character other than "
     "the newline (tabs included).", "remove it (tabs too: use spaces)"),
    ("quote-not-found", "Quote not in the text", "A claim's quote is not a verbatim span of its text.",
     "copy the quote verbatim from the text (the message says where it starts to differ)"),
    # what quotes say (meaning/)
    ("figure-not-in-quote", "Figure not stated by its quote",
     "A figure claim's value is not a number its quote states, in digits (15, 1,500, 1.500) or words "
     "in the document's language (seven, a dozen, seis, veintitrés). Years, dates, hours, ages and "
     "units are not read as counts; 'a'/'un'/'una' can state one. A quote that states no figure at "
     "all is allowed when the claim's note says where the figure comes from; a 0 or 1 is not checked "
     "then.", "write the figure the quote states, or quote the words that state the value"),
    ("range-not-in-quote", "Range bound not stated by its quote",
     "A range claim's low or high bound is not a number its quote states ('between 60 and 100' "
     "states both). A quote that states no figure at all is allowed when the claim's note says why.",
     "write the bounds the quote states, or quote the words that state both"),
    ("qualifier-cue", "Qualifier differs from the quote's words",
     "The words right before the claimed figure (or right after it) give another qualifier than "
     "value_qualifier: 'at least'/'al menos'/'más de' at_least, 'about'/'an estimated'/'alrededor "
     "de'/'unos' about, 'up to'/'hasta' at_most, 'between 60 and 100'/'60-80'/'entre 60 y 100' "
     "range, none exact (docs/coding.md lists every cue). 'more than 10' is coded at_least 10. A "
     "qualifier wider than exact with no cue is allowed when the claim's note says why.",
     "set value_qualifier to what the quote says, or start the quote at the figure if the cue "
     "qualifies another number"),
    ("quote-ambiguous", "Quote occurs more than once", "The quote occurs several times in the text and "
     "occurrence does not pick one, or picks one beyond the count.",
     "lengthen the quote until it occurs once, or set occurrence: N (1 = first)"),
    # drafts (src/autodefensas/contrib/draft/)
    ("draft-claim", "Claim still a draft",
     "A claim carries `draft: true`: `autodefensas draft` proposed it from the text and nobody has "
     "reviewed it yet. A proposal can be wrong (a figure read as the wrong type, a qualifier, a place "
     "or an incident), so a sheet that holds one is not built.",
     "review the claim against the text (quote, claim_type, value, value_qualifier, claimant, "
     "cited_source_id, hedged, incident_id), then delete its `draft: true` line; or delete the claim"),
    # places (meaning/places.py), against INEGI's gazetteer in schemas/gazetteer.csv
    ("place-unknown", "Place not in INEGI's catalogue",
     "An incident's municipality_code is not a municipality in INEGI's catalogue (schemas/gazetteer.csv), "
     "or a municipality or state named in the registry or in a location claim's value_text is not one "
     "of the state's (accents and case aside), or a location has an empty part. A location is read "
     "from the right: 'Locality, Municipality, State', 'Municipality, State' or 'State'.",
     "use INEGI's name or code (the message suggests the closest; schemas/gazetteer.csv lists them all)"),
    ("place-mismatch", "Municipality name differs from its code",
     "An incident's municipality is not the official name of its municipality_code in INEGI's "
     "catalogue (accents and case aside; a short form such as 'Iguala' for 'Iguala de la "
     "Independencia' is reported too, so that the published name is INEGI's).",
     "fix the name or the code (the message gives the code's name and the name's code)"),
    ("place-code-missing", "Municipality without its INEGI code",
     "An incident names a municipality but has no municipality_code.",
     "add the code the message gives (from schemas/gazetteer.csv)"),
    ("location-more-precise", "Location claim more precise than the registry",
     "A location claim names a municipality while its incident's registry entry is at state level, or "
     "a locality while the entry has none: either the registry is stale (a later text placed the "
     "incident) or the claim is wrong. A region incident (several places) may have claims naming "
     "any of its places.",
     "update the incident's municipality, municipality_code, locality and geo_precision, or fix the claim"),
    ("location-differs", "Location claim differs from the registry",
     "A location claim puts its incident in another state, municipality or locality than the "
     "incident's registry entry (a region incident: another place than the localities it lists): "
     "either the registry is stale or the claim is wrong (or about another incident).",
     "fix the registry entry's place, or the claim's value_text or incident_id"),
    # what a date claim's quote says (src/autodefensas/meaning/dates.py)
    ("date-day-month", "Date disagrees with the day its quote gives",
     "A date claim's quote gives a day and month (\"December 16\", \"el lunes 25 de mayo\", \"the 6th "
     "of January\"), or a day with its weekday (\"el martes 16\"), that the coded date does not hold, "
     "in the quote's year if it gives one, else in any year the date spans. When the quote gives "
     "several dates, one that fits is enough; a date of a report (\"said on March 2\") or one the "
     "event is reckoned from (\"two days after the December 16 clash\") is not read as the event's.",
     "code the day the quote gives (the message suggests it), or quote the words that give the coded date"),
    ("date-weekday", "Date disagrees with the weekday its quote gives",
     "A date claim's quote names a weekday (\"on Monday\", \"el miércoles\") that is not the weekday "
     "of the coded date (or of any of its days), or names a weekday with a day (\"Tuesday, December "
     "16\") that is not that day's weekday in the coded year: the year was resolved wrongly, or the "
     "text names the wrong weekday. Weekdays of a report (\"said Monday\"), to come (\"next "
     "Monday\") or in names (\"Domingo\", \"Sunday Times\") are not read as the event's.",
     "code the day of that weekday (the message suggests it); if the text's weekday is wrong, quote "
     "only the day and month and say so in note"),
    ("date-after-publication", "Relative date coded past publication",
     "A date claim's quote dates the event from the time of writing (\"yesterday\", \"earlier in the "
     "week\", \"on Monday\", \"ayer\", \"la semana pasada\", \"a principios de semana\"), but the "
     "coded date ends after the document's published_date: a past event cannot run past the text "
     "that reports it (an ISO week or month that holds the publication date, for example).",
     "end the date at the publication date, e.g. the week's Monday to published_date, and say why in "
     "note"),
)
