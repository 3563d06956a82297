"""Click's own words (Usage, Options, its usage errors) and the help texts in the language of
the rest of wijkpost.

Click asks gettext for every text it shows. gettext picks the language from the environment
(LANGUAGE, LC_ALL, LANG) and needs a compiled catalog on disk, so on a machine set to English a
Dutch user got "Usage:" and "Error: No such option" around wijkpost's Dutch, and ``--lang`` or
``WIJKPOST_LANG`` could not change that. Click looks its two gettext functions up by name in each of
its modules when it needs a text, so :func:`install` puts a lookup in the table below in their
place; it follows :func:`wijkpost.i18n.language` at the moment a text is shown.

The table holds every text of click a user can meet. Texts only a programmer meets (a bad
parameter declaration, shell completion) stay English. A test checks the table against the click
that is installed, so an upgrade that changes a text is noticed instead of silently English.
It also spares every command gettext's search for catalog files (and the locale module).

The help texts of wijkpost's own commands and options are written in Dutch where they are
defined; :func:`localize` swaps in their English text (:mod:`wijkpost.cli.english`) when asked.
"""

from __future__ import annotations

import gettext as gnu
import inspect
import sys

import click

from wijkpost.i18n import language

# click's English text -> Dutch. Placeholders stay as click fills them in.
DUTCH: dict[str, str] = {
    # help pages
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "env var: {var}": "omgevingsvariabele: {var}",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "(dynamic)": "(wisselend)",
    "deprecated": "verouderd",
    "Confirm the action without prompting.": "Bevestig zonder het te vragen.",
    # usage errors
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Did you mean {possibility}?": "Bedoelde u {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoelde u een van: {possibilities}?)",
    "Missing command.": "Geen opdracht gegeven.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing {param_type}": "Ontbrekende {param_type}",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "Got unexpected extra argument ({args})": "Onverwacht extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Onverwachte extra argumenten ({args})",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Option {name!r} requires an argument.": "Optie {name!r} vraagt een waarde.",
    "Option {name!r} requires {nargs} arguments.": "Optie {name!r} vraagt {nargs} waarden.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} neemt {nargs} waarden.",
    "Takes {nargs} values but 1 was given.": "Neemt {nargs} waarden, maar kreeg er 1.",
    "Takes {nargs} values but {len} were given.": "Neemt {nargs} waarden, maar kreeg er {len}.",
    "Value must be an iterable.": "De waarde moet een reeks zijn.",
    "unknown error": "onbekende fout",
    "Aborted!": "Afgebroken!",
    # values of a type
    "{value!r} is not {choice}.": "{value!r} is niet {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} is niet een van {choices}.",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "{value!r} does not match the format {format}.":
        "{value!r} past niet bij het formaat {format}.",
    "{value!r} does not match the formats {formats}.":
        "{value!r} past niet bij de formaten {formats}.",
    # click names the type ("integer", "float") in English; the Dutch text does without it.
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} is geen geldige ja/nee-waarde. Bekende waarden: {states}",
    "{value!r} is not a valid UUID.": "{value!r} is geen geldige UUID.",
    "{len_type} values are required, but {len_value} was given.":
        "{len_type} waarden nodig, maar kreeg er {len_value}.",
    "{len_type} values are required, but {len_value} were given.":
        "{len_type} waarden nodig, maar kreeg er {len_value}.",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is niet uitvoerbaar.",
    "Could not open file {filename!r}: {message}":
        "Kan bestand {filename!r} niet openen: {message}",
    # questions
    "Do you want to continue?": "Wilt u doorgaan?",
    "Repeat for confirmation": "Herhaal ter bevestiging",
    "Error: The two entered values do not match.": "Fout: de twee ingevoerde waarden verschillen.",
    "Error: invalid input": "Fout: ongeldige invoer",
    "Press any key to continue...": "Druk op een toets om door te gaan...",
}


# The placeholders click writes in a usage line, not through gettext but from attributes of
# each command, which :func:`localize` sets.
DUTCH_USAGE = {
    "[OPTIONS]": "[OPTIES]",
    "COMMAND [ARGS]...": "OPDRACHT [ARGUMENTEN]...",
    "[COMMAND] [ARGS]...": "[OPDRACHT] [ARGUMENTEN]...",
}


_DUTCH_ALL = DUTCH | DUTCH_USAGE


def gettext(message: str) -> str:
    return message if language() == "en" else DUTCH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Make click's loaded modules use the lookup above where they use gettext's functions."""
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(module, "_", None) is gnu.gettext:
            module._ = gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gnu.ngettext:
            module.ngettext = ngettext  # type: ignore[attr-defined]


def localize(command: click.Command) -> click.Command:
    """Give a command, its options and its subcommands the help texts of the current language.

    Commands are shared objects (a test runs many invocations in one process), so each keeps
    the text it was made with aside and every call sets the current language's text afresh:
    wijkpost's Dutch text or its English one, or click's English text or its Dutch one.
    """
    if language() == "en":
        from wijkpost.cli.english import ENGLISH, ENGLISH_METAVARS

        table = ENGLISH | ENGLISH_METAVARS
    else:
        table = _DUTCH_ALL
    for holder in _help_holders(command):
        made: dict[str, str | None] = holder.__dict__.setdefault(
            "_wijkpost_made", {attr: getattr(holder, attr, None) for attr in HELP_ATTRIBUTES})
        for attr, text in made.items():
            if text is not None:
                setattr(holder, attr, table.get(inspect.cleandoc(text), text))
    return command


HELP_ATTRIBUTES = ("help", "short_help", "metavar", "options_metavar", "subcommand_metavar")


def _help_holders(command: click.Command) -> list[object]:
    # click makes a command's --help option when it first parses, and keeps it (_help_option).
    made_help = getattr(command, "_help_option", None)
    holders: list[object] = [command, *command.params, *([made_help] if made_help else [])]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            holders += _help_holders(sub)
    return holders
