"""The one error load() raises for what it was given (a ValueError, as before it had its own)."""


class LoadError(ValueError):
    """The package cannot be loaded: the message names the file or address and what to do."""
