"""The core's own errors. Each carries the exit code the CLI maps it to.

Nothing here knows about click: the CLI turns these into a message and an exit status in one place.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1  # something went wrong that is not the user's input
    USAGE = 2  # bad configuration, bad input, bad arguments
    REFUSED = 3  # an identity or privacy guard said no
    PENDING = 4  # partly done or waiting (office hours, retry later)
    INTERRUPTED = 130


class WijkpostError(Exception):
    """Base of every error the user should see as a message, not a traceback."""

    exit_status = ExitStatus.ERROR


class InputError(WijkpostError):
    """Bad input: a file, a date, an argument. The message says what and where."""

    exit_status = ExitStatus.USAGE


class ConfigError(InputError):
    """One or more problems in wijkpost.yaml, each with file:line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class NotFoundError(InputError):
    pass


class RefusedError(WijkpostError):
    """An identity guard refused: wrong hat, personal profile to a site, and so on."""

    exit_status = ExitStatus.REFUSED


class PendingError(WijkpostError):
    """Nothing went out, for now: a service could not be reached, another run holds the draft."""

    exit_status = ExitStatus.PENDING


class StoreError(WijkpostError):
    pass
