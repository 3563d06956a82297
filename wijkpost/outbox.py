"""What each target of a draft will receive: the site post, or the composed text parts.

`draft show` prints exactly this (:func:`preview`), and `publish` writes exactly this into the
journal, so the preview never differs from what goes out. The preview lives here, not in
:mod:`wijkpost.publish`, so that `draft show` loads nothing of the sending side.
"""

# (annotations as written, not as text: see wijkpost.config)
from datetime import datetime
from typing import Any, NamedTuple

from wijkpost.config import Config, Profile
from wijkpost.drafts import Draft, hat_of
from wijkpost.errors import InputError, RefusedError
from wijkpost.i18n import megabytes, t
from wijkpost.identity import Target, resolve_targets
from wijkpost.media import alt_required, limit_for
from wijkpost.timeutil import now_utc

DEFAULT_LIMITS = {"twitter": 280, "mastodon": 500}
# Images per post: X's fixed number, and a stock Mastodon's (an instance may say otherwise).
MAX_IMAGES = {"twitter": 4, "mastodon": 4}


class Planned(NamedTuple):
    target: str
    network: str
    contents: list[dict[str, Any]]  # one per part, as the journal keeps them
    lengths: list[int]
    limit: int | None
    strategy: str  # "site", "fits", "thread" or "link"
    error: str | None = None  # why this target cannot take the draft as it is (preview only)


def char_limit(config: Config, target: Target) -> int:
    """The configured limit, else what the Mastodon instance said, else the service default."""
    account = config.accounts[target.name]
    if account.max_chars:
        return account.max_chars
    if target.network == "mastodon":
        from wijkpost.instances import cached

        known = cached(account)
        if known and known.get("max_characters"):
            return int(known["max_characters"])
    return DEFAULT_LIMITS[target.network]


def social_text(draft: Draft) -> str:
    from wijkpost.plaintext import plain_text

    body = plain_text(draft.body)
    return f"{draft.title}\n\n{body}" if draft.title else body


def headline(markdown: str, limit: int = 70) -> str:
    """A title for a site post written without one: its first sentence, cut at a word."""
    import re

    from wijkpost.plaintext import plain_text

    first = plain_text(markdown).strip().split("\n", 1)[0]
    first = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0].rstrip(".")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def check_images(config: Config, profile: Profile, draft: Draft, target: Target) -> None:
    site_limit = (config.sites[target.name].max_image_bytes if target.network == "site"
                  else 0)
    limit = limit_for(target.network, site_limit)
    count = MAX_IMAGES.get(target.network)
    if target.network == "mastodon":
        from wijkpost.instances import cached

        known = cached(config.accounts[target.name]) or {}
        limit = int(known.get("image_size_limit") or limit)
        count = int(known.get("max_media_attachments") or MAX_IMAGES["mastodon"])
    if count is not None and len(draft.images) > count:  # (all go with the first post)
        raise InputError(t("media.too_many", target=target.name, count=len(draft.images),
                           limit=count))
    require_alt = alt_required(config, profile, target.network)
    for image in draft.images:
        if image.size > limit:
            raise InputError(t("media.too_big", name=image.name, target=target.name,
                               size=megabytes(image.size), limit=megabytes(limit, 0)))
        if require_alt and not image.alt:
            raise InputError(t("media.alt_missing", name=image.name, target=target.name))


def plan_target(config: Config, profile: Profile, draft: Draft, target: Target, *,
                date: datetime, permalink: str | None, fit: str | None = None) -> Planned:
    check_images(config, profile, draft, target)
    images = [{"path": i.path, "alt": i.alt, "type": i.type} for i in draft.images]
    if target.network == "site":
        content = {"title": draft.title or headline(draft.body), "body": draft.body,
                   "date": date.isoformat(), "author": draft.author, "profile": draft.profile,
                   "tags": list(draft.tags), "images": images}
        return Planned(target.name, "site", [content], [len(draft.body)], None, "site")
    from wijkpost.compose import compose

    limit = char_limit(config, target)
    chosen = fit or draft.fit or profile.fit or config.compose.fit
    composed = compose(social_text(draft), network=target.network, limit=limit, fit=chosen,
                       signature=profile.signature, permalink=permalink)
    contents: list[dict[str, Any]] = [{"text": part} for part in composed.parts]
    contents[0]["images"] = images  # images go with the first post of a thread
    if draft.reply_to:
        contents[0]["reply_to"] = draft.reply_to
    return Planned(target.name, target.network, contents, list(composed.lengths), limit,
                   composed.strategy)


def profile_of(config: Config, draft: Draft) -> Profile:
    profile = hat_of(config, draft)
    if profile is None:
        raise RefusedError(t("publish.profile_gone", profile=draft.profile_key))
    return profile


def preview(config: Config, draft: Draft, *, fit: str | None = None,
            clock: datetime | None = None) -> list[Planned]:
    """What each target would receive if the draft went out now; problems per target."""
    profile = profile_of(config, draft)
    date = (clock or now_utc()).astimezone(config.tz).replace(microsecond=0)
    plans: list[Planned] = []
    permalink = None
    for target in sorted(resolve_targets(config, profile, list(draft.targets)),
                         key=lambda x: x.network != "site"):
        try:
            planned = plan_target(config, profile, draft, target, date=date,
                                  permalink=permalink, fit=fit)
        except InputError as exc:
            plans.append(Planned(target.name, target.network, [], [], None, "-", str(exc)))
            continue
        if target.network == "site":
            from wijkpost.slugs import post_relpath, post_slug, post_url

            permalink = post_url(config.sites[target.name].base_url,
                                 post_relpath(date, post_slug(planned.contents[0])))
        plans.append(planned)
    return plans
