"""`wijkpost collect`, `digest …`, `report` and `purge`: what residents said, and what we did."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from wijkpost.cli import State
from wijkpost.cli.output import ROW_ID, emit_json, json_option, progress, table
from wijkpost.printable import printable

if TYPE_CHECKING:
    from wijkpost.config import Config
    from wijkpost.digest import Brief
    from wijkpost.items import Filter


@click.command("collect", short_help="Haal reacties, vermeldingen en wijknieuws op.")
@click.option("--account", metavar="ACCOUNT", help="Alleen dit account (ook een persoonlijk).")
@click.option("--source", metavar="BRON", help="Alleen deze bron, bv. mastodon-wijk:mentions.")
@json_option
@click.pass_obj
def collect_command(state: State, account: str | None, source: str | None, as_json: bool
                    ) -> None:
    """Haal reacties, vermeldingen en wijknieuws op sinds de vorige keer."""
    from wijkpost.collect import collect
    from wijkpost.i18n import t

    with progress(t("collect.label")) as update:
        result = collect(state.config, account=account, source=source, progress=update)
    if as_json:
        emit_json(result.as_dict())
    else:
        failed: dict[str, list[str]] = {}  # one line per reason: an account not logged in
        for src in result.sources:         # fails all its sources alike
            if src.error:
                failed.setdefault(src.error, []).append(src.source)
            elif src.note:
                click.echo(src.note)
        for error, sources in failed.items():
            click.echo(t("collect.failed", source=", ".join(sources), error=error), err=True)
        summary = ", ".join(f"{s.source} {s.new}" for s in result.sources if not s.error)
        click.echo(t("collect.summary", new=result.new, sources=summary or "-",
                     purged=result.purged))
    if any(s.error for s in result.sources):
        from wijkpost.errors import ExitStatus

        click.get_current_context().exit(int(ExitStatus.PENDING))


@click.group("digest", invoke_without_command=True,
             short_help="Nieuwe reacties en tips per onderwerp, gemaskeerd.")
@click.option("--all", "everything", is_flag=True, help="Alles, niet alleen wat nieuw is.")
@click.option("--since", metavar="DUUR", help="Binnengekomen in de laatste …, bv. 7d of 12h.")
@click.option("--tag", metavar="TAG", help="Alleen dit onderwerp.")
@click.option("--state", type=click.Choice(["new", "done", "forwarded"]), help="Alleen deze stand.")
@click.option("--account", metavar="ACCOUNT", help="Alleen wat dit account ontving.")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html"]), default="text",
              show_default=True)
@click.option("--output", metavar="BESTAND", type=click.Path(dir_okay=False),
              help="Schrijf naar dit bestand (nodig bij --format html).")
@json_option
@click.pass_context
def digest_group(ctx: click.Context, everything: bool, since: str | None, tag: str | None,
                 state: str | None, account: str | None, fmt: str, output: str | None,
                 as_json: bool) -> None:
    """De digest: nieuwe reacties en tips per onderwerp, persoonsgegevens gemaskeerd."""
    if ctx.invoked_subcommand is not None:
        return
    from wijkpost.bulk import no_cycle_collection
    from wijkpost.items import Filter
    from wijkpost.timeutil import now_utc, parse_age

    where = Filter(since=now_utc() - parse_age(since) if since else None, tag=tag, state=state,
                   account=account)
    with no_cycle_collection():
        _show(ctx.obj.config, where, everything, fmt, output, as_json)


def _show(config: Config, where: Filter, everything: bool, fmt: str, output: str | None,
          as_json: bool) -> None:
    from wijkpost import digest
    from wijkpost.errors import InputError
    from wijkpost.i18n import t
    from wijkpost.store import Store

    if not as_json and fmt == "text":
        with Store() as store:
            brief = digest.brief(store, config, where, everything=everything)
        _terminal(brief, config)
        return
    with Store() as store:
        view = digest.build(store, config, where, everything=everything)
    if as_json:
        emit_json(view.as_dict())
        return
    if fmt == "html":
        if output is None:
            raise InputError(t("digest.html_needs_output"))
        from wijkpost.templating import template_dirs

        _write(output, digest.render_html(view, config, template_dirs(config)))
        click.echo(t("digest.written", path=output))
        return
    if fmt == "md":
        text = digest.render_markdown(view, config)
        if output:
            _write(output, text)
            click.echo(t("digest.written", path=output))
        else:
            click.echo(text)


def _write(path: str, text: str) -> None:
    from pathlib import Path

    from wijkpost.errors import InputError
    from wijkpost.i18n import t
    from wijkpost.paths import atomic_write

    target = Path(path).expanduser()
    if not target.parent.is_dir():  # a typo should not make folders
        raise InputError(t("digest.no_folder", path=path, folder=str(target.parent)))
    # It holds residents' words: readable by its owner only.
    atomic_write(target, text.encode("utf-8"), private=True)


def _terminal(brief: Brief, config: Config) -> None:
    from wijkpost.digest import route
    from wijkpost.i18n import t
    from wijkpost.timeutil import LocalClock

    if not brief.total:
        click.echo(t("digest.empty"))
        return
    when = LocalClock(config.tz, "%d-%m %H:%M").format

    # Written at once: thousands of separate writes to a pipe are slow. Styled only on a
    # terminal, where click would otherwise scan the whole text to take the styles out again.
    styled = sys.stdout.isatty()
    off = f" [{t('digest.off_duty')}]"
    states = {s: t("digest.state." + s) for s in ("new", "done", "forwarded")}
    shown_before: dict[int, tuple[str, str]] = {}  # an item under two tags is formatted once
    out = []
    for _tag, label, rows in brief.groups:
        heading = f"{label} ({len(rows)})"
        out.append(click.style(heading, bold=True) if styled else heading)
        lines: list[str] = []
        for row in rows:  # digest.BRIEF_COLUMNS
            pair = shown_before.get(row[0])
            if pair is None:
                item_id, created, handle, name, source, account, profile, off_duty, state, \
                    masked, _ = row
                text = " ".join(masked.split())
                came = route(handle or name, source, account, profile)
                pair = shown_before[item_id] = (
                    f"  #{item_id:<5} {when(created)}  {came}{off if off_duty else ''}  "
                    f"{states[state]}",
                    f"         {text[:200]}{'…' if len(text) > 200 else ''}")
            lines += pair
        out.append(printable("\n".join(lines)))  # what residents wrote: no control characters
    click.echo("\n".join(out), color=True)  # (the styles are there only for a terminal)


@digest_group.command("show")
@click.argument("item_id", metavar="NR", type=ROW_ID)
@click.option("--reveal", is_flag=True,
              help="Toon het origineel, zonder maskering (wordt vastgelegd).")
@json_option
@click.pass_obj
def show_command(state: State, item_id: int, reveal: bool, as_json: bool) -> None:
    """Toon één item helemaal, met zijn geschiedenis."""
    from wijkpost import items
    from wijkpost.digest import public_view
    from wijkpost.i18n import t
    from wijkpost.store import Store

    with Store() as store:
        item = items.get(store, item_id)
        if reveal:
            items.record_reveal(store, item_id)
        data = public_view(item, reveal=reveal)
        data["history"] = items.events(store, item_id)
    if as_json:
        emit_json(data)
        return
    from wijkpost import tagging
    from wijkpost.digest import route
    from wijkpost.timeutil import LocalClock

    when = LocalClock(state.config.tz, "%d-%m-%Y %H:%M").format
    labels = tagging.labels(state.config.tags)
    who = " ".join(x for x in (data["author_name"], data["author_handle"]) if x) or None
    state_text = t("digest.state." + data["state"])
    if data["state"] == "forwarded" and data["forwarded_to"]:
        state_text = t("digest.forwarded_to", to=data["forwarded_to"])
    lines = [f"#{data['id']} · {route(who, data['source'], data['account'], data['profile'])}",
             f"{when(data['created_at'])} · {state_text}"
             f" · {', '.join(labels.get(tag, tag) for tag in data['tags'])}",
             "", data["text"],
             *(f"  {link}" for link in data["links"] if link != data["url"])]
    if data["url"]:
        lines += ["", data["url"]]
    if data["note"]:
        lines += ["", t("digest.note", note=data["note"])]
    lines.append("")
    lines += [f"  {when(event['at'][:19] + 'Z')}  {_event_words(event)}"
              for event in data["history"]]
    click.echo(printable("\n".join(lines)))


def _event_words(event: dict[str, str | None]) -> str:
    from wijkpost.i18n import MESSAGES, t

    key = f"digest.event.{event['what']}"
    if key not in MESSAGES:  # (an event a later version wrote: shown as stored)
        return f"{event['what']} {event['detail'] or ''}".rstrip()
    return t(key, detail=event["detail"] or "").rstrip()


@digest_group.command("tag")
@click.argument("item_id", metavar="NR", type=ROW_ID)
@click.argument("tag")
@click.pass_obj
def tag_command(state: State, item_id: int, tag: str) -> None:
    """Geef een item met de hand een onderwerp."""
    from wijkpost import items
    from wijkpost.i18n import t
    from wijkpost.store import Store

    tag = tag.strip().lstrip("#").lower()
    if not tag:
        from wijkpost.errors import InputError

        raise InputError(t("digest.empty_value", what="TAG"))
    with Store() as store:
        item = items.add_tag(store, item_id, tag)
    click.echo(t("digest.tagged", id=item_id, tags=", ".join(item.tags)))


@digest_group.command("done")
@click.argument("item_ids", metavar="NR...", type=ROW_ID, nargs=-1, required=True)
@click.pass_obj
def done_command(state: State, item_ids: tuple[int, ...]) -> None:
    """Markeer items als afgehandeld."""
    from wijkpost import items
    from wijkpost.i18n import t
    from wijkpost.store import Store

    with Store() as store:
        items.set_state(store, list(item_ids), "done")
    click.echo(t("digest.marked_done", ids=", ".join(f"#{i}" for i in item_ids)))


@digest_group.command("forward")
@click.argument("item_id", metavar="NR", type=ROW_ID)
@click.option("--to", "to", metavar="WIE", required=True, help="Aan wie (bv. afdeling of collega).")
@click.option("--note", metavar="TEKST", help="Een notitie erbij.")
@click.pass_obj
def forward_command(state: State, item_id: int, to: str, note: str | None) -> None:
    """Markeer een item als doorgestuurd, aan wie en met welke notitie."""
    from wijkpost import items
    from wijkpost.i18n import t
    from wijkpost.store import Store

    if not to.strip():
        from wijkpost.errors import InputError

        raise InputError(t("digest.empty_value", what="--to"))
    with Store() as store:
        items.set_state(store, [item_id], "forwarded", to=to.strip(), note=note)
    click.echo(t("digest.forwarded", id=item_id, to=to))


@digest_group.command("reply", short_help="Antwoord vanaf het account dat het item ontving.")
@click.argument("item_id", metavar="NR", type=ROW_ID)
@click.argument("text", metavar="[TEKST]", required=False)
@click.option("--now", is_flag=True, help="Niet wachten op kantoortijd.")
@click.option("--draft-only", is_flag=True, help="Alleen het concept maken, nog niet versturen.")
@json_option
@click.pass_obj
def reply_command(state: State, item_id: int, text: str | None, now: bool, draft_only: bool,
                  as_json: bool) -> None:
    """Antwoord vanaf het account dat het item ontving (als concept, via het journaal)."""
    from wijkpost import drafts, items
    from wijkpost.errors import ExitStatus, InputError
    from wijkpost.i18n import t
    from wijkpost.identity import acting
    from wijkpost.publish import publish
    from wijkpost.store import Store

    config = state.config
    if text is None and not sys.stdin.isatty():
        text = sys.stdin.read(drafts.MAX_BODY + 1)  # (more is refused anyway)
    if not text or not text.strip():
        raise InputError(t("digest.reply_text"))
    with Store() as store:
        item = items.get(store, item_id)
        if item.network == "feed" or not item.account or not item.url or not item.profile:
            raise InputError(t("digest.reply_feed", id=item_id))
        author_key, _, profile_name = item.profile.partition("/")
        _, profile = acting(config, author_key, profile_name)
        draft = drafts.create(store, config, profile, drafts.DraftInput(
            body=text, targets=[item.account], reply_to=item.url, item_id=item.id))
        if draft_only:
            click.echo(t("draft.created", id=draft.id, name=profile.author,
                         profile=profile.name, targets=item.account))
            return
        result = publish(store, config, draft, now=now,
                         announce=None if as_json else click.echo)
    if as_json:
        emit_json(result.as_dict())
    else:
        for target in result.targets:
            click.echo(f"{target.target}: {t('publish.state.' + target.status)} "
                       f"{(target.urls or [''])[0] if target.status == 'done' else target.message}")
        if result.waiting_until:
            click.echo(t("publish.waiting", id=draft.id,
                         when=result.waiting_until.strftime("%Y-%m-%d %H:%M")))
    if not result.published:
        click.get_current_context().exit(int(ExitStatus.PENDING))


@click.command("report", short_help="Maandrapport: aantallen, afhandeling, reactietijd.")
@click.option("--month", metavar="JJJJ-MM", help="Welke maand (standaard: de vorige).")
@click.option("--output", metavar="BESTAND", type=click.Path(dir_okay=False),
              help="HTML-pagina met grafiek (standaard: rapport-JJJJ-MM.html).")
@json_option
@click.pass_obj
def report_command(state: State, month: str | None, output: str | None, as_json: bool) -> None:
    """Maandrapport: per onderwerp en kanaal, per week, afhandeling en reactietijd."""
    from wijkpost import report, tagging
    from wijkpost.i18n import t
    from wijkpost.store import Store
    from wijkpost.templating import template_dirs
    from wijkpost.timeutil import now_utc

    config = state.config
    if month is None:
        first = now_utc().astimezone(config.tz).replace(day=1)
        from datetime import timedelta

        month = (first - timedelta(days=1)).strftime("%Y-%m")
    with Store() as store:
        built = report.build(store, month, config.tz)
    output = output or f"rapport-{month}.html"
    labels = tagging.labels(config.tags)
    _write(output, report.render_html(built, labels, template_dirs(config)))
    if as_json:
        emit_json({**built.as_dict(), "html": str(output)})
        return
    click.echo(t("report.title", month=month))
    click.echo(t("report.summary", total=built.total, done=built.done,
                 items=t("report.item" if built.total == 1 else "report.items"),
                 forwarded=built.forwarded, share_done=round(built.share(built.done) * 100),
                 share_forwarded=round(built.share(built.forwarded) * 100)))
    if built.median_answer_hours is not None:
        click.echo(t("report.median", hours=f"{built.median_answer_hours:.1f}",
                     answered=built.answered))
    networks = list(report.NETWORKS)
    table([[labels.get(tag, tag), *(str(c.get(n, 0)) for n in networks), str(sum(c.values()))]
           for tag, c in built.per_tag.items()], [t("report.tag"), *networks, t("report.total")])
    click.echo("")
    table([[week, *(str(c.get(n, 0)) for n in networks), str(sum(c.values()))]
           for week, c in built.per_week.items()], [t("report.week"), *networks,
                                                      t("report.total")])
    click.echo(t("digest.written", path=output))


@click.command("purge")
@json_option
@click.pass_obj
def purge_command(state: State, as_json: bool) -> None:
    """Verwijder items ouder dan privacy.retention_days."""
    from wijkpost import items
    from wijkpost.i18n import t
    from wijkpost.store import Store

    with Store() as store:
        removed = items.purge(store, state.config.privacy.retention_days)
    if as_json:
        emit_json({"removed": removed})
    else:
        click.echo(t("purge.done", count=removed, days=state.config.privacy.retention_days))
