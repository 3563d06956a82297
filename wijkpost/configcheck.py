"""Checking ``wijkpost.yaml`` strictly and turning it into the records of :mod:`wijkpost.config`.

Every problem is collected (not just the first) and reported as ``file:line: key.path: what``,
with a "did you mean" for typos. The file never holds a secret; a value that looks like one is
an error. This runs only when the file changed: otherwise the checked records come from a cache.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wijkpost.config import (
    CONFIG_VERSION,
    DEFAULT_X_API,
    Account,
    Author,
    Compose,
    Config,
    Feed,
    Privacy,
    Profile,
    Publishing,
    Site,
    TagRule,
)
from wijkpost.errors import ConfigError
from wijkpost.i18n import did_you_mean, language, t
from wijkpost.officehours import OfficeHours, OfficeHoursError
from wijkpost.yamlsource import LinedDict

NETWORKS = ("mastodon", "twitter")
FITS = ("thread", "link", "refuse")
KINDS = ("work", "personal")
VISIBILITIES = ("public", "unlisted", "private", "direct")
# Profile names that mean "personal" when `kind` is not given: the usual hats.
_PERSONAL_NAMES = {"prive", "privé", "personal", "persoonlijk"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
# Key names that only ever hold credentials. They get their own message, not "unknown key".
_SECRET_KEYS = {
    "token", "access_token", "accesstoken", "secret", "client_secret", "client_id",
    "consumer_key", "consumer_secret", "access_secret", "access_token_secret", "bearer_token",
    "password", "passwd", "api_key", "apikey", "api_secret",
}
# Long unbroken runs of token characters mixing upper case, lower case and digits: OAuth tokens
# and API keys look like that; paths, slugs and domains (lower case, with / or .) do not.
_SECRET_VALUE = re.compile(r"^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9_\-+=]{24,}$")


def type_name(value: Any) -> str:
    """What a YAML value is, in the user's words ("tekst", "lijst", "datum")."""
    # bool first: in Python a bool is also an int; datetime first: it is also a date
    names: dict[type, str] = {
        bool: "ja/nee", str: "tekst", int: "getal", float: "kommagetal", list: "lijst",
        dict: "sectie", datetime: "datum en tijd", date: "datum"}
    if language() == "en":
        names = {bool: "yes/no", str: "text", int: "number", float: "decimal number",
                 list: "list", dict: "section", datetime: "date and time", date: "date"}
    if value is None:
        return "null"
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, LinedDict):
        return names[dict]
    return type(value).__name__


Spec = Mapping[str, tuple[type | tuple[type, ...], bool]]  # key -> (type, required)


# http(s), a host name of letters, digits, dots and hyphens (any script), maybe a port, and no
# space anywhere: "https://Mijn Wijk!.example/" would end up in every feed and link.
_HTTP_URL = re.compile(r"^https?://(?:[\w-]+\.)*[\w-]+(?::\d{1,5})?(?:[/?#]\S*)?$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")  # nl, en-GB, fy-NL (BCP 47)


def is_http_url(value: str) -> bool:
    return bool(_HTTP_URL.match(value))


class _Checker:
    """Collects problems as ``file:line: path: message`` while walking the YAML."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.secret_values: set[str] = set()

    def problem(self, line: int, where: str, message: str) -> None:
        for secret in self.secret_values:  # a check that quotes a value must not quote a secret
            message = message.replace(secret, "***")
        text = f"{self.path}:{line}: {where}: {message}"
        if text not in self.problems:  # one mistake, one message, even if two checks see it
            self.problems.append(text)

    def section(
        self,
        parent: LinedDict,
        key: str,
        where: str,
        allowed: Spec,
        *,
        required: bool = False,
    ) -> LinedDict | None:
        """Check ``parent[key]`` is a mapping whose keys are in ``allowed`` with the right types."""
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(parent.line_of(key), where, t("config.missing_key", key=key))
            return None
        if not isinstance(value, LinedDict):
            self.problem(parent.line_of(key), where, t("config.type", expected=type_name({}),
                                                       got=type_name(value)))
            return None
        self.keys(value, where, allowed)
        return value

    def keys(
        self, value: LinedDict, where: str, allowed: Spec
    ) -> None:
        for key in value:
            line = value.line_of(key)
            if key not in allowed:
                if key.lower().replace("-", "_") in _SECRET_KEYS:
                    self.problem(line, f"{where}.{key}" if where else key, t("config.secret"))
                    continue
                message = t("config.unknown_key", key=key) + did_you_mean(
                    key, allowed, otherwise=t("config.allowed", names=", ".join(sorted(allowed))))
                self.problem(line, f"{where}.{key}" if where else key, message)
                continue
            expected, _ = allowed[key]
            item = value[key]
            if item is None or not _is_instance(item, expected):
                example = expected[0] if isinstance(expected, tuple) else expected
                self.problem(line, f"{where}.{key}" if where else key,
                             t("config.type", expected=type_name(_sample(example)),
                               got=type_name(item)))
        for key, (_, needed) in allowed.items():
            if needed and key not in value:
                self.problem(value.line, where or "(top)", t("config.missing_key", key=key))

    def name(self, name: str, line: int, where: str) -> None:
        if not _NAME.match(name):
            self.problem(line, where, t("config.name", name=name))

    def names(self, value: LinedDict, key: str, where: str, known: Collection[str], kind: str
              ) -> tuple[str, ...]:
        """A list of names that must exist in ``known``."""
        items = value.get(key) or []
        if not isinstance(items, list):
            return ()
        result = []
        for name in items:
            name = str(name)
            if name not in known:
                self.problem(value.line_of(key), f"{where}.{key}",
                             t("config.unknown_ref", kind=kind, name=name,
                               hint=did_you_mean(name, known)))
            else:
                result.append(name)
        return tuple(result)

    def choice(self, value: LinedDict, key: str, where: str, choices: tuple[str, ...]) -> None:
        if key in value and isinstance(value[key], str) and value[key] not in choices:
            self.problem(value.line_of(key), f"{where}.{key}",
                         t("config.choice", value=value[key], choices=", ".join(choices)))

    def url(self, value: LinedDict, key: str, where: str) -> None:
        url = value.get(key)
        if isinstance(url, str) and not is_http_url(url):
            self.problem(value.line_of(key), f"{where}.{key}", t("config.url", value=url))

    def secrets(self, node: Any, where: str, line: int, seen: set[int] | None = None) -> None:
        """Walk everything: a value that looks like a token is an error wherever it stands.

        A YAML alias (``*a``) is the same object again: each is walked once, or nine levels of
        aliases to lists of aliases ("billion laughs") would take hours."""
        seen = set() if seen is None else seen
        if isinstance(node, LinedDict | list):
            if id(node) in seen:
                return
            seen.add(id(node))
        if isinstance(node, LinedDict):
            for key, item in node.items():
                self.secrets(item, f"{where}.{key}" if where else key, node.line_of(key), seen)
        elif isinstance(node, list):
            for item in node:
                self.secrets(item, where, line, seen)
        elif isinstance(node, str) and _SECRET_VALUE.match(node):
            self.secret_values.add(node)
            self.problem(line, where, t("config.secret"))


def _sample(kind: type) -> Any:
    return {str: "", int: 0, bool: True, list: [], dict: {}}.get(kind)


def _is_instance(value: Any, expected: type | tuple[type, ...]) -> bool:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # YAML's yes/no is not a number
    if dict in kinds and isinstance(value, LinedDict):
        return True
    return isinstance(value, kinds)


_TOP: Spec = {
    "version": (int, False), "timezone": (str, False), "language": (str, False),
    "authors": (dict, True), "accounts": (dict, False), "sites": (dict, False),
    "tags": (dict, False), "privacy": (dict, False), "compose": (dict, False),
    "publish": (dict, False), "feeds": (dict, False),
}
_AUTHOR: Spec = {"name": (str, True), "role": (str, False), "default": (bool, False),
           "profiles": (dict, True)}
_PROFILE: Spec = {
    "kind": (str, False), "accounts": (list, False), "sites": (list, False),
    "signature": (str, False), "office_hours": ((list, str), False),
    "default_targets": (list, False), "fit": (str, False), "visibility": (str, False),
    "require_alt": (bool, False), "watch": (list, False),
}
_ACCOUNT: Spec = {"network": (str, True), "handle": (str, True), "instance": (str, False),
            "api_base": (str, False), "max_chars": (int, False)}
_SITE: Spec = {
    "title": (str, True), "description": (str, False), "base_url": (str, True),
    "language": (str, False), "directory": (str, False), "output": (str, False),
    "per_page": (int, False), "feed_entries": (int, False), "max_image_mb": ((int, float), False),
}
_FEED: Spec = {"url": (str, True)}
_TAG: Spec = {"label": (str, False), "keywords": (list, False), "patterns": (list, False)}
_PRIVACY: Spec = {"retention_days": (int, False)}
_COMPOSE: Spec = {"fit": (str, False), "require_alt": (bool, False)}
_PUBLISH: Spec = {"timeout": ((int, float), False), "retries": (int, False),
                  "backoff": ((int, float), False), "max_wait": ((int, float), False)}


def parse_config(data: Any, path: Path) -> Config:
    check = _Checker(path)
    if data is None:
        raise ConfigError([f"{path}:1: {t('config.empty')}"])
    if not isinstance(data, LinedDict):
        raise ConfigError([f"{path}:1: " + t("config.type", expected=type_name({}),
                                              got=type_name(data))])
    check.secrets(data, "", 1)
    check.keys(data, "", _TOP)

    version = data.get("version", CONFIG_VERSION)
    if isinstance(version, int) and version > CONFIG_VERSION:
        raise ConfigError([f"{path}:{data.line_of('version')}: version: "
                           + t("config.version", version=version, supported=CONFIG_VERSION)])

    timezone = data.get("timezone") or "Europe/Amsterdam"
    if isinstance(timezone, str):
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            check.problem(data.line_of("timezone"), "timezone",
                          t("config.timezone", value=timezone))
            timezone = "Europe/Amsterdam"

    posts_language = data.get("language") or "nl"
    if not isinstance(posts_language, str) or not _LANGUAGE_TAG.match(posts_language):
        if isinstance(posts_language, str):  # (another type is reported by check.keys)
            check.problem(data.line_of("language"), "language",
                          t("config.language", value=posts_language))
        posts_language = "nl"
    accounts = _accounts(check, data)
    sites = _sites(check, data, path.parent, posts_language)
    authors = _authors(check, data, accounts, sites)
    tags = _tags(check, data)

    privacy_node = check.section(data, "privacy", "privacy", _PRIVACY)
    privacy = Privacy()
    if privacy_node and isinstance(privacy_node.get("retention_days"), int):
        privacy = Privacy(retention_days=privacy_node["retention_days"])

    compose_node = check.section(data, "compose", "compose", _COMPOSE)
    compose = Compose()
    if compose_node:
        check.choice(compose_node, "fit", "compose", FITS)
        compose = Compose(
            fit=compose_node.get("fit", "thread") if compose_node.get("fit") in FITS else "thread",
            require_alt=bool(compose_node.get("require_alt", True)),
        )

    publish_node = check.section(data, "publish", "publish", _PUBLISH)
    publishing = Publishing()
    if publish_node:
        for key, value in publish_node.items():
            if isinstance(value, int | float) and value < 0:
                check.problem(publish_node.line_of(key), f"publish.{key}",
                              t("config.type", expected=">= 0", got=value))
        given = {k: float(v) for k, v in publish_node.items()
                 if isinstance(v, int | float) and not isinstance(v, bool) and v >= 0}
        defaults = Publishing()
        publishing = Publishing(timeout=given.get("timeout", defaults.timeout),
                                retries=int(given.get("retries", defaults.retries)),
                                backoff=given.get("backoff", defaults.backoff),
                                max_wait=given.get("max_wait", defaults.max_wait))

    feeds = {}
    for name, node, _where in _each(check, data, "feeds", _FEED):
        if isinstance(node.get("url"), str):
            feeds[name] = Feed(name=name, url=node["url"])

    if check.problems:
        raise ConfigError(check.problems)
    return Config(file=str(path), version=version if isinstance(version, int) else CONFIG_VERSION,
                  timezone=str(timezone), authors=authors, accounts=accounts, sites=sites,
                  tags=tags, privacy=privacy, compose=compose, publishing=publishing,
                  feeds=feeds, language=posts_language)


def _each(check: _Checker, data: LinedDict, key: str, allowed: Spec, base: str | None = None
          ) -> Iterator[tuple[str, LinedDict, str]]:
    """Yield (name, node, where) for each entry of a named section such as ``accounts`` (or an
    author's ``profiles``, with ``base`` the path to it), each checked against ``allowed``."""
    base = base or key
    section = data.get(key)
    if section is None:
        return
    if not isinstance(section, LinedDict):
        check.problem(data.line_of(key), base,
                      t("config.type", expected=type_name({}), got=type_name(section)))
        return
    for name, node in section.items():
        where = f"{base}.{name}"
        check.name(name, section.line_of(name), where)
        if not isinstance(node, LinedDict):
            check.problem(section.line_of(name), where,
                          t("config.type", expected=type_name({}), got=type_name(node)))
            continue
        check.keys(node, where, allowed)
        yield name, node, where


def _accounts(check: _Checker, data: LinedDict) -> dict[str, Account]:
    accounts = {}
    for name, node, where in _each(check, data, "accounts", _ACCOUNT):
        check.choice(node, "network", where, NETWORKS)
        network = node.get("network")
        check.url(node, "instance", where)
        check.url(node, "api_base", where)
        if network == "mastodon" and not node.get("instance"):
            check.problem(node.line, where, t("config.missing_key", key="instance"))
        if network == "twitter" and "instance" in node:
            check.problem(node.line_of("instance"), f"{where}.instance",
                          t("config.unknown_key", key="instance") + t("config.did_you_mean",
                                                                    guess="api_base"))
        handle = node.get("handle")
        if network in NETWORKS and isinstance(handle, str):
            accounts[name] = Account(
                name=name, network=network, handle=handle,
                instance=str(node["instance"]).rstrip("/") if node.get("instance") else None,
                api_base=str(node.get("api_base") or DEFAULT_X_API).rstrip("/"),
                max_chars=node.get("max_chars"),
            )
    return accounts


def _holds(output: Path, directory: Path) -> bool:
    """Whether ``output`` is the site's folder, a folder above it, or inside its posts."""
    import os.path

    out, site = os.path.normpath(output), os.path.normpath(directory)
    posts = os.path.join(site, "posts")
    return (out in (site, posts) or site.startswith(out.rstrip(os.sep) + os.sep)
            or out.startswith(posts + os.sep))


def _sites(check: _Checker, data: LinedDict, root: Path, project_language: str
           ) -> dict[str, Site]:
    sites = {}
    for name, node, where in _each(check, data, "sites", _SITE):
        check.url(node, "base_url", where)
        language = node.get("language")
        if isinstance(language, str) and not _LANGUAGE_TAG.match(language):
            # it becomes <html lang>: a screen reader picks its voice by it
            check.problem(node.line_of("language"), f"{where}.language",
                          t("config.language", value=language))
        base_url = str(node.get("base_url", ""))
        directory = root / str(node.get("directory") or f"sites/{name}")
        output = (root / str(node["output"])) if node.get("output") else directory / "public"
        if node.get("output") and _holds(output, directory):
            # Building would write pages between the posts (and `--clean` start over there).
            check.problem(node.line_of("output"), f"{where}.output",
                          t("config.output_holds_site", output=node["output"],
                            directory=directory))
        for key, most in (("per_page", 1000), ("feed_entries", 1000), ("max_image_mb", 1000)):
            if isinstance(node.get(key), int | float) and not 0 < node[key] <= most:
                check.problem(node.line_of(key), f"{where}.{key}",
                              t("config.range", most=most, got=node[key]))
        mb = node.get("max_image_mb", 10)
        sites[name] = Site(
            name=name, title=str(node.get("title", name)),
            description=str(node.get("description", "")),
            base_url=base_url if base_url.endswith("/") else base_url + "/",
            language=str(node.get("language", project_language)), folder=str(directory),
            output_folder=str(output),
            per_page=node.get("per_page", 10) if isinstance(node.get("per_page"), int) else 10,
            feed_entries=node.get("feed_entries", 20)
            if isinstance(node.get("feed_entries"), int) else 20,
            max_image_bytes=int(float(mb) * 1024 * 1024) if isinstance(mb, int | float)
            else 10 * 1024 * 1024,
        )
    return sites


def _authors(check: _Checker, data: LinedDict, accounts: dict[str, Account],
             sites: dict[str, Site]) -> dict[str, Author]:
    authors: dict[str, Author] = {}
    section = data.get("accounts")
    declared = set(section) if isinstance(section, dict) else set()
    owners: dict[str, str] = {}
    defaults = 0
    for key, node, where in _each(check, data, "authors", _AUTHOR):
        defaults += bool(node.get("default"))
        profiles: dict[str, Profile] = {}
        if not isinstance(node.get("profiles"), LinedDict):
            continue  # already reported as a wrong type by the author's key check
        for pname, pnode, pwhere in _each(check, node, "profiles", _PROFILE,
                                          f"{where}.profiles"):
            profile = _profile(check, key, pname, pnode, pwhere, accounts, sites, owners,
                               declared)
            if profile:
                profiles[pname] = profile
        authors[key] = Author(key=key, name=str(node.get("name", key)),
                              role=str(node.get("role", "")), default=bool(node.get("default")),
                              profiles=profiles)
    if "authors" in data and not authors and not check.problems:
        check.problem(data.line_of("authors"), "authors", t("config.no_authors"))
    if defaults > 1:
        check.problem(data.line_of("authors"), "authors", t("config.two_defaults"))
    return authors


def _profile(check: _Checker, author: str, name: str, node: LinedDict, where: str,
             accounts: dict[str, Account], sites: dict[str, Site], owners: dict[str, str],
             declared: set[str]) -> Profile | None:
    check.choice(node, "kind", where, KINDS)
    check.choice(node, "fit", where, FITS)
    check.choice(node, "visibility", where, VISIBILITIES)
    kind = node.get("kind") or ("personal" if name in _PERSONAL_NAMES else "work")
    # An account that is declared but invalid has its own error; do not also call it missing.
    own_accounts = tuple(a for a in check.names(node, "accounts", where, declared, "account")
                         if a in accounts)
    own_sites = check.names(node, "sites", where, sites, "site")
    key = f"{author}/{name}"
    for account in own_accounts:
        if account in owners:
            check.problem(node.line_of("accounts"), f"{where}.accounts",
                          t("config.account_twice", account=account, owner=owners[account]))
        else:
            owners[account] = key
    if kind == "personal":
        for site in own_sites:
            check.problem(node.line_of("sites"), f"{where}.sites",
                          t("config.personal_site", profile=key, site=site))
        if "office_hours" in node:
            check.problem(node.line_of("office_hours"), f"{where}.office_hours",
                          t("config.personal_hours", profile=key))
    hours = None
    spec = node.get("office_hours")
    if isinstance(spec, str):
        spec = [spec]
    if isinstance(spec, list):
        try:
            hours = OfficeHours.parse([str(s) for s in spec])
        except OfficeHoursError as exc:
            check.problem(node.line_of("office_hours"), f"{where}.office_hours",
                          t("config.office_hours", value="; ".join(map(str, spec)), why=exc))
    own = own_accounts + own_sites
    defaults = []
    listed = node.get("default_targets")
    for target in listed if isinstance(listed, list) else []:
        if str(target) not in own:
            check.problem(node.line_of("default_targets"), f"{where}.default_targets",
                          t("config.target_not_in_profile", target=target,
                            own=", ".join(own) or "-"))
        else:
            defaults.append(str(target))
    if kind not in KINDS:
        return None
    return Profile(
        author=author, name=name, kind=kind, accounts=own_accounts, sites=own_sites,
        signature=node.get("signature"), office_hours=hours,
        default_targets=tuple(defaults) if "default_targets" in node else own,
        fit=node.get("fit") if node.get("fit") in FITS else None,
        visibility=node.get("visibility", "public")
        if node.get("visibility") in VISIBILITIES else "public",
        require_alt=node.get("require_alt"),
        watch=tuple(str(w) for w in node.get("watch") or [] if str(w).strip()),
    )


def _tags(check: _Checker, data: LinedDict) -> dict[str, TagRule]:
    tags = {}
    for name, node, where in _each(check, data, "tags", _TAG):
        for pattern in node.get("patterns") or []:
            try:
                re.compile(str(pattern))
            except re.error as exc:
                check.problem(node.line_of("patterns"), f"{where}.patterns",
                              f"'{pattern}': {exc}")
        tags[name] = TagRule(
            name=name, label=str(node.get("label") or name),
            keywords=tuple(str(k) for k in node.get("keywords") or []),
            patterns=tuple(str(p) for p in node.get("patterns") or []),
        )
    return tags


