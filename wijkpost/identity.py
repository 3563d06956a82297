"""The hat guard: a draft belongs to one profile and only ever reaches that profile's accounts and
sites. Everything public passes through here first, and the CLI prints :func:`acting_line`
before anything goes out.
"""

# (annotations as written, not as text: see wijkpost.config)
import re
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import NamedTuple

from wijkpost.config import Author, Config, Profile
from wijkpost.errors import InputError, RefusedError
from wijkpost.i18n import t


class Target(NamedTuple):
    name: str
    network: str  # "site", "mastodon" or "twitter"


def acting(config: Config, author_key: str | None, profile_name: str | None
           ) -> tuple[Author, Profile]:
    author = config.author(author_key)
    return author, config.profile(author, profile_name)


def resolve_targets(config: Config, profile: Profile, requested: Sequence[str]
                    ) -> list[Target]:
    """The draft's targets, each checked against the profile; default: the profile's defaults."""
    names = list(dict.fromkeys(requested or profile.default_targets))
    if not names:
        raise InputError(t("identity.no_targets", profile=profile.key))
    targets = []
    for name in names:
        if name in config.accounts:
            network = config.accounts[name].network
        elif name in config.sites:
            network = "site"
        else:
            known = ", ".join([*config.accounts, *config.sites])
            raise InputError(t("identity.unknown_target", name=name, known=known))
        check_target(config, profile, name)
        targets.append(Target(name, network))
    return targets


# Patterns, not compiled here: only --reply-to needs them, and compiling costs start-up time
# (the re module caches what it compiles).
X_STATUS = (r"^https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/(?:i/web|[^/]+)/status(?:es)?"
            r"/(?P<id>\d+)")  # (x.com/i/web/status/N: a link shared from the app)
MASTODON_STATUS = r"^https?://[^/]+/(?:@[^/]+|users/[^/]+/statuses)/\d+"


def reply_network(url: str) -> str:
    if re.match(X_STATUS, url):
        return "twitter"
    if re.match(MASTODON_STATUS, url):
        return "mastodon"
    raise InputError(t("identity.reply_url", url=url))


def reply_targets(config: Config, profile: Profile, url: str, requested: Sequence[str]
                  ) -> list[str]:
    """Only this hat's accounts on the network of the post being answered may answer it."""
    network = reply_network(url)
    own = [a for a in profile.accounts if config.accounts[a].network == network]
    if not own:
        raise RefusedError(t("identity.reply_no_account", profile=profile.key, network=network))
    for name in requested:
        check_target(config, profile, name)
        if name not in own:
            raise RefusedError(t("identity.reply_wrong_target", target=name, url=url,
                                 own=", ".join(own)))
    return list(requested) or own


def check_target(config: Config, profile: Profile, name: str) -> None:
    if name in profile.targets:
        return
    if name in config.sites and not profile.is_work:
        raise RefusedError(t("identity.personal_site", profile=profile.key, site=name))
    owner = config.owner_of(name)
    raise RefusedError(t("identity.wrong_hat", target=name, profile=profile.key,
                         owner=owner.key if owner else "-",
                         own=", ".join(profile.targets) or "-"))


def acting_line(config: Config, profile: Profile, targets: list[str]) -> str:
    author = config.authors[profile.author]
    kind = t(f"identity.kind.{profile.kind}")
    # "hoed prive (persoonlijk)", "hoed wijk (werk)"; but "hoed werk", not "hoed werk (werk)"
    hat = profile.name if kind.casefold() == profile.name.casefold() else f"{profile.name} ({kind})"
    return t("identity.acting", name=author.name, author=author.key, hat=hat,
             targets=", ".join(targets))


def waiting_until(profile: Profile, now: datetime) -> datetime | None:
    """When a work post written now may go out: None if now, else the next office opening."""
    if not profile.is_work or profile.office_hours is None:
        return None
    opening = profile.office_hours.next_opening(now)
    return None if opening == now else opening


def goes_out(profile: Profile, scheduled_at: datetime | None, now: datetime, tz: tzinfo
             ) -> datetime | None:
    """When a draft may go out: None if now, else its set time or the first office hour after."""
    if scheduled_at and scheduled_at > now:
        return waiting_until(profile, scheduled_at.astimezone(tz)) or scheduled_at
    return waiting_until(profile, now.astimezone(tz))
