"""`wijkpost init`: a new project directory with a configuration and one site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from wijkpost.config import CONFIG_NAME, parse_config
from wijkpost.errors import InputError
from wijkpost.i18n import t
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


def render_config(a: Answers) -> str:
    accounts: dict[str, dict[str, str]] = {}
    if a.mastodon:
        user, _, host = a.mastodon.lstrip("@").partition("@")
        if not user or not host:
            raise InputError(t("init.mastodon_handle", value=a.mastodon))
        accounts[f"mastodon-{a.site}"] = {"network": "mastodon", "handle": f"@{user}@{host}",
                                          "instance": f"https://{host}"}
    if a.twitter:
        accounts[f"x-{a.site}"] = {"network": "twitter", "handle": "@" + a.twitter.lstrip("@")}
    profile: dict[str, object] = {"kind": "work", "accounts": list(accounts), "sites": [a.site]}
    if a.signature:
        profile["signature"] = a.signature
    if a.office_hours:
        profile["office_hours"] = [a.office_hours]
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
    config_path = directory / CONFIG_NAME
    if config_path.exists():
        raise InputError(t("init.exists", path=config_path))
    text = render_config(answers)
    # Validate before writing anything: init must never leave a project that `check` rejects.
    parse_config(load_yaml(text, str(config_path)), config_path)
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
