"""Publishing a draft: check the hat, wait for office hours, plan every part in the journal, send
what is not done yet, and only then call the draft published.

The order is what keeps the promise "nothing lost, nothing twice": a journal row exists before
the call it describes; a row found in ``sending`` is first looked up with the channel (``find``)
and only sent again when the channel says it never arrived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wijkpost import drafts, journal
from wijkpost.channels import ChannelError, Delivered, Outgoing, get_channel
from wijkpost.config import Config, Profile
from wijkpost.drafts import Draft
from wijkpost.errors import InputError, RefusedError
from wijkpost.i18n import t
from wijkpost.identity import Target, resolve_targets, waiting_until
from wijkpost.outbox import Planned, plan_target
from wijkpost.store import Store
from wijkpost.timeutil import now_utc


@dataclass
class TargetResult:
    target: str
    network: str
    status: str  # done | pending | failed | planned (dry run)
    urls: list[str] = field(default_factory=list)
    message: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"target": self.target, "network": self.network, "status": self.status,
                "urls": self.urls, "message": self.message}


@dataclass
class PublishResult:
    draft_id: int
    acting: str
    targets: list[TargetResult]
    published: bool
    waiting_until: datetime | None = None
    dry_run: bool = False
    plans: list[Planned] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"draft": self.draft_id, "acting": self.acting, "published": self.published,
                "dry_run": self.dry_run,
                "waiting_until": self.waiting_until.isoformat() if self.waiting_until else None,
                "targets": [r.as_dict() for r in self.targets]}


def profile_of(config: Config, draft: Draft) -> Profile:
    author = config.authors.get(draft.author)
    if author is None or draft.profile not in author.profiles:
        raise RefusedError(t("publish.profile_gone", profile=draft.profile_key))
    return author.profiles[draft.profile]


def publish(store: Store, config: Config, draft: Draft, *, now: bool = False,
            dry_run: bool = False, fit: str | None = None,
            announce: Any = None, clock: datetime | None = None) -> PublishResult:
    """Publish ``draft``. ``announce(line)`` is called with the hat line before anything public."""
    from wijkpost.identity import acting_line

    profile = profile_of(config, draft)
    targets = resolve_targets(config, profile, list(draft.targets))
    line = acting_line(config, profile, [x.name for x in targets])
    moment = clock or now_utc()
    if draft.status == "published":
        return PublishResult(draft.id, line, [_done_result(store, draft, x) for x in targets],
                             published=True)

    wait = None if now else _wait(profile, draft, moment, config)
    if wait and not dry_run:
        drafts.set_status(store, draft, "queued", not_before=wait)
        return PublishResult(draft.id, line, [], published=False, waiting_until=wait)

    local_now = moment.astimezone(config.tz).replace(microsecond=0)
    if dry_run:
        plans = preview(config, draft, fit=fit, clock=moment)
        results = [TargetResult(p.target, p.network, "planned") for p in plans]
        return PublishResult(draft.id, line, results, published=False, dry_run=True,
                             waiting_until=wait, plans=plans)

    if not journal.rows(store, draft.id):
        # Check every target before the first one is sent: a refusal must leave nothing half out.
        problems = [f"{p.target}: {p.error}" for p in preview(config, draft, fit=fit, clock=moment)
                    if p.error]
        if problems:
            raise InputError("\n".join(problems))
    if announce:
        announce(line)
    drafts.set_status(store, draft, "publishing")
    results = []
    site_url = None
    # Sites first: their post URL is the permalink a shortened social post links to.
    for target in sorted(targets, key=lambda x: x.network != "site"):
        rows = journal.rows(store, draft.id, target.name)
        if not rows:
            planned = plan_target(config, profile, draft, target, date=local_now,
                                  permalink=site_url, fit=fit)
            rows = journal.plan(store, draft.id, target.name, planned.contents)
        result = _send_target(store, config, draft, target, rows)
        results.append(result)
        if target.network == "site" and result.urls:
            site_url = result.urls[0]

    changed_sites = [r.target for r in results if r.network == "site" and r.status == "done"]
    if changed_sites:
        from wijkpost.sites import build

        for name in changed_sites:
            build(config, name)
    published = all(r.status == "done" for r in results)
    drafts.set_status(store, draft, "published" if published else "publishing")
    return PublishResult(draft.id, line, results, published=published)


def _wait(profile: Profile, draft: Draft, moment: datetime, config: Config) -> datetime | None:
    if draft.scheduled_at and draft.scheduled_at > moment:
        later = draft.scheduled_at
        opening = waiting_until(profile, later.astimezone(config.tz))
        return opening or later
    return waiting_until(profile, moment.astimezone(config.tz))


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
            from wijkpost.channels.site import SiteChannel
            from wijkpost.site.posts import post_relpath, slugify

            channel = SiteChannel(config.sites[target.name])
            slug = slugify(draft.title or draft.body[:80]) or "bericht"
            permalink = channel.url_for(str(post_relpath(date, slug)))
        plans.append(planned)
    return plans


def _send_target(store: Store, config: Config, draft: Draft, target: Target,
                 rows: list[journal.Row]) -> TargetResult:
    result = TargetResult(target.name, target.network, "done")
    try:
        channel = get_channel(target.network, config, target.name)
    except ChannelError as exc:
        result.status, result.message = ("pending" if exc.retry else "failed"), str(exc)
        return result
    previous: str | None = None
    for row in rows:
        if row.state == "done":
            previous = row.remote_id
            result.urls.append(row.url or "")
            continue
        if row.state == "failed":
            result.status, result.message = "failed", row.error
            return result
        item = Outgoing(draft_uid=draft.uid, target=target.name, part=row.part,
                        parts=len(rows), content=row.content,
                        idempotency_key=row.idempotency_key, in_reply_to=previous,
                        planned=row.remote_id)
        delivered: Delivered | None = None
        if row.state == "sending":  # the outcome of an earlier attempt is unknown: look first
            delivered = channel.find(item)
        if delivered is None:
            try:
                if item.planned is None:
                    planned = channel.prepare(item)
                    if planned is not None:
                        journal.mark(store, row, "pending", remote_id=planned)
                        item = Outgoing(**{**item.__dict__, "planned": planned})
                journal.mark(store, row, "sending", attempt=True)
                delivered = channel.send(item)
            except ChannelError as exc:
                state = "pending" if exc.retry else "failed"
                journal.mark(store, row, state, error=str(exc))
                result.status, result.message = state, str(exc)
                return result
        journal.mark(store, row, "done", remote_id=delivered.remote_id, url=delivered.url)
        previous = delivered.remote_id
        result.urls.append(delivered.url)
    return result


def _done_result(store: Store, draft: Draft, target: Target) -> TargetResult:
    rows = journal.rows(store, draft.id, target.name)
    return TargetResult(target.name, target.network, "done",
                        urls=[r.url for r in rows if r.url])


def publish_due(store: Store, config: Config, *, clock: datetime | None = None,
                announce: Any = None) -> list[PublishResult]:
    moment = clock or now_utc()
    results = []
    for draft in drafts.due(store, moment):
        results.append(publish(store, config, draft, announce=announce, clock=moment))
    return results
