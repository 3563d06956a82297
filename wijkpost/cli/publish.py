"""`wijkpost publish` and `wijkpost status`: send a draft out, and see what happened."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from wijkpost.cli import State
from wijkpost.cli.output import ROW_ID, emit_json, json_option, table

if TYPE_CHECKING:
    from wijkpost.config import Config
    from wijkpost.publish import PublishResult
    from wijkpost.store import Store


@click.command("publish", short_help="Publiceer een concept naar zijn doelen.")
@click.argument("draft_id", metavar="[NR]", type=ROW_ID, required=False)
@click.option("--due", is_flag=True, help="Publiceer alle concepten waarvan de tijd gekomen is "
              "(voor cron).")
@click.option("--now", is_flag=True, help="Niet wachten op kantoortijden of de geplande tijd.")
@click.option("--dry-run", is_flag=True, help="Toon wat er zou gebeuren; verstuur niets.")
@click.option("--fit", type=click.Choice(["thread", "link", "refuse"]),
              help="Te lang: draad, inkorten met link, of weigeren.")
@click.option("--skip", metavar="DOEL", multiple=True,
              help="Geef dit doel op (bv. na een weigering) en maak het concept af zonder.")
@json_option
@click.pass_obj
def publish_command(state: State, draft_id: int | None, due: bool, now: bool, dry_run: bool,
                    fit: str | None, skip: tuple[str, ...], as_json: bool) -> None:
    """Publiceer een concept naar zijn doelen. Opnieuw draaien maakt af wat nog openstaat."""
    from wijkpost.errors import ExitStatus, InputError
    from wijkpost.i18n import t
    from wijkpost.store import Store

    if (draft_id is None) == (not due):
        raise InputError(t("publish.id_or_due"))
    if due and (now or skip):  # --due publishes what is due; --now would make everything due
        raise InputError(t("publish.due_now" if now else "publish.due_skip"))
    config = state.config

    def announce(line: str) -> None:
        if not as_json:
            click.echo(line)

    try:
        with Store() as store:
            results, stuck = _run(store, config, draft_id, due=due, now=now, dry_run=dry_run,
                                  fit=fit, skip=skip, as_json=as_json, announce=announce)
    except KeyboardInterrupt:  # parts may have gone out: the journal knows which
        click.echo(t("publish.interrupted", command=f"wijkpost publish {draft_id or '--due'}"),
                   err=True)
        raise
    if as_json:
        emit_json([r.as_dict() for r in results] if due else results[0].as_dict())
    elif due and not results:
        click.echo(t("publish.nothing_due"))
    errors = [r.error for r in results if r.error]
    if errors:  # publish --due went on with the other drafts; the worst reason decides
        click.get_current_context().exit(int(max(e.exit_status for e in errors)))
    if due and stuck:
        click.get_current_context().exit(int(ExitStatus.REFUSED))
    if any(p.error for r in results for p in r.plans):
        click.get_current_context().exit(int(ExitStatus.USAGE))  # a dry run found a problem
    states = {target.status for r in results for target in r.targets}
    if "failed" in states:  # a service refused a part: retrying the same will not help
        click.get_current_context().exit(int(ExitStatus.REFUSED))
    if any(r.waiting_until or (not r.published and not r.dry_run) or "pending" in
           {target.status for target in r.targets} for r in results):
        click.get_current_context().exit(int(ExitStatus.PENDING))


def _run(store: Store, config: Config, draft_id: int | None, *, due: bool, now: bool,
         dry_run: bool, fit: str | None, skip: tuple[str, ...], as_json: bool,
         announce: Callable[[str], None]) -> tuple[list[PublishResult], bool]:
    """Publish one draft, or every due one; also whether a moved project's draft is stuck."""
    from wijkpost import drafts
    from wijkpost.errors import WijkpostError
    from wijkpost.publish import publish, publish_due
    from wijkpost.timeutil import now_utc

    stuck = False
    if due:  # each draft's result right after its hat line, as it happens
        results = publish_due(store, config, announce=announce, dry_run=dry_run, fit=fit,
                              report=None if as_json else _render)
        # A queued draft of a moved project is due nowhere: say so in cron's mail, and
        # fail the run once its time has come.
        lost = [d for d in drafts.orphans(store) if d.status == "queued"]
        if lost:
            click.echo(drafts.orphans_note(lost), err=True)
        moment = now_utc()
        stuck = any((drafts.going_out(d, config, moment) or moment) <= moment for d in lost)
    else:
        draft = drafts.get(store, draft_id, config)  # type: ignore[arg-type]
        try:
            results = [publish(store, config, draft, now=now, dry_run=dry_run, fit=fit,
                               skip=skip, announce=announce)]
        except WijkpostError as exc:
            if as_json:  # a script reads stdout: the reason goes there too
                emit_json({"draft": draft.id, "published": False, "error": str(exc)})
            raise
        if not as_json:
            _render(results[0])
            _advise(store, results[0])
    return results, stuck


def _render(result: PublishResult) -> None:
    from wijkpost.i18n import parts, t
    from wijkpost.printable import printable

    if result.error:
        click.echo(printable(t("publish.draft_failed", id=result.draft_id, error=result.error)),
                   err=True)
        return
    if result.dry_run:  # (publish --due --dry-run shows several: say whose block this is)
        click.echo(t("publish.dry_head", id=result.draft_id))
        click.echo(result.acting)
    if result.waiting_until:
        click.echo(t("publish.waiting", id=result.draft_id,
                     when=result.waiting_until.strftime("%Y-%m-%d %H:%M")))
        if not result.dry_run:
            return
    if result.dry_run:
        held = {r.target: r.message for r in result.targets if r.status == "pending"}
        for plan in result.plans:
            state = plan.error or held.get(plan.target) or t(
                "publish.would_send", parts=parts(len(plan.contents)))
            click.echo(f"  {plan.target:<20} {plan.network:<9} {state}")
        for target in result.targets if not result.plans else ():  # begun: from the journal
            state = target.message or t(f"publish.state.{target.status}")
            click.echo(f"  {target.target:<20} {target.network:<9} {state}")
        return
    rows = [[r.target, r.network, t(f"publish.state.{r.status}"),
             (r.urls[0] if r.urls else "") if r.status == "done" else (r.message or "")]
            for r in result.targets]
    table(rows, [t("publish.col.target"), t("publish.col.network"), t("publish.col.status"),
                 "URL"])
    refused = [r.target for r in result.targets if r.status == "failed"]
    if refused:  # what can be done about it: try again, or skip
        click.echo(t("publish.refused", id=result.draft_id, targets=", ".join(refused),
                     first=refused[0]))
    else:
        click.echo(t("publish.done" if result.published else "publish.partial",
                     id=result.draft_id))


def _advise(store: Store, result: PublishResult) -> None:
    """After a refusal of a draft of which nothing went out: it may also change."""
    from wijkpost import journal
    from wijkpost.i18n import t

    if any(r.status == "failed" for r in result.targets) and journal.nothing_out(
            store, result.draft_id):
        click.echo(t("publish.refused_editable", id=result.draft_id))


@click.command("status")
@click.argument("draft_id", metavar="NR", type=ROW_ID)
@json_option
@click.pass_obj
def status_command(state: State, draft_id: int, as_json: bool) -> None:
    """Toon per doel en deel wat er met een concept gebeurd is."""
    from wijkpost import drafts, journal
    from wijkpost.cli.draft import iso, when_line
    from wijkpost.i18n import t
    from wijkpost.store import Store

    with Store() as store:
        draft = drafts.get(store, draft_id, state.config)
        rows = journal.rows(store, draft_id)
    from wijkpost.publish import unplanned

    waiting = unplanned(state.config, draft, rows)
    if as_json:
        from wijkpost.timeutil import now_utc

        emit_json({"draft": draft_id, "status": draft.status,
                   "goes_out": iso(drafts.going_out(draft, state.config, now_utc())),
                   "parts": [r.as_dict() for r in rows], "unplanned": waiting})
        return
    click.echo(t("draft.show.head", id=draft_id, status=t(f"draft.status.{draft.status}")))
    line = when_line(draft, state.config)
    if line:
        click.echo(line)
    if not rows:
        click.echo(t("status.nothing"))
        return
    table([[r.target, str(r.part), t(f"journal.state.{r.state}"), r.url or r.error_text() or ""]
           for r in rows] + [[name, "–", t("journal.state.unplanned"), ""] for name in waiting],
          [t("publish.col.target"), t("status.col.part"), t("publish.col.status"), "URL"])
