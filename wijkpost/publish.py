"""Publishing a draft: check the hat, wait for office hours, plan every part in the journal, send
what is not done yet, and only then call the draft published.

The order is what keeps the promise "nothing lost, nothing twice": a journal row exists before
the call it describes; a row found in ``sending`` is first looked up with the channel (``find``)
and only sent again when the channel says it never arrived.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from wijkpost import drafts, journal
from wijkpost.channels import (
    Channel,
    ChannelError,
    Delivered,
    Outgoing,
    channel_module,
    get_channel,
)
from wijkpost.config import Config, Profile
from wijkpost.drafts import Draft
from wijkpost.errors import InputError, WijkpostError
from wijkpost.i18n import Said, keep, parts, t
from wijkpost.identity import Target, goes_out, resolve_targets
from wijkpost.locks import draft_lock
from wijkpost.outbox import Planned, plan_target, preview, profile_of
from wijkpost.printable import printable
from wijkpost.store import Store
from wijkpost.timeutil import from_utc_iso, now_utc

FINISHED = ("done", "skipped")  # a target in one of these states needs nothing more


@dataclass
class TargetResult:
    target: str
    network: str
    status: str  # done | skipped | pending | failed; a dry run: planned | refused
    urls: list[str] = field(default_factory=list)
    message: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PublishResult:
    draft_id: int
    acting: str
    targets: list[TargetResult]
    published: bool
    waiting_until: datetime | None = None
    dry_run: bool = False
    plans: list[Planned] = field(default_factory=list)
    error: WijkpostError | None = None  # publish --due: why this draft could not go out

    def as_dict(self) -> dict[str, Any]:
        return {"draft": self.draft_id, "acting": self.acting, "published": self.published,
                "dry_run": self.dry_run, "error": str(self.error) if self.error else None,
                "waiting_until": self.waiting_until.isoformat() if self.waiting_until else None,
                "targets": [r.as_dict() for r in self.targets]}


def publish(store: Store, config: Config, draft: Draft, *, now: bool = False,
            dry_run: bool = False, fit: str | None = None, skip: Sequence[str] = (),
            announce: Any = None, clock: datetime | None = None) -> PublishResult:
    """Publish ``draft``. ``announce(line)`` is called with the hat line before anything public.

    A part a service refused is tried again. ``skip``: targets to give up on, so that a draft
    one service keeps refusing can still be finished everywhere else.
    """
    drafts.check_project(draft.project, config, draft.id)
    profile, targets, line = _hat(config, draft)
    moment = clock or now_utc()
    if dry_run:
        if skip:
            _check_skip(store, draft, targets, skip)
        return _dry_run(store, config, draft, profile, targets, line, moment, now=now, fit=fit,
                        skip=skip)
    with draft_lock(draft.id, draft.uid):
        draft = drafts.get(store, draft.id)  # as it is now: another run may just have ended
        if skip:
            _skip(store, draft, targets, skip)
        if draft.status == "published" or (skip and all(_finished(store, draft, x.name)
                                                        for x in targets)):
            drafts.set_status(store, draft, "published")
            return PublishResult(draft.id, line, [_journal_result(store, draft, x)
                                                  for x in targets], published=True)
        # What is (partly) out is finished without waiting: its first part kept the office
        # hours (or --now said not to), and a part left waiting would sit beside posts that
        # are already out. One refused everywhere waits like a new one.
        out = not journal.nothing_out(store, draft.id)
        wait = None if now or out else _wait(config, profile, draft, moment)
        if wait:
            drafts.set_status(store, draft, "queued", not_before=wait)
            return PublishResult(draft.id, line, [], published=False, waiting_until=wait)
        return _send(store, config, profile, draft, targets, line, moment, fit, announce)


def _wait(config: Config, profile: Profile, draft: Draft, moment: datetime) -> datetime | None:
    """Until when the draft waits, in local time (the set time is UTC in the store)."""
    wait = goes_out(profile, draft.scheduled_at, moment, config.tz)
    return wait.astimezone(config.tz) if wait else None


def _dry_run(store: Store, config: Config, draft: Draft, profile: Profile,
             targets: list[Target], line: str, moment: datetime, *, now: bool,
             fit: str | None, skip: Sequence[str] = ()) -> PublishResult:
    """What publish would do now, sending nothing: a draft that has begun going out is told
    from its journal (what is done, what would be sent or tried again), else from a preview."""
    begun = bool(journal.rows(store, draft.id))
    out = not journal.nothing_out(store, draft.id)
    wait = None if now or out else _wait(config, profile, draft, moment)
    if begun:
        results = [_journal_result(store, draft, x, dry_run=True) for x in targets]
        for result in results:
            if result.target in skip and result.status != "done":
                result.status, result.message = "skipped", t("publish.would_skip")
        _env_checked(config, results, begun=out)
        return PublishResult(draft.id, line, results, published=draft.status == "published",
                             dry_run=True, waiting_until=wait)
    _read_instances(config, targets)  # (a dry run must count as the real run will)
    plans = _login_checked(config, preview(config, draft, fit=fit, clock=moment))
    results = [TargetResult(p.target, p.network, "refused" if p.error else "planned",
                            message=p.error or t("publish.would_send",
                                                 parts=parts(len(p.contents))))
               for p in plans]
    _env_checked(config, results, begun=False)
    return PublishResult(draft.id, line, results, published=False, dry_run=True,
                         waiting_until=wait, plans=plans)


def _env_checked(config: Config, results: list[TargetResult], *, begun: bool) -> None:
    """A dry run checks credentials from the environment as the real run will: refused as it
    would be, and an account that could not be checked now is shown waiting."""
    from wijkpost.accounts import check_env_logins

    held = check_env_logins(config, [r.target for r in results if r.network != "site"
                                     and r.status == "planned"], begun=begun)
    for result in results:
        if result.target in held:
            result.status, result.message = "pending", held[result.target]


def _send(store: Store, config: Config, profile: Profile, draft: Draft, targets: list[Target],
          line: str, moment: datetime, fit: str | None, announce: Any) -> PublishResult:
    local_now = moment.astimezone(config.tz).replace(microsecond=0)
    if not journal.rows(store, draft.id):
        _read_instances(config, targets)
        # Check every target before the first one is sent: a refusal must leave nothing half out.
        plans = _login_checked(config, preview(config, draft, fit=fit, clock=moment))
        problems = [f"{p.target}: {p.error}" for p in plans if p.error]
        if problems:
            raise InputError("\n".join(problems))
    _check_images(store, draft)
    from wijkpost.accounts import check_env_logins

    held = check_env_logins(config, [x.name for x in targets if x.network != "site"
                                     and not _finished(store, draft, x.name)],
                            begun=not journal.nothing_out(store, draft.id))
    if announce:
        announce(line)
    drafts.set_status(store, draft, "publishing")
    # Sites first (local, quick): their post URL is the permalink a shortened social post links
    # to. Then every account at once, each in its own thread with its own store connection.
    sites = [x for x in targets if x.network == "site"]
    accounts = [x for x in targets if x.network != "site"]
    results = [_publish_target(store, config, profile, draft, x, local_now, None, fit)
               for x in sites]
    site_url = next((r.urls[0] for r in results if r.urls), None)
    # An account whose credentials could not be checked waits; the others need not.
    results += [TargetResult(x.name, x.network, "pending", message=held[x.name])
                for x in accounts if x.name in held]
    accounts = [x for x in accounts if x.name not in held]
    if accounts:
        results += _concurrently(config, profile, draft, accounts, local_now, site_url, fit)
    done_sites = [r for r in results if r.network == "site" and r.status == "done"]
    if done_sites:
        _syndicate_and_build(store, config, draft, done_sites, results)
    published = all(r.status in FINISHED for r in results)
    drafts.set_status(store, draft, "published" if published else "publishing")
    if published and draft.item_id is not None:  # a reply from the digest: the item is answered
        from wijkpost.items import mark_answered

        mark_answered(store, draft.item_id)
    return PublishResult(draft.id, line, results, published=published)


def _check_images(store: Store, draft: Draft) -> None:
    """Every image still to be sent must still be there: refused before anything goes out."""
    rows = journal.rows(store, draft.id)
    needed = ([image.path for image in draft.images] if not rows else
              [image["path"] for r in rows if r.state not in FINISHED
               for image in r.content.get("images", [])])
    for path in dict.fromkeys(needed):
        if not os.path.isfile(path):
            raise InputError(t("publish.image_missing", id=draft.id, path=path))


def _read_instances(config: Config, targets: list[Target]) -> None:
    """Compose against each Mastodon instance's own limits (read once a week)."""
    from wijkpost.instances import refresh

    for target in targets:
        if target.network == "mastodon":
            refresh(config, config.accounts[target.name])


def _check_skip(store: Store, draft: Draft, targets: list[Target], names: Sequence[str]
                ) -> None:
    """--skip is for a draft that began going out, and leaves something out somewhere: a
    draft of which nothing went out is changed or deleted instead."""
    known = {x.name for x in targets}
    for name in names:
        if name not in known:
            raise InputError(t("publish.skip_unknown", target=name, id=draft.id,
                               known=", ".join(sorted(known))))
    rows = journal.rows(store, draft.id)
    if not rows:
        raise InputError(t("publish.skip_not_begun", id=draft.id))
    for name in names:  # (all are checked before any is skipped)
        if all(r.state in FINISHED for r in rows if r.target == name):
            raise InputError(t("publish.skip_nothing", target=name, id=draft.id))
    if not any(r.out or (r.target not in names and r.state != "skipped") for r in rows):
        raise InputError(t("publish.skip_everything", id=draft.id))


def _skip(store: Store, draft: Draft, targets: list[Target], names: Sequence[str]) -> None:
    _check_skip(store, draft, targets, names)
    for name in names:
        journal.skip(store, draft.id, name)


def _finished(store: Store, draft: Draft, target: str | None = None) -> bool:
    """Whether the draft (or one of its targets) needs nothing more."""
    rows = journal.rows(store, draft.id, target)
    return bool(rows) and all(r.state in FINISHED for r in rows)


def _concurrently(config: Config, profile: Profile, draft: Draft, targets: list[Target],
                  date: datetime, permalink: str | None, fit: str | None) -> list[TargetResult]:
    from concurrent.futures import ThreadPoolExecutor

    # Import the network libraries once, here: imports inside threads serialise anyway.
    for network in {x.network for x in targets}:
        channel_module(network)

    def one(target: Target) -> TargetResult:
        with Store() as own:  # SQLite connections stay in the thread that made them
            return _publish_target(own, config, profile, draft, target, date, permalink, fit)

    with ThreadPoolExecutor(max_workers=len(targets)) as pool:
        return list(pool.map(one, targets))


def _publish_target(store: Store, config: Config, profile: Profile, draft: Draft,
                    target: Target, date: datetime, permalink: str | None, fit: str | None
                    ) -> TargetResult:
    rows = journal.rows(store, draft.id, target.name)
    if not rows:
        planned = plan_target(config, profile, draft, target, date=date, permalink=permalink,
                              fit=fit)
        rows = journal.plan(store, draft.id, target.name, planned.contents)
    return _send_target(store, config, draft, target, rows)


def _syndicate_and_build(store: Store, config: Config, draft: Draft,
                         sites: list[TargetResult], results: list[TargetResult]) -> None:
    """Record where the copies on Mastodon/X are in the site post, then rebuild once."""
    from wijkpost.channels.site import SiteChannel
    from wijkpost.sites import build

    copies = [r.urls[0] for r in results if r.network != "site" and r.status == "done" and r.urls]
    for result in sites:
        (row,) = journal.rows(store, draft.id, result.target)
        if copies and row.remote_id:
            SiteChannel(config.sites[result.target]).add_syndication(row.remote_id, copies)
        build(config, result.target)


def _login_checked(config: Config, plans: list[Planned]) -> list[Planned]:
    """Plans with an error for each account that has no credentials: without this check the
    site would go out and the account wait, half published, until someone logs in."""
    from wijkpost import credentials

    checked = []
    for plan in plans:
        if plan.network != "site" and not plan.error:
            try:
                credentials.require(config.accounts[plan.target])
            except InputError as exc:
                plan = plan._replace(error=str(exc))
        checked.append(plan)
    return checked


def _send_target(store: Store, config: Config, draft: Draft, target: Target,
                 rows: list[journal.Row], *, sleep: Callable[[float], None] = time.sleep
                 ) -> TargetResult:
    """Send a target's parts in order, resuming at the first one not done.

    Network faults and 5xx answers are retried with backoff (the part is looked up first, as it
    may have arrived); a rate limit is waited out up to ``max_wait``; whatever is left stays
    pending for the next run, which picks up exactly here.
    """
    result = TargetResult(target.name, target.network, "done")
    settings = config.publishing
    try:
        channel = get_channel(target.network, config, target.name)
    except ChannelError as exc:
        result.status, result.message = ("pending" if exc.retry else "failed"), str(exc)
        return result
    except InputError as exc:  # e.g. no credentials yet: log in, then run publish again
        result.status, result.message = "pending", str(exc)
        return result
    previous: str | None = None
    taken = journal.taken(store, target.name)
    for row in rows:
        if row.state == "done":
            previous = row.remote_id
            result.urls.append(row.url or "")
            continue
        if row.state == "skipped":  # (the rest of the target was given up on with it)
            result.status = "skipped"
            return result
        item = Outgoing(draft_uid=draft.uid, target=target.name, part=row.part,
                        parts=len(rows), content=row.content,
                        idempotency_key=row.idempotency_key, in_reply_to=previous,
                        planned=row.remote_id, created_at=from_utc_iso(row.created_at),
                        taken=frozenset(taken))
        unknown = row.state == "sending"
        # A refused part is tried again (the cause may be gone). Its last try was a clear no;
        # if an earlier one's outcome was unknown, that one may have arrived: look first, once.
        look_first = unknown or (row.state == "failed" and row.maybe_out)
        attempt, backoff = 0, settings.backoff
        while True:
            try:
                delivered = _attempt(store, channel, row, item, look_first=look_first)
                break
            except ChannelError as exc:
                if exc.duplicate and not unknown:  # no try of ours can have arrived
                    exc = ChannelError(Said("channel.duplicate_other", account=target.name),
                                       retry=False)
                unknown = unknown or exc.unknown
                attempt += 1
                wait = exc.wait if exc.wait is not None else backoff
                worth_it = exc.retry and (exc.unknown or exc.wait is not None)
                if worth_it and attempt <= settings.retries and wait <= settings.max_wait:
                    sleep(wait)
                    backoff *= 2
                    look_first = unknown
                    continue
                state = "failed" if not exc.retry else ("sending" if unknown else "pending")
                said = [exc.said] if exc.said else []
                if exc.wait is not None and exc.wait > settings.max_wait:
                    said.append(Said("publish.retry_after", id=draft.id,
                                     when=_later(config, exc.wait)))
                message = printable("; ".join(map(str, said))) if said else str(exc)
                journal.mark(store, row, state, error=keep(said) if said else message,
                             maybe_out=unknown)
                result.status = "failed" if state == "failed" else "pending"
                result.message = message
                return result
            except (InputError, OSError) as exc:  # a local problem (a file gone): not sent
                message = printable(f"{target.name}: {exc}")
                journal.mark(store, row, "failed", error=message, maybe_out=unknown)
                result.status, result.message = "failed", message
                return result
        journal.mark(store, row, "done", remote_id=delivered.remote_id, url=delivered.url)
        previous = delivered.remote_id
        taken.add(delivered.remote_id)
        result.urls.append(delivered.url)
    return result


def _later(config: Config, seconds: float) -> str:
    """A moment that many seconds from now, as people read it: 14:05, or with the date."""
    now = now_utc()
    # Added in UTC: local wall-clock time skips or repeats an hour when the clocks change.
    later = (now + timedelta(seconds=seconds)).astimezone(config.tz)
    now = now.astimezone(config.tz)
    return later.strftime("%H:%M" if later.date() == now.date() else "%Y-%m-%d %H:%M")


def _attempt(store: Store, channel: Channel, row: journal.Row, item: Outgoing, *,
             look_first: bool) -> Delivered:
    """One try at one part: look it up if an earlier try may have arrived, else send it."""
    if look_first:
        found = channel.find(item)
        if found is not None:
            return found
    if item.planned is None:
        planned = channel.prepare(item)
        if planned is not None:
            journal.mark(store, row, "pending", remote_id=planned)
            item = item._replace(planned=planned)
    journal.mark(store, row, "sending", attempt=True)
    return channel.send(item)


def _journal_result(store: Store, draft: Draft, target: Target, *, dry_run: bool = False
                    ) -> TargetResult:
    """A target as its journal tells it: done, skipped, or (a dry run) what a run would do."""
    rows = journal.rows(store, draft.id, target.name)
    urls = [r.url for r in rows if r.url]
    if rows and all(r.state == "done" for r in rows):
        return TargetResult(target.name, target.network, "done", urls=urls)
    if any(r.state == "skipped" for r in rows):
        return TargetResult(target.name, target.network, "skipped", urls=urls)
    left = [r for r in rows if r.state != "done"] or None
    refused = next((r.error_text() for r in left or () if r.state == "failed"), None)
    if dry_run:
        message = (t("publish.would_retry", reason=refused) if refused
                   else t("publish.would_send", parts=parts(len(left) if left else 1)))
        return TargetResult(target.name, target.network, "planned", urls=urls, message=message)
    return TargetResult(target.name, target.network, "failed" if refused else "pending",
                        urls=urls, message=refused)


def publish_due(store: Store, config: Config, *, clock: datetime | None = None,
                announce: Any = None, report: Callable[[PublishResult], None] | None = None,
                dry_run: bool = False, fit: str | None = None) -> list[PublishResult]:
    """Publish every due draft of the project; ``report(result)`` is called after each. A draft
    that cannot go out (a deleted image, no login) is reported and skipped: it must not hold
    back the drafts after it, and it stays queued for the next run."""
    moment = clock or now_utc()
    results = []
    for draft in drafts.due(store, config, moment):
        try:
            result = publish(store, config, draft, announce=announce, clock=moment,
                             dry_run=dry_run, fit=fit)
        except WijkpostError as exc:
            result = PublishResult(draft.id, _acting(config, draft), [], published=False,
                                   error=exc)
        if report:
            report(result)
        results.append(result)
    return results


def _hat(config: Config, draft: Draft) -> tuple[Profile, list[Target], str]:
    """The draft's profile, its targets, and the line saying who acts under which hat."""
    from wijkpost.identity import acting_line

    profile = profile_of(config, draft)
    targets = resolve_targets(config, profile, list(draft.targets))
    return profile, targets, acting_line(config, profile, [x.name for x in targets])


def unplanned(config: Config, draft: Draft, rows: list[journal.Row]) -> list[str]:
    """The targets of a draft that began going out without them yet (an account that waits
    for its login to be checked): status names them, or they would seem not to exist."""
    if not rows:
        return []
    try:
        targets = _hat(config, draft)[1]
    except WijkpostError:  # (its hat has left the config: the journal is all there is)
        return []
    planned = {r.target for r in rows}
    return [x.name for x in targets if x.name not in planned]


def _acting(config: Config, draft: Draft) -> str:
    """The hat line of a draft that could not go out, if its hat still resolves."""
    try:
        return _hat(config, draft)[2]
    except WijkpostError:
        return ""
