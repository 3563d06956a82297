"""YAML that remembers where things were written, so every error can say file:line.

Mappings load as :class:`LinedDict`, which records the line of the mapping and of each key.
Duplicate keys are an error here: PyYAML silently keeps the last one, which would hide a typo in
a shared team configuration.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from wijkpost.errors import InputError


class LinedDict(dict[str, Any]):
    """A dict that knows the (1-based) line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key, self.line = key, line


@lru_cache(maxsize=1)
def _loader() -> Any:
    """The YAML loader, built on first use: commands that find the configuration in the cache
    never import PyYAML at all."""
    import yaml

    try:  # the C parser is several times faster, which matters for sites with many posts
        base: Any = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - PyYAML built without libyaml
        base = yaml.SafeLoader

    class LinedLoader(base):  # type: ignore[misc]
        pass

    LinedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                _construct_mapping)
    return LinedLoader


def _construct_mapping(loader: Any, node: Any) -> LinedDict:
    loader.flatten_mapping(node)
    result = LinedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key) if not isinstance(key, str) else key
        if key in result:
            raise DuplicateKey(key, key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def load_yaml(text: str, source: str, first_line: int = 1) -> Any:
    """Parse YAML text; errors name ``source:line``. ``first_line`` offsets front matter."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # a SafeLoader subclass
    except DuplicateKey as dup:
        from wijkpost.i18n import language

        what = "dubbele sleutel" if language() == "nl" else "duplicate key"
        raise InputError(f"{source}:{dup.line + first_line - 1}: {what} '{dup.key}'") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        from wijkpost.i18n import t

        problem = _in_words(exc.problem or exc.context or "?")
        raise InputError(f"{source}:{line}: {t('config.yaml', problem=problem)}") from None
    except yaml.YAMLError as exc:  # e.g. reader errors on control characters
        from wijkpost.i18n import t

        problem = _in_words(str(exc).split("\n", 1)[0])
        position = getattr(exc, "position", None)  # (a reader error: where in the text)
        if isinstance(position, int):
            line = text.count("\n", 0, position) + first_line
            source = f"{source}:{line}"
        raise InputError(f"{source}: {t('config.yaml', problem=problem)}") from None


_REFERENCE = ("een waarde die met * of & begint, leest YAML als verwijzing: zet hem tussen "
              "aanhalingstekens")

# What libyaml (and PyYAML, where it words it otherwise) says, and what that usually means to
# someone editing a configuration or a post's front matter, by how the problem starts.
_PROBLEMS_NL = (
    ("found character that cannot start any token",
     "een teken dat hier niets kan beginnen (vaak een tab: spring in met spaties)"),
    ("found character '\\t' that cannot start any token", "een tab: spring in met spaties"),
    ("found a tab character", "een tab in de inspringing: spring in met spaties"),
    ("mapping values are not allowed", "een dubbele punt waar dat niet kan: zet tekst met "
                                       "': ' erin tussen aanhalingstekens, of kijk de "
                                       "inspringing na"),
    ("did not find expected key", "de inspringing klopt niet (of er staat nog tekst na een "
                                  "waarde tussen aanhalingstekens)"),
    ("expected <block end>", "de inspringing klopt niet"),
    ("did not find expected '-' indicator", "de inspringing van de lijst klopt niet"),
    ("found unexpected end of stream", "het bestand houdt op midden in een waarde: is een "
                                       "aanhalingsteken niet gesloten?"),
    ("did not find expected alphabetic or numeric character", _REFERENCE),
    ("expected alphabetic or numeric character", _REFERENCE),
    ("found undefined alias", "een waarde die met * begint, leest YAML als verwijzing: zet "
                              "hem tussen aanhalingstekens"),
    ("found unknown escape character", "een onbekende \\-code tussen dubbele "
                                       "aanhalingstekens: gebruik enkele aanhalingstekens"),
    ("did not find expected ',' or ']'", "een '[' zonder ']' (of een komma te weinig)"),
    ("expected ',' or ']'", "een '[' zonder ']' (of een komma te weinig)"),
    ("did not find expected ',' or '}'", "een '{' zonder '}' (of een komma te weinig)"),
    ("expected ',' or '}'", "een '{' zonder '}' (of een komma te weinig)"),
    ("could not find expected ':'", "hier ontbreekt een ':' na de sleutel"),
    ("did not find expected node content", "hier ontbreekt een waarde"),
    ("did not find expected comment or line break",
     "na een waarde kan alleen commentaar (#) of een nieuwe regel komen"),
    ("but found another document", "meer dan één document: haal de tweede '---' weg"),
    ("second occurrence", "dezelfde &naam staat er twee keer"),
    ("could not determine a constructor for the tag",
     "een waarde die met ! begint, leest YAML als type: zet hem tussen aanhalingstekens"),
    ("unacceptable character", "een stuurteken dat in tekst niet thuishoort"),
)


def _in_words(problem: str) -> str:
    """The YAML library's problem in the user's language (it only speaks English)."""
    from wijkpost.i18n import language

    if language() == "nl":
        for start, words in _PROBLEMS_NL:
            if problem.startswith(start):
                return words
    return problem


def load_yaml_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        from wijkpost.i18n import t

        raise InputError(t("config.missing_file", path=path)) from None
    except UnicodeDecodeError as exc:
        from wijkpost.i18n import t

        raise InputError(t("site.not_utf8", path=path, why=exc.reason)) from None
    return load_yaml(text, str(path))
