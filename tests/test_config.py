"""wijkpost.yaml: every configuration problem names the file, the line and the key path.

Most cases edit one small, valid project (``BASE``) in one place and check the single problem that
results; the expected line number is looked up in the edited text, not hard-coded. A few cases run
the real CLI in a subprocess to check the exit status (2), the message on stderr and that no
traceback is shown unless ``--debug`` is given.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from wijkpost.config import Config, find_config, load_config
from wijkpost.errors import ConfigError, InputError

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "wijkpost.yaml"

# A 40-character random token, as an OAuth access token or API key looks.
TOKEN = "a8F3kQ9zL2mN7pR4tV6wX1yB5cD0eG8hJ3kM9nP2"

BASE = """\
# Een klein, geldig project; elke test verandert er precies één ding aan.
version: 1
timezone: Europe/Amsterdam

authors:
  jan:
    name: Jan Jansen
    role: wijkmanager
    profiles:
      werk:
        kind: work
        accounts: [mastodon-wijk]
        sites: [wijk]
        office_hours: "ma-vr 08:30-17:00"
      prive:
        accounts: [mastodon-jan]

accounts:
  mastodon-wijk:
    network: mastodon
    handle: "@wijk@social.example"
    instance: https://social.example
  mastodon-jan:
    network: mastodon
    handle: "@jan@social.example"
    instance: https://social.example
  x-wijk:
    network: twitter
    handle: "@wijk"

sites:
  wijk:
    title: Wijk
    base_url: https://wijk.example/

tags:
  afval:
    label: Afval
    keywords: [afval, container]
"""

# A second author, appended under `authors:` (before `accounts:`).
PIET = """\
  piet:
    name: Piet Pieters
    role: wijkagent
    profiles:
      werk:
        accounts: [x-wijk]
"""


# --------------------------------------------------------------------------- helpers


def edit(old: str, new: str, text: str = BASE) -> str:
    """``text`` with the one occurrence of ``old`` replaced (the test fails if it is missing)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def add_author(text: str = BASE, author: str = PIET) -> str:
    return edit("\naccounts:\n", "\n" + author + "\naccounts:\n", text)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the ``nth`` line that contains ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} found {len(hits)} times"
    return hits[nth - 1]


def write(tmp_path: Path, text: str, name: str = "wijkpost.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path.resolve()


def problems(tmp_path: Path, text: str) -> tuple[Path, list[str]]:
    """Load ``text`` as a configuration that must be rejected with a ConfigError."""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == "\n".join(info.value.problems)
    for problem in info.value.problems:
        assert problem.startswith(f"{path}:"), problem
    return path, info.value.problems


def the_problem(found: list[str], path: Path, line: int, where: str, *fragments: str) -> str:
    """The one problem at ``path:line: where:`` that contains every fragment."""
    prefix = f"{path}:{line}: {where}: "
    matching = [p for p in found if p.startswith(prefix) and all(f in p for f in fragments)]
    assert len(matching) == 1, f"no single problem {prefix}… {fragments} in:\n" + "\n".join(found)
    return matching[0]


def only_problem(tmp_path: Path, text: str, line: int, where: str, *fragments: str) -> str:
    path, found = problems(tmp_path, text)
    assert len(found) == 1, "\n".join(found)
    return the_problem(found, path, line, where, *fragments)


def input_error(tmp_path: Path, text: str) -> tuple[Path, str]:
    """Load ``text``; it must fail with a plain InputError (YAML-level problems)."""
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_config(path)
    assert not isinstance(info.value, ConfigError)
    return path, str(info.value)


def test_base_is_valid(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, BASE))
    assert set(config.authors["jan"].profiles) == {"werk", "prive"}
    assert config.authors["jan"].profiles["prive"].kind == "personal"  # by its name


# --------------------------------------------------------------------------- unknown keys


def test_unknown_top_level_key_suggests(tmp_path: Path) -> None:
    text = edit("\naccounts:\n", "\nacounts:\n")
    path, found = problems(tmp_path, text)
    the_problem(found, path, line_of(text, "acounts:"), "acounts",
                "onbekende sleutel 'acounts'", "bedoelde u 'accounts'?")


def test_unknown_top_level_key_without_close_match_lists_the_allowed(tmp_path: Path) -> None:
    text = edit("timezone: Europe/Amsterdam\n", "timezone: Europe/Amsterdam\nbananen: 3\n")
    only_problem(tmp_path, text, line_of(text, "bananen"), "bananen",
                 "onbekende sleutel 'bananen'", "toegestaan: accounts, authors, compose")


def test_unknown_nested_key_suggests(tmp_path: Path) -> None:
    text = edit("    title: Wijk\n", "    title: Wijk\n    descriptoin: Nieuws\n")
    only_problem(tmp_path, text, line_of(text, "descriptoin"), "sites.wijk.descriptoin",
                 "onbekende sleutel 'descriptoin'", "bedoelde u 'description'?")


def test_unknown_profile_key_suggests(tmp_path: Path) -> None:
    text = edit('        office_hours: "ma-vr', '        ofice_hours: "ma-vr')
    only_problem(tmp_path, text, line_of(text, "ofice_hours"),
                 "authors.jan.profiles.werk.ofice_hours", "onbekende sleutel 'ofice_hours'",
                 "bedoelde u 'office_hours'?")


# --------------------------------------------------------------------------- wrong types


def test_string_where_a_list_belongs(tmp_path: Path) -> None:
    text = edit("keywords: [afval, container]", "keywords: afval")
    only_problem(tmp_path, text, line_of(text, "keywords:"), "tags.afval.keywords",
                 "verwacht lijst, kreeg tekst")


def test_string_where_a_list_belongs_in_a_profile(tmp_path: Path) -> None:
    text = edit("accounts: [mastodon-wijk]", "accounts: mastodon-wijk")
    only_problem(tmp_path, text, line_of(text, "accounts: mastodon-wijk"),
                 "authors.jan.profiles.werk.accounts", "verwacht lijst, kreeg tekst")


def test_list_where_a_mapping_belongs(tmp_path: Path) -> None:
    text = BASE + "privacy: [90]\n"
    path, found = problems(tmp_path, text)
    assert {p for p in found} == {f"{path}:{line_of(text, 'privacy:')}: privacy: "
                                  "verwacht sectie, kreeg lijst"}


@pytest.mark.parametrize("section", ["privacy", "compose", "tags"])
def test_top_level_section_of_the_wrong_type_is_reported_once(tmp_path: Path, section: str
                                                              ) -> None:
    text = BASE.split("\ntags:\n")[0] + f"\n{section}: [1]\n"
    _, found = problems(tmp_path, text)
    assert len(found) == 1, "\n".join(found)


def test_profiles_as_a_list(tmp_path: Path) -> None:
    text = add_author(author="  piet:\n    name: Piet\n    profiles: [werk]\n")
    only_problem(tmp_path, text, line_of(text, "profiles: [werk]"), "authors.piet.profiles",
                 "verwacht sectie, kreeg lijst")


def test_text_where_a_number_belongs(tmp_path: Path) -> None:
    text = edit("version: 1", 'version: "1"')
    only_problem(tmp_path, text, 2, "version", "verwacht getal, kreeg tekst")


def test_yes_no_where_a_number_belongs_is_an_error(tmp_path: Path) -> None:
    text = edit("    base_url: https://wijk.example/\n",
                "    base_url: https://wijk.example/\n    per_page: yes\n")
    only_problem(tmp_path, text, line_of(text, "per_page"), "sites.wijk.per_page", "verwacht getal")


def test_yes_no_where_a_number_belongs_says_yes_no(tmp_path: Path) -> None:
    text = edit("    base_url: https://wijk.example/\n",
                "    base_url: https://wijk.example/\n    per_page: yes\n")
    only_problem(tmp_path, text, line_of(text, "per_page"), "sites.wijk.per_page",
                 "verwacht getal, kreeg ja/nee")


@pytest.mark.parametrize(("setting", "value"), [
    ("per_page", "0"), ("per_page", "100000000000000000000000"), ("feed_entries", "5000"),
    ("max_image_mb", "0"), ("max_image_mb", "-1.5"), ("max_image_mb", "1.0e+9"),
])
def test_site_numbers_out_of_their_range(tmp_path: Path, setting: str, value: str) -> None:
    text = edit("    base_url: https://wijk.example/\n",
                f"    base_url: https://wijk.example/\n    {setting}: {value}\n")
    only_problem(tmp_path, text, line_of(text, f"{setting}:"), f"sites.wijk.{setting}",
                 "verwacht meer dan 0 en hoogstens 1000, kreeg")


@pytest.mark.parametrize("output", [".", "..", "sites", "sites/wijk", "sites/wijk/", "./sites/wijk",
                                    "sites/wijk/posts", "sites/wijk/posts/2026"])
def test_a_site_output_among_its_own_sources_is_refused(tmp_path: Path, output: str) -> None:
    text = edit("    base_url: https://wijk.example/\n",
                f"    base_url: https://wijk.example/\n    output: {output}\n")
    only_problem(tmp_path, text, line_of(text, "output:"), "sites.wijk.output",
                 "tussen haar eigen bronnen")


@pytest.mark.parametrize("output", ["public", "sites/wijk/public", "../www/wijk", "sites/wijk2"])
def test_a_site_output_of_its_own_is_fine(tmp_path: Path, output: str) -> None:
    text = edit("    base_url: https://wijk.example/\n",
                f"    base_url: https://wijk.example/\n    output: {output}\n")
    site = load_config(write(tmp_path, text)).sites["wijk"]
    assert site.output == tmp_path.resolve() / output


def test_default_targets_as_a_string_is_one_problem(tmp_path: Path) -> None:
    text = edit('        office_hours: "ma-vr 08:30-17:00"\n',
                '        office_hours: "ma-vr 08:30-17:00"\n        default_targets: wijk\n')
    only_problem(tmp_path, text, line_of(text, "default_targets"),
                 "authors.jan.profiles.werk.default_targets", "verwacht lijst, kreeg tekst")


# --------------------------------------------------------------------------- missing keys


def _missing_cases() -> list[Any]:
    without_authors = BASE.split("authors:\n")[0] + "accounts:\n" + BASE.split("\naccounts:\n")[1]
    return [
        pytest.param(without_authors, "version: 1", "(top)", "authors", id="authors"),
        pytest.param(edit('    handle: "@wijk@social.example"\n', ""), "  mastodon-wijk:",
                     "accounts.mastodon-wijk", "handle", id="account-handle"),
        pytest.param(edit("    network: twitter\n", ""), "  x-wijk:", "accounts.x-wijk", "network",
                     id="account-network"),
        pytest.param(edit("    title: Wijk\n", ""), "  wijk:", "sites.wijk", "title",
                     id="site-title"),
        pytest.param(edit("    base_url: https://wijk.example/\n", ""), "  wijk:", "sites.wijk",
                     "base_url", id="site-base_url"),
        pytest.param(edit("    instance: https://social.example\n", "",
                          edit("mastodon-jan:\n    network: mastodon\n    handle: \"@jan@social."
                               "example\"\n    instance: https://social.example\n",
                               "mastodon-jan:\n    network: twitter\n    handle: \"@jan\"\n")),
                     "  mastodon-wijk:", "accounts.mastodon-wijk", "instance",
                     id="mastodon-instance"),
    ]


@pytest.mark.parametrize(("text", "entry", "where", "key"), _missing_cases())
def test_missing_required_key(tmp_path: Path, text: str, entry: str, where: str, key: str) -> None:
    path, found = problems(tmp_path, text)
    # The entry's own line or the first line inside it (where YAML says the mapping starts).
    entry_line = line_of(text, entry)
    hits = [p for p in found if f"verplichte sleutel '{key}' ontbreekt" in p]
    assert len(hits) == 1, "\n".join(found)
    assert any(hits[0].startswith(f"{path}:{line}: {where}: ")
               for line in (entry_line, entry_line + 1)), hits[0]


def test_no_authors_at_all(tmp_path: Path) -> None:
    text = BASE.split("authors:\n")[0] + "authors: {}\n"
    only_problem(tmp_path, text, line_of(text, "authors:"), "authors",
                 "er is geen auteur geconfigureerd")


# --------------------------------------------------------------------------- references


def test_unknown_account_in_profile_suggests(tmp_path: Path) -> None:
    text = edit("accounts: [mastodon-wijk]", "accounts: [mastodn-wijk]")
    only_problem(tmp_path, text, line_of(text, "mastodn-wijk"),
                 "authors.jan.profiles.werk.accounts", "account 'mastodn-wijk' bestaat niet",
                 "bedoelde u 'mastodon-wijk'?")


def test_unknown_site_in_profile_suggests(tmp_path: Path) -> None:
    text = edit("sites: [wijk]", "sites: [wjik]")
    only_problem(tmp_path, text, line_of(text, "[wjik]"), "authors.jan.profiles.werk.sites",
                 "site 'wjik' bestaat niet", "bedoelde u 'wijk'?")


def test_unknown_reference_without_close_match_has_no_suggestion(tmp_path: Path) -> None:
    text = edit("sites: [wijk]", "sites: [zzzzzz]")
    problem = only_problem(tmp_path, text, line_of(text, "zzzzzz"),
                           "authors.jan.profiles.werk.sites", "site 'zzzzzz' bestaat niet")
    assert "bedoelde" not in problem


def test_account_claimed_by_two_authors(tmp_path: Path) -> None:
    text = add_author(author=PIET.replace("[x-wijk]", "[mastodon-wijk]"))
    only_problem(tmp_path, text, line_of(text, "accounts: [mastodon-wijk]", nth=2),
                 "authors.piet.profiles.werk.accounts",
                 "account 'mastodon-wijk' hoort al bij profiel jan/werk")


def test_account_in_two_profiles_of_one_author(tmp_path: Path) -> None:
    text = edit("accounts: [mastodon-jan]", "accounts: [mastodon-jan, mastodon-wijk]")
    only_problem(tmp_path, text, line_of(text, "[mastodon-jan, mastodon-wijk]"),
                 "authors.jan.profiles.prive.accounts",
                 "account 'mastodon-wijk' hoort al bij profiel jan/werk",
                 "precies één profiel")


def test_default_target_outside_the_profile(tmp_path: Path) -> None:
    text = edit('        office_hours: "ma-vr 08:30-17:00"\n', '        office_hours: "ma-vr '
                '08:30-17:00"\n        default_targets: [wijk, x-wijk]\n')
    only_problem(tmp_path, text, line_of(text, "default_targets"),
                 "authors.jan.profiles.werk.default_targets",
                 "standaarddoel 'x-wijk' hoort niet bij dit profiel", "mastodon-wijk, wijk")


# --------------------------------------------------------------------------- personal profiles


def test_personal_profile_with_a_site(tmp_path: Path) -> None:
    text = edit("        kind: work\n", "        kind: personal\n")
    text = edit('        office_hours: "ma-vr 08:30-17:00"\n', "", text)
    only_problem(tmp_path, text, line_of(text, "sites: [wijk]"), "authors.jan.profiles.werk.sites",
                 "persoonlijk profiel 'jan/werk' mag niet naar een site publiceren (wijk)")


def test_profile_named_prive_is_personal_and_may_not_list_a_site(tmp_path: Path) -> None:
    text = edit("accounts: [mastodon-jan]\n", "accounts: [mastodon-jan]\n        sites: [wijk]\n")
    only_problem(tmp_path, text, line_of(text, "sites: [wijk]", nth=2),
                 "authors.jan.profiles.prive.sites", "persoonlijk profiel 'jan/prive'")


def test_office_hours_on_a_personal_profile(tmp_path: Path) -> None:
    text = edit("accounts: [mastodon-jan]\n",
                'accounts: [mastodon-jan]\n        office_hours: "za 10:00-12:00"\n')
    only_problem(tmp_path, text, line_of(text, "za 10:00-12:00"),
                 "authors.jan.profiles.prive.office_hours",
                 "kantoortijden horen bij een werkprofiel", "'jan/prive'")


# --------------------------------------------------------------------------- office hours


@pytest.mark.parametrize(("spec", "why"), [
    ('"ma-vr 9-17"', "'9-17' is geen UU:MM-UU:MM"),
    ('"xx 08:00-17:00"', "onbekende dag in 'xx'"),
    ('"ma-vr 17:00-08:00"', "'17:00-08:00' loopt achteruit"),
    ('["ma-vr 08:00-12:00", "ma 11:00-13:00"]', "tijden overlappen"),
    ('"ma-vr 08:00-25:00"', "'08:00-25:00' is geen UU:MM-UU:MM"),
    ('"vr-ma 08:00-17:00"', "'vr-ma' loopt achteruit"),
])
def test_bad_office_hours(tmp_path: Path, spec: str, why: str) -> None:
    text = edit('office_hours: "ma-vr 08:30-17:00"', f"office_hours: {spec}")
    only_problem(tmp_path, text, line_of(text, "office_hours"),
                 "authors.jan.profiles.werk.office_hours", "ongeldige kantoortijden", why,
                 "voorbeeld: 'ma-vr 08:30-17:00'")


# --------------------------------------------------------------------------- secrets


@pytest.mark.parametrize("key", ["token", "access_token", "consumer_secret", "Access-Token",
                                 "password"])
def test_secret_looking_key(tmp_path: Path, key: str) -> None:
    value = "hunter2hunter2"
    text = edit('    handle: "@wijk"\n', f'    handle: "@wijk"\n    {key}: {value}\n')
    problem = only_problem(tmp_path, text, line_of(text, f"{key}:"), f"accounts.x-wijk.{key}",
                           "dit lijkt op een geheim", "sleutelhanger")
    assert value not in problem


def test_secret_looking_value_as_handle_is_not_echoed(tmp_path: Path) -> None:
    text = edit('handle: "@wijk"', f"handle: {TOKEN}")
    problem = only_problem(tmp_path, text, line_of(text, TOKEN), "accounts.x-wijk.handle",
                           "dit lijkt op een geheim")
    assert TOKEN not in problem


def test_secret_key_with_secret_value_is_not_echoed(tmp_path: Path) -> None:
    text = edit('    handle: "@wijk"\n', f'    handle: "@wijk"\n    access_token: {TOKEN}\n')
    path, found = problems(tmp_path, text)
    prefix = f"{path}:{line_of(text, 'access_token')}: accounts.x-wijk.access_token: "
    assert found and all(p.startswith(prefix) and "dit lijkt op een geheim" in p for p in found)
    assert TOKEN not in "\n".join(found)


def test_secret_key_with_secret_value_is_reported_once(tmp_path: Path) -> None:
    text = edit('    handle: "@wijk"\n', f'    handle: "@wijk"\n    access_token: {TOKEN}\n')
    _, found = problems(tmp_path, text)
    assert len(found) == 1, "\n".join(found)


def test_secret_key_at_top_level_has_a_clean_key_path(tmp_path: Path) -> None:
    text = edit("timezone: Europe/Amsterdam\n", "timezone: Europe/Amsterdam\ntoken: abc\n")
    only_problem(tmp_path, text, line_of(text, "token:"), "token", "dit lijkt op een geheim")


def test_secret_pasted_into_instance_is_not_echoed(tmp_path: Path) -> None:
    text = edit('wijk@social.example"\n    instance: https://social.example',
                f'wijk@social.example"\n    instance: {TOKEN}')
    _, found = problems(tmp_path, text)
    assert found
    assert TOKEN not in "\n".join(found)


def test_long_directory_path_is_not_a_secret(tmp_path: Path) -> None:
    text = edit("    base_url: https://wijk.example/\n",
                "    base_url: https://wijk.example/\n"
                "    directory: sites/voorbeeldwijk-oost-2026/bestanden\n")
    load_config(write(tmp_path, text))


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(("old", "new", "where", "value"), [
    ('wijk@social.example"\n    instance: https://social.example', 'wijk@social.example"\n'
     "    instance: social.example", "accounts.mastodon-wijk.instance", "social.example"),
    ("base_url: https://wijk.example/", "base_url: wijk.example", "sites.wijk.base_url",
     "wijk.example"),
    ("base_url: https://wijk.example/", "base_url: ftp://wijk.example/", "sites.wijk.base_url",
     "ftp://wijk.example/"),
    # a space or a "!" in the host: it would stand in every link and feed entry
    ("base_url: https://wijk.example/", "base_url: 'https://Mijn Wijk!.example/'",
     "sites.wijk.base_url", "https://Mijn Wijk!.example/"),
    ("base_url: https://wijk.example/", "base_url: https://wijk.example/a b/",
     "sites.wijk.base_url", "https://wijk.example/a b/"),
    ('    handle: "@wijk"\n', '    handle: "@wijk"\n    api_base: api.example\n',
     "accounts.x-wijk.api_base", "api.example"),
])
def test_bad_url(tmp_path: Path, old: str, new: str, where: str, value: str) -> None:
    text = edit(old, new)
    line = line_of(text, new.strip().splitlines()[-1])
    only_problem(tmp_path, text, line, where, f"'{value}' is geen http(s)-URL")


@pytest.mark.parametrize("url", ["http://localhost:8000/", "https://wijk.example/nieuws/",
                                 "https://straße.example/", "https://a-b.example:8443/x/"])
def test_good_urls(tmp_path: Path, url: str) -> None:
    path = tmp_path / "wijkpost.yaml"
    path.write_text(edit("base_url: https://wijk.example/", f"base_url: {url}"), encoding="utf-8")
    assert load_config(path).sites["wijk"].base_url == url


@pytest.mark.parametrize("value", ["klingon", "nederlands", "nl_NL", "n"])
def test_site_language_is_a_language_code(tmp_path: Path, value: str) -> None:
    text = edit("    base_url: https://wijk.example/\n",
                f"    base_url: https://wijk.example/\n    language: {value}\n")
    only_problem(tmp_path, text, line_of(text, f"language: {value}"), "sites.wijk.language",
                 f"'{value}' is geen taalcode")


def test_the_project_language_is_the_default_of_its_sites(tmp_path: Path) -> None:
    text = edit("timezone: Europe/Amsterdam", "timezone: Europe/Amsterdam\nlanguage: fy-NL")
    text = edit("    base_url: https://wijk.example/\n", "    base_url: https://wijk.example/\n"
                "  engels:\n    title: Engels\n    base_url: https://en.example/\n"
                "    language: en\n", text)
    config = load_config(write(tmp_path, text))
    assert config.language == "fy-NL"
    assert (config.sites["wijk"].language, config.sites["engels"].language) == ("fy-NL", "en")
    assert load_config(write(tmp_path, BASE)).language == "nl"


def test_the_project_language_is_a_language_code(tmp_path: Path) -> None:
    text = edit("timezone: Europe/Amsterdam", "timezone: Europe/Amsterdam\nlanguage: Nederlands")
    only_problem(tmp_path, text, line_of(text, "language: Nederlands"), "language",
                 "'Nederlands' is geen taalcode")


def test_unknown_timezone(tmp_path: Path) -> None:
    text = edit("timezone: Europe/Amsterdam", "timezone: Europe/Amsterdamm")
    only_problem(tmp_path, text, 3, "timezone", "onbekende tijdzone 'Europe/Amsterdamm'")


def test_invalid_network(tmp_path: Path) -> None:
    text = edit("    network: twitter\n", "    network: myspace\n")
    only_problem(tmp_path, text, line_of(text, "myspace"), "accounts.x-wijk.network",
                 "'myspace' is geen geldige keuze; kies uit mastodon, twitter")


def test_invalid_network_does_not_claim_the_account_is_missing(tmp_path: Path) -> None:
    text = edit("    network: mastodon\n    handle: \"@wijk@", "    network: mastodn\n"
                "    handle: \"@wijk@")
    _, found = problems(tmp_path, text)
    assert not [p for p in found if "bestaat niet" in p], "\n".join(found)


def test_invalid_profile_kind(tmp_path: Path) -> None:
    text = edit("kind: work", "kind: hobby")
    only_problem(tmp_path, text, line_of(text, "kind: hobby"), "authors.jan.profiles.werk.kind",
                 "'hobby' is geen geldige keuze; kies uit work, personal")


def test_bad_name(tmp_path: Path) -> None:
    text = edit("  x-wijk:\n", "  X_Wijk:\n")
    only_problem(tmp_path, text, line_of(text, "X_Wijk"), "accounts.X_Wijk",
                 "naam 'X_Wijk' mag alleen kleine letters")


def test_two_default_authors(tmp_path: Path) -> None:
    text = edit("    role: wijkmanager\n", "    role: wijkmanager\n    default: true\n")
    text = add_author(text, PIET.replace("    role: wijkagent\n",
                                         "    role: wijkagent\n    default: true\n"))
    only_problem(tmp_path, text, line_of(text, "authors:"), "authors",
                 "meer dan één auteur heeft 'default: true'")


def test_newer_config_version(tmp_path: Path) -> None:
    text = edit("version: 1", "version: 2")
    only_problem(tmp_path, text, 2, "version", "configuratieversie 2 is nieuwer",
                 "(tot 1)", "werk wijkpost bij")


# --------------------------------------------------------------------------- YAML level


def test_duplicate_key_names_the_second_occurrence(tmp_path: Path) -> None:
    text = edit("    name: Jan Jansen\n", "    name: Jan Jansen\n    role: x\n    name: Jan\n")
    path, message = input_error(tmp_path, text)
    assert message == f"{path}:{line_of(text, 'name: Jan', nth=2)}: dubbele sleutel 'name'"


def test_duplicate_section_entry(tmp_path: Path) -> None:
    text = BASE + "sites:\n  ander:\n    title: Ander\n    base_url: https://ander.example/\n"
    path, message = input_error(tmp_path, text)
    assert message == f"{path}:{line_of(text, 'sites:', nth=3)}: dubbele sleutel 'sites'"


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("    name: Jan Jansen\n", "    name: Jan: Jansen\n", "Jan: Jansen"),
    ("    name: Jan Jansen\n", "\tname: Jan Jansen\n", "\tname"),
    ("    label: Afval\n", "    label: 'Afval\n", "'Afval"),
])
def test_broken_yaml_names_the_line(tmp_path: Path, old: str, new: str, needle: str) -> None:
    text = edit(old, new)
    path, message = input_error(tmp_path, text)
    line = line_of(text, needle)
    # An unclosed quote is only noticed where the file ends.
    expected = len(text.splitlines()) + 1 if "'" in needle else line
    assert message.startswith(f"{path}:{expected}: geen geldige YAML: "), message


@pytest.mark.parametrize(("old", "new", "words"), [
    ("    name: Jan Jansen\n", "    name: Jan: Jansen\n",
     "zet tekst met ': ' erin tussen aanhalingstekens"),
    ("    name: Jan Jansen\n", "\tname: Jan Jansen\n", "tab"),
    ("    name: Jan Jansen\n", "    name: *Jan* Jansen\n",
     "met * of & begint, leest YAML als verwijzing"),
    ("    name: Jan Jansen\n", '    name: "Jan\\Jansen"\n', "\\-code"),
    ("    name: Jan Jansen\n", "    name: Jan Jansen\x07\n", "stuurteken"),
    ("accounts: [mastodon-wijk]", "accounts: [mastodon-wijk", "zonder ']'"),
    ("    role: wijkmanager\n", "    role: wijkmanager\n   x: 1\n", "inspringing"),
])
def test_yaml_problems_are_told_in_dutch_and_in_english_as_yaml_says_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, words: str) -> None:
    text = edit(old, new)
    path, message = input_error(tmp_path, text)
    assert message.startswith(f"{path}:"), message  # (every one names a line)
    assert words in message and "found" not in message and "expected" not in message, message
    monkeypatch.setenv("WIJKPOST_LANG", "en")
    from wijkpost import i18n

    i18n.set_language(None)
    try:
        english = input_error(tmp_path, text)[1]
    finally:
        monkeypatch.delenv("WIJKPOST_LANG")
        i18n.set_language(None)
    assert "not valid YAML" in english and words not in english, english


def test_unclosed_flow_list_points_at_or_just_after_it(tmp_path: Path) -> None:
    text = edit("accounts: [mastodon-wijk]", "accounts: [mastodon-wijk")
    path, message = input_error(tmp_path, text)
    line = line_of(text, "[mastodon-wijk")
    assert message.startswith((f"{path}:{line}: ", f"{path}:{line + 1}: ")), message
    assert "geen geldige YAML" in message


@pytest.mark.parametrize("text", ["", "# alleen commentaar\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems == [f"{path}:1: het bestand is leeg"]


def test_a_list_is_not_a_configuration(tmp_path: Path) -> None:
    path = write(tmp_path, "- authors\n- accounts\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems == [f"{path}:1: verwacht sectie, kreeg lijst"]


# --------------------------------------------------------------------------- many at once


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    text = edit("timezone: Europe/Amsterdam", "timezone: Mars/Olympus")
    text = edit('office_hours: "ma-vr 08:30-17:00"', 'office_hours: "ma-vr 9-17"', text)
    text = edit("accounts: [mastodon-jan]", "accounts: [mastodon-jan, mastodon-wijk]", text)
    text = edit("    network: twitter\n", "    network: myspace\n", text)
    text = edit("base_url: https://wijk.example/", "base_url: wijk.example", text)
    text = edit("keywords: [afval, container]", "keywords: afval", text)
    path, found = problems(tmp_path, text)
    assert len(found) == 6, "\n".join(found)
    expected = {
        (line_of(text, "Mars/Olympus"), "timezone"),
        (line_of(text, "9-17"), "authors.jan.profiles.werk.office_hours"),
        (line_of(text, "[mastodon-jan, mastodon-wijk]"), "authors.jan.profiles.prive.accounts"),
        (line_of(text, "myspace"), "accounts.x-wijk.network"),
        (line_of(text, "wijk.example"), "sites.wijk.base_url"),
        (line_of(text, "keywords: afval"), "tags.afval.keywords"),
    }
    for line, where in expected:
        the_problem(found, path, line, where)


# --------------------------------------------------------------------------- English


def test_english_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKPOST_LANG", "en")
    text = edit("    network: twitter\n", "    network: myspace\n")
    text = edit("keywords: [afval, container]", "keywords: afval", text)
    text = edit("sites: [wijk]", "sites: [wjik]", text)
    path, found = problems(tmp_path, text)
    assert len(found) == 3, "\n".join(found)
    the_problem(found, path, line_of(text, "myspace"), "accounts.x-wijk.network",
                "'myspace' is not a valid choice; choose from mastodon, twitter")
    the_problem(found, path, line_of(text, "keywords"), "tags.afval.keywords",
                "expected list, got text")
    the_problem(found, path, line_of(text, "wjik"), "authors.jan.profiles.werk.sites",
                "site 'wjik' does not exist; did you mean 'wijk'?")


def test_english_yaml_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKPOST_LANG", "en")
    text = edit("    name: Jan Jansen\n", "    name: Jan Jansen\n    name: Jan\n")
    path, message = input_error(tmp_path, text)
    assert message == f"{path}:{line_of(text, 'name: Jan', nth=2)}: duplicate key 'name'"


# --------------------------------------------------------------------------- the example


def test_example_configuration_loads() -> None:
    config = load_config(EXAMPLE)
    assert config.path == EXAMPLE.resolve()
    assert config.root == REPO
    assert config.version == 1 and config.timezone == "Europe/Amsterdam"
    assert set(config.authors) == {"jdevries", "mbakker"}
    jdv, mb = config.authors["jdevries"], config.authors["mbakker"]
    assert (jdv.name, jdv.role, jdv.default) == ("Jasmijn de Vries", "wijkmanager", True)
    assert (mb.name, mb.role, mb.default) == ("Mohamed Bakker", "wijkagent", False)
    assert sorted(p.key for p in config.profiles()) == ["jdevries/prive", "jdevries/werk",
                                                        "mbakker/werk"]
    werk = jdv.profiles["werk"]
    assert werk.is_work and werk.accounts == ("mastodon-wijk", "x-wijk")
    assert werk.sites == ("voorbeeldwijk",) and werk.signature == "^JdV"
    assert werk.default_targets == ("voorbeeldwijk", "mastodon-wijk", "x-wijk")
    assert werk.office_hours is not None
    assert werk.office_hours.specs == ("ma-do 08:30-17:00", "vr 08:30-12:30")
    assert werk.fit == "thread"
    prive = jdv.profiles["prive"]
    assert prive.kind == "personal" and not prive.is_work
    assert prive.accounts == ("mastodon-jasmijn",) and prive.sites == ()
    assert prive.office_hours is None and prive.fit == "refuse"
    assert prive.default_targets == ("mastodon-jasmijn",)  # all its own targets by default
    mbw = mb.profiles["werk"]
    assert mbw.office_hours is not None and mbw.office_hours.specs == ("ma-vr 08:00-18:00",)
    assert mbw.fit == "link" and mbw.default_targets == ("voorbeeldwijk", "mastodon-politie")
    assert set(config.accounts) == {"mastodon-wijk", "x-wijk", "mastodon-jasmijn",
                                    "mastodon-politie", "x-politie"}
    wijk = config.accounts["mastodon-wijk"]
    assert (wijk.network, wijk.handle, wijk.instance) == (
        "mastodon", "@voorbeeldwijk@social.example", "https://social.example")
    assert wijk.username == "voorbeeldwijk"
    x = config.accounts["x-politie"]
    assert (x.network, x.instance, x.api_base) == ("twitter", None, "https://api.twitter.com")
    assert config.owner_of("x-politie") is mbw
    assert config.owner_of("voorbeeldwijk") is None  # sites are shared, accounts are owned
    assert list(config.sites) == ["voorbeeldwijk"]
    site = config.sites["voorbeeldwijk"]
    assert site.title == "Voorbeeldwijk" and site.base_url == "https://voorbeeldwijk.example/"
    assert site.per_page == 5 and site.language == "nl"
    assert site.directory == REPO / "sites" / "voorbeeldwijk"
    assert site.output == site.directory / "public"
    assert site.posts_dir == site.directory / "posts"
    assert set(config.tags) == {"afval", "veiligheid", "verkeer", "groen", "evenementen"}
    assert "grofvuil" in config.tags["afval"].keywords and config.tags["afval"].label == "Afval"
    assert config.privacy.retention_days == 90
    assert (config.compose.fit, config.compose.require_alt) == ("thread", True)


def test_base_url_gets_a_trailing_slash(tmp_path: Path) -> None:
    text = edit("base_url: https://wijk.example/", "base_url: https://wijk.example/blog")
    config = load_config(write(tmp_path, text))
    assert config.sites["wijk"].base_url == "https://wijk.example/blog/"


# --------------------------------------------------------------------------- finding the file


def test_find_config_from_a_nested_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    path = write(tmp_path, BASE)
    nested = tmp_path / "sites" / "wijk" / "posts" / "2026"
    nested.mkdir(parents=True)
    assert find_config(start=nested) == str(path)
    monkeypatch.chdir(nested)
    assert find_config() == str(path)
    assert load_config().path == path


def test_explicit_config_and_environment_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    here = write(tmp_path, BASE)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write(tmp_path / "a", BASE, "elders.yaml")
    b = write(tmp_path / "b", BASE)
    monkeypatch.chdir(tmp_path)
    assert find_config() == str(here)
    assert find_config(a) == str(a)  # --config with a file
    assert find_config(tmp_path / "b") == str(b)  # --config with a directory
    monkeypatch.setenv("WIJKPOST_CONFIG", str(a))
    assert find_config() == str(a)
    assert find_config(str(b)) == str(b)  # --config beats the environment


def test_explicit_config_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nergens.yaml"
    with pytest.raises(InputError, match="bestand bestaat niet") as info:
        find_config(missing)
    assert str(missing) in str(info.value)


def test_no_config_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if any((d / "wijkpost.yaml").is_file() for d in (tmp_path, *tmp_path.parents)):
        pytest.skip("a wijkpost.yaml exists above the temporary directory")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        load_config()
    message = str(info.value)
    assert "geen wijkpost.yaml gevonden" in message and str(tmp_path.resolve()) in message
    assert "wijkpost init" in message


# --------------------------------------------------------------------------- author and profile


@pytest.fixture
def example() -> Config:
    return load_config(EXAMPLE)


def test_author_selection(example: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    assert example.author(None).key == "jdevries"  # default: true
    assert example.author("mbakker").key == "mbakker"
    monkeypatch.setenv("WIJKPOST_AUTHOR", "mbakker")
    assert example.author(None).key == "mbakker"
    assert example.author("jdevries").key == "jdevries"  # explicit beats the environment


def test_unknown_author_lists_the_known(example: Config) -> None:
    with pytest.raises(InputError) as info:
        example.author("pvdberg")
    assert str(info.value) == "auteur 'pvdberg' bestaat niet; bekend: jdevries, mbakker"


def test_unknown_author_from_the_environment(example: Config, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.setenv("WIJKPOST_AUTHOR", "pvdberg")
    with pytest.raises(InputError, match="'pvdberg' bestaat niet"):
        example.author(None)


def test_single_author_needs_no_choice(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, BASE))
    assert config.author(None).key == "jan"


def test_ambiguous_author(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, add_author()))
    with pytest.raises(InputError) as info:
        config.author(None)
    message = str(info.value)
    assert "meerdere auteurs (jan, piet)" in message
    assert "--author" in message and "WIJKPOST_AUTHOR" in message


def test_profile_selection(example: Config) -> None:
    jdv, mb = example.authors["jdevries"], example.authors["mbakker"]
    assert example.profile(jdv, None).name == "werk"  # the only work profile
    assert example.profile(jdv, "prive").name == "prive"
    assert example.profile(mb, None).name == "werk"  # the only profile
    with pytest.raises(InputError) as info:
        example.profile(mb, "prive")
    assert str(info.value) == "mbakker heeft geen profiel 'prive'; bekend: werk"


def test_ambiguous_profile(tmp_path: Path) -> None:
    text = edit("accounts: [mastodon-jan]\n",
                "accounts: [mastodon-jan]\n      buurtvereniging:\n        accounts: [x-wijk]\n")
    config = load_config(write(tmp_path, text))
    jan = config.authors["jan"]
    assert [p.kind for p in jan.profiles.values()] == ["work", "personal", "work"]
    with pytest.raises(InputError) as info:
        config.profile(jan, None)
    assert str(info.value) == ("jan heeft meerdere profielen (werk, prive, buurtvereniging); "
                               "kies er een met --as")
    assert config.profile(jan, "buurtvereniging").accounts == ("x-wijk",)


def test_only_personal_profiles_is_ambiguous(tmp_path: Path) -> None:
    text = edit("        kind: work\n", "        kind: personal\n")
    text = edit('        office_hours: "ma-vr 08:30-17:00"\n', "", text)
    text = edit("        sites: [wijk]\n", "", text)
    config = load_config(write(tmp_path, text))
    with pytest.raises(InputError, match="meerdere profielen"):
        config.profile(config.authors["jan"], None)


# --------------------------------------------------------------------------- the real CLI


def run_check(tmp_path: Path, path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WIJKPOST_HOME": str(tmp_path / "home"), "WIJKPOST_LANG": "nl"}
    env.pop("WIJKPOST_CONFIG", None)
    env.pop("WIJKPOST_AUTHOR", None)
    return subprocess.run([sys.executable, "-m", "wijkpost", *extra, "--config", str(path),
                           "check"], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=60, check=False)


def _cli_case(old: str, new: str, needle: str, expected: str, nth: int = 1) -> tuple[str, int, str]:
    text = edit(old, new)
    return text, line_of(text, needle, nth), expected


CLI_CASES = [
    pytest.param(*_cli_case("    network: twitter\n", "    network: myspace\n", "myspace",
                            "accounts.x-wijk.network: 'myspace' is geen geldige keuze"),
                 id="network"),
    pytest.param(*_cli_case("    name: Jan Jansen\n", "    name: Jan Jansen\n    name: J\n",
                            "name: J", "dubbele sleutel 'name'", nth=2), id="duplicate"),
    pytest.param(*_cli_case("    name: Jan Jansen\n", "    name: Jan: Jansen\n", "Jan: Jansen",
                            "geen geldige YAML"), id="syntax"),
    pytest.param(*_cli_case('handle: "@wijk"', f"handle: {TOKEN}", TOKEN,
                            "accounts.x-wijk.handle: dit lijkt op een geheim"), id="secret"),
    pytest.param(*_cli_case('"ma-vr 08:30-17:00"', '"ma-vr 9-17"', "9-17",
                            "authors.jan.profiles.werk.office_hours: ongeldige kantoortijden"),
                 id="hours"),
    pytest.param(*_cli_case("version: 1", "version: 7", "version: 7",
                            "version: configuratieversie 7"), id="version"),
]


@pytest.mark.parametrize(("text", "line", "expected"), CLI_CASES)
def test_cli_reports_config_errors_without_traceback(tmp_path: Path, text: str, line: int,
                                                     expected: str) -> None:
    path = write(tmp_path, text)
    result = run_check(tmp_path, path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"wijkpost: {path}:{line}: "), result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert TOKEN not in result.stderr


def test_cli_debug_shows_the_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, edit("    network: twitter\n", "    network: myspace\n"))
    result = run_check(tmp_path, path, "--debug")
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "ConfigError" in result.stderr
    assert f"{path}:{line_of(BASE, 'network: twitter')}: accounts.x-wijk.network" in result.stderr


def test_cli_check_accepts_the_example(wp: Any) -> None:
    result = wp("--config", str(EXAMPLE), "check")
    assert result.code == 0, result
    assert "in orde. 2 auteur(s), 3 profiel(en), 5 account(s), 1 site(s)." in result.out


def test_cli_check_with_a_directory_and_without_a_config(wp: Any, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "project").mkdir()
    write(tmp_path / "project", BASE)
    assert wp("--config", str(tmp_path / "project"), "check").code == 0
    empty = tmp_path / "leeg"
    empty.mkdir()
    monkeypatch.chdir(empty)
    if not any((d / "wijkpost.yaml").is_file() for d in empty.parents):
        result = wp("check")
        assert result.code == 2 and "geen wijkpost.yaml gevonden" in result.err
    missing = wp("--config", str(tmp_path / "nergens.yaml"), "check")
    assert missing.code == 2 and "bestand bestaat niet" in missing.err


def test_cli_unknown_key_is_a_usage_error(wp: Any, tmp_path: Path) -> None:
    text = edit("\naccounts:\n", "\nacounts:\n")
    path = write(tmp_path, text)
    result = wp("--config", str(path), "check")
    assert result.code == 2, result
    assert f"{path}:{line_of(text, 'acounts')}: acounts: onbekende sleutel" in result.err


def test_an_alias_bomb_is_checked_in_no_time(tmp_path: Path) -> None:
    # "Billion laughs": nine levels of aliases to lists of nine aliases are 9**9 strings when
    # walked as a tree. YAML keeps them as one shared object each; the check walks each once.
    levels = ['x-bomb:', '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"  {name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    text = BASE + "\n".join(levels) + "\n"
    line = text.count("\n", 0, text.index("x-bomb:")) + 1
    started = time.process_time()
    only_problem(tmp_path, text, line, "x-bomb", "onbekende sleutel")
    assert time.process_time() - started < 5  # a guard against the hang (hours), not a bench
