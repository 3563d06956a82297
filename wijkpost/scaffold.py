"""`wijkpost init`: a new project directory with a configuration and one site."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from wijkpost.config import CONFIG_NAME
from wijkpost.configcheck import is_http_url, parse_config
from wijkpost.errors import InputError
from wijkpost.i18n import t
from wijkpost.officehours import OfficeHours, OfficeHoursError
from wijkpost.yamlsource import load_yaml

GITIGNORE = "sites/*/public/\nsites/*/.wijkpost-cache/\n"


@dataclass
class Answers:
    author: str
    name: str
    role: str
    site: str
    title: str
    base_url: str
    mastodon: str | None = None  # "@user@instance"
    twitter: str | None = None  # "@user"
    office_hours: str | None = "ma-vr 08:30-17:00"
    signature: str | None = None


_USER = re.compile(r"^[A-Za-z0-9_.]{1,30}$")
_X_USER = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
_PROFILE_URL = re.compile(r"^https?://(?P<host>[^/]+)/@(?P<user>[^/@?#]+)/?$")


def mastodon_handle(value: str) -> tuple[str, str]:
    """(user, host) from "@user@host", "user@host" or a pasted profile URL https://host/@user."""
    url = _PROFILE_URL.match(value.strip())
    if url:
        user, host = url["user"], url["host"].lower()
    else:
        user, _, host = value.strip().lstrip("@").partition("@")
        host = host.lower()
    if not _USER.match(user) or not _HOST.match(host):
        raise InputError(t("init.mastodon_handle", value=value))
    return user, host


def x_handle(value: str) -> str:
    """The X user name of "@user" or "user"."""
    user = value.strip().lstrip("@")
    if not _X_USER.match(user):
        raise InputError(t("init.x_handle", value=value))
    return user


def _base_url(value: str) -> None:
    if not is_http_url(value):
        raise InputError(t("config.url", value=value))


def office_hours_specs(value: str) -> list[str]:
    """"ma-do 08:30-17:00; vr 08:30-12:30" (as `check` shows them) is two day groups."""
    return [part.strip() for part in value.split(";") if part.strip()]


def _office_hours(value: str) -> None:
    try:
        OfficeHours.parse(office_hours_specs(value))
    except OfficeHoursError as exc:
        raise InputError(t("config.office_hours", value=value, why=exc)) from None


# The answers that can be wrong in a way the config check would only report after every question
# was answered; init checks each as it is given (and asks again), or each flag before it asks.
CHECKS = {"base_url": _base_url, "mastodon": mastodon_handle, "twitter": x_handle,
          "office_hours": _office_hours}


def check_answers(answers: Answers) -> None:
    for field, check in CHECKS.items():
        value = getattr(answers, field)
        if value:
            check(value)


def refuse_existing(directory: Path) -> None:
    """Before the first question: init never overwrites a project."""
    config_path = directory / CONFIG_NAME
    if config_path.exists():
        raise InputError(t("init.exists", path=config_path))


def render_config(a: Answers) -> str:
    accounts: dict[str, dict[str, str]] = {}
    if a.mastodon:
        user, host = mastodon_handle(a.mastodon)
        accounts[f"mastodon-{a.site}"] = {"network": "mastodon", "handle": f"@{user}@{host}",
                                          "instance": f"https://{host}"}
    if a.twitter:
        x_user = x_handle(a.twitter)
        accounts[f"x-{a.site}"] = {"network": "twitter", "handle": "@" + x_user}
    profile: dict[str, object] = {"kind": "work", "accounts": list(accounts), "sites": [a.site]}
    if a.signature:
        profile["signature"] = a.signature
    if a.office_hours:
        profile["office_hours"] = office_hours_specs(a.office_hours)
    data = {
        "version": 1,
        "timezone": "Europe/Amsterdam",
        "authors": {a.author: {"name": a.name, "role": a.role, "profiles": {"werk": profile}}},
        "accounts": accounts,
        "sites": {a.site: {"title": a.title, "base_url": a.base_url, "language": "nl"}},
        "privacy": {"retention_days": 90},
    }
    if not accounts:
        del data["accounts"]
    head = ("# wijkpost-project. Deel dit bestand gerust in git: er staat nooit een geheim in.\n"
            "# Inloggen: 'wijkpost account login NAAM' (geheimen gaan naar de sleutelhanger).\n")
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def create_project(directory: Path, answers: Answers) -> list[Path]:
    refuse_existing(directory)
    check_answers(answers)
    config_path = directory / CONFIG_NAME
    text = render_config(answers)
    # Validate before writing anything: init must never leave a project that `check` rejects.
    parse_config(load_yaml(text, str(config_path)), config_path)
    directory.mkdir(parents=True, exist_ok=True)  # only now: a refused init leaves nothing
    posts = directory / "sites" / answers.site / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (directory / "sites" / answers.site / "media").mkdir(exist_ok=True)
    config_path.write_text(text, encoding="utf-8")
    created = [config_path, posts]
    gitignore = directory / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(GITIGNORE, encoding="utf-8")
        created.append(gitignore)
    return created
