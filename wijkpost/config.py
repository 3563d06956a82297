"""The project configuration, ``wijkpost.yaml``: found, loaded, and the records it becomes.

The strict check lives in :mod:`wijkpost.configcheck`; it runs only when the file changed, and
the checked records are otherwise read back from a cache. Every command starts here, so this
module stays small and its records are named tuples (cheap to define, unlike dataclasses).

Without ``from __future__ import annotations``, here and in the other modules every command
loads (drafts, items, …): a named tuple's field types given as text are each compiled when the
class is made, and that cost 2-3 ms of start-up in all.
"""

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from wijkpost.errors import InputError
from wijkpost.i18n import t
from wijkpost.officehours import OfficeHours

if TYPE_CHECKING:
    from pathlib import Path
    from zoneinfo import ZoneInfo

CONFIG_NAME = "wijkpost.yaml"
CONFIG_VERSION = 1
DEFAULT_X_API = "https://api.twitter.com"


class Account(NamedTuple):
    name: str
    network: str
    handle: str
    instance: str | None = None  # Mastodon
    api_base: str = DEFAULT_X_API  # X
    max_chars: int | None = None  # overrides what the instance says (Mastodon)

    @property
    def username(self) -> str:
        return self.handle.lstrip("@").split("@")[0]


class Profile(NamedTuple):
    author: str
    name: str
    kind: str
    accounts: tuple[str, ...]
    sites: tuple[str, ...]
    signature: str | None
    office_hours: OfficeHours | None
    default_targets: tuple[str, ...]
    fit: str | None
    visibility: str
    require_alt: bool | None
    watch: tuple[str, ...] = ()  # "#hashtag" or keyword, watched by `collect`

    @property
    def key(self) -> str:
        return f"{self.author}/{self.name}"

    @property
    def targets(self) -> tuple[str, ...]:
        return self.accounts + self.sites

    @property
    def is_work(self) -> bool:
        return self.kind == "work"


class Author(NamedTuple):
    key: str
    name: str
    role: str
    default: bool
    profiles: dict[str, Profile]


class Site(NamedTuple):
    name: str
    title: str
    description: str
    base_url: str  # always ends with "/"
    language: str
    # Folders as text, so that loading the cached configuration needs no pathlib; as paths below.
    folder: str
    output_folder: str
    per_page: int = 10
    feed_entries: int = 20
    max_image_bytes: int = 10 * 1024 * 1024

    @property
    def directory(self) -> "Path":
        from pathlib import Path

        return Path(self.folder)

    @property
    def output(self) -> "Path":
        from pathlib import Path

        return Path(self.output_folder)

    @property
    def posts_dir(self) -> "Path":
        return self.directory / "posts"

    @property
    def media_dir(self) -> "Path":
        return self.directory / "media"

    @property
    def cache_dir(self) -> "Path":
        return self.directory / ".wijkpost-cache"


class TagRule(NamedTuple):
    name: str
    label: str
    keywords: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()


class Feed(NamedTuple):
    """A neighbourhood source read by `collect`: a URL or a local file."""

    name: str
    url: str


class Compose(NamedTuple):
    fit: str = "thread"
    require_alt: bool = True


class Publishing(NamedTuple):
    """How hard publishing tries before it leaves a part pending for a later run."""

    timeout: float = 20.0  # seconds per request
    retries: int = 3  # attempts after a network fault or 5xx
    backoff: float = 2.0  # seconds before the first retry; doubles each time
    max_wait: float = 300.0  # longest wait for a rate limit's reset within one run


class Privacy(NamedTuple):
    retention_days: int = 90


class Config(NamedTuple):
    file: str  # wijkpost.yaml, absolute (text: see Site)
    version: int
    timezone: str
    authors: dict[str, Author]
    accounts: dict[str, Account]
    sites: dict[str, Site]
    tags: dict[str, TagRule]
    feeds: dict[str, Feed]
    privacy: Privacy = Privacy()
    compose: Compose = Compose()
    publishing: Publishing = Publishing()
    language: str = "nl"  # of the posts: Mastodon's language field, a site's default <html lang>

    @property
    def path(self) -> "Path":
        from pathlib import Path

        return Path(self.file)

    @property
    def root(self) -> "Path":
        return self.path.parent

    @property
    def templates_dir(self) -> "Path":
        """The project's own templates; they override the defaults file by file."""
        return self.root / "templates"

    @property
    def tz(self) -> "ZoneInfo":
        from zoneinfo import ZoneInfo  # not for commands that show no time

        return ZoneInfo(self.timezone)

    def profiles(self) -> Iterator[Profile]:
        for author in self.authors.values():
            yield from author.profiles.values()

    def owner_of(self, target: str) -> Profile | None:
        """The profile that owns an account or site (sites may be shared by co-authors)."""
        for profile in self.profiles():
            if target in profile.accounts:
                return profile
        return None

    def author(self, key: str | None) -> Author:
        """The acting author: explicit, else ``WIJKPOST_AUTHOR``, else the only or default one."""
        key = key or os.environ.get("WIJKPOST_AUTHOR") or None
        known = ", ".join(self.authors)
        if key:
            if key not in self.authors:
                raise InputError(t("config.unknown_author", name=key, known=known))
            return self.authors[key]
        if len(self.authors) == 1:
            return next(iter(self.authors.values()))
        defaults = [a for a in self.authors.values() if a.default]
        if defaults:
            return defaults[0]
        raise InputError(t("config.choose_author", known=known))

    def profile(self, author: Author, name: str | None) -> Profile:
        known = ", ".join(author.profiles)
        if name:
            if name not in author.profiles:
                raise InputError(t("config.unknown_profile", author=author.key, name=name,
                                   known=known))
            return author.profiles[name]
        if len(author.profiles) == 1:
            return next(iter(author.profiles.values()))
        work = [p for p in author.profiles.values() if p.is_work]
        if len(work) == 1:  # the everyday hat; a personal post must be asked for with --as
            return work[0]
        raise InputError(t("config.choose_profile", author=author.key, known=known))


# --------------------------------------------------------------------------- finding


def find_config(explicit: str | os.PathLike[str] | None = None,
                start: str | os.PathLike[str] | None = None) -> str:
    """``--config``, else ``WIJKPOST_CONFIG``, else wijkpost.yaml here or in a parent (like git).

    The absolute path, as text (see :class:`Site`)."""
    given = explicit or os.environ.get("WIJKPOST_CONFIG")
    if given:
        path = os.path.expanduser(os.fspath(given))
        if os.path.isdir(path):
            path = os.path.join(path, CONFIG_NAME)
        if not os.path.isfile(path):
            raise InputError(t("config.missing_file", path=path))
        return os.path.realpath(path)
    here = os.path.realpath(os.fspath(start) if start else os.getcwd())
    directory = here
    while True:
        candidate = os.path.join(directory, CONFIG_NAME)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            raise InputError(t("config.not_found", cwd=here))
        directory = parent


def load_config(explicit: str | os.PathLike[str] | None = None,
                start: str | os.PathLike[str] | None = None) -> Config:
    path = find_config(explicit, start)
    cached = _from_cache(path)
    if cached is not None:
        return cached
    from pathlib import Path

    from wijkpost.configcheck import parse_config  # only when the file changed since last time
    from wijkpost.yamlsource import load_yaml_file

    config = parse_config(load_yaml_file(Path(path)), Path(path))
    _to_cache(path, config)
    return config


# A checked configuration is kept (pickled, in the private home) until the file changes: reading
# and checking YAML is most of the start-up time of commands such as `draft list`.

def _cache_file(path: str) -> tuple[str, str]:
    from wijkpost import __version__, paths

    stat = os.stat(path)
    # The code's file dates too: a changed checker or record type makes old pickles stale.
    code = max(os.stat(__file__).st_mtime_ns,
               os.stat(os.path.join(os.path.dirname(__file__), "configcheck.py")).st_mtime_ns)
    key = f"{path}|{stat.st_mtime_ns}|{stat.st_size}|{__version__}|{code}"
    # Named after the path without a hash module to load (hashlib loads OpenSSL); two paths
    # that come out the same only take turns in the file, as the full path is in the key.
    name = "".join(c if c.isalnum() else "-" for c in path)[-120:]
    return os.path.join(paths.home_dir(), "cache", f"config-{name}.pickle"), key


def _from_cache(path: str) -> Config | None:
    import _pickle  # the C unpickler; the pickle module around it costs 3 ms more to load

    try:
        file, key = _cache_file(path)
        with open(file, "rb") as fh:
            stored_key, config = _pickle.load(fh)
    except (OSError, _pickle.PickleError, EOFError, ValueError, AttributeError, TypeError):
        return None
    return config if stored_key == key and isinstance(config, Config) else None


def _to_cache(path: str, config: Config) -> None:
    import pickle

    from wijkpost import paths

    try:
        file, key = _cache_file(path)
        os.makedirs(os.path.dirname(file), mode=0o700, exist_ok=True)
        paths.atomic_write(file, pickle.dumps((key, config)))
    except OSError:
        pass  # a cache that cannot be written only costs time


def summary_counts(config: Config) -> dict[str, int]:
    return {"authors": len(config.authors), "profiles": sum(1 for _ in config.profiles()),
            "accounts": len(config.accounts), "sites": len(config.sites)}

