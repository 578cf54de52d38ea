"""What find raises for a search it cannot run."""


class FindError(ValueError):
    """A criterion cannot be read (a bad date, an unknown state code, no criterion at all):
    the message says what is wrong and what to pass instead."""
