"""`wijkpost draft …`: write, list, preview, edit and delete drafts."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from wijkpost.cli import State
from wijkpost.cli.output import ROW_ID, confirm, emit_json, json_option, table

if TYPE_CHECKING:
    from datetime import datetime

    from wijkpost.config import Config
    from wijkpost.drafts import Draft, DraftInput
    from wijkpost.store import Store


@click.group("draft")
def draft_group() -> None:
    """Concepten: schrijven, bekijken, bewerken, verwijderen."""


def _store() -> Store:
    from wijkpost.store import Store

    return Store()


def _strip_hint(text: str) -> str:
    from wijkpost.i18n import t

    return text.replace(t("draft.template_hint"), "").strip()


@draft_group.command("new")
@click.argument("text", metavar="[TEKST]", required=False)
@click.option("--as", "profile_name", metavar="PROFIEL", help="De hoed: bv. werk of prive.")
@click.option("--to", "targets", multiple=True, metavar="DOEL",
              help="Account of site (herhaalbaar); standaard de doelen van het profiel.")
@click.option("--title", metavar="TITEL", help="Titel (voor de site en bovenaan het bericht).")
@click.option("--tag", "tags", metavar="TAG", multiple=True, help="Onderwerp (herhaalbaar).")
@click.option("--image", "images", metavar="BESTAND", multiple=True, type=click.Path(),
              help="Afbeelding (herhaalbaar, elk met een --alt).")
@click.option("--alt", "alts", metavar="TEKST", multiple=True,
              help="Alt-tekst bij de --image op dezelfde plek.")
@click.option("--at", "at", metavar="TIJD",
              help="Publiceren vanaf, lokale tijd: '2026-11-25 09:00'.")
@click.option("--fit", type=click.Choice(["thread", "link", "refuse"]),
              help="Te lang voor een netwerk: draad, inkorten met link, of weigeren.")
@click.option("--reply-to", metavar="URL",
              help="Antwoord op dit Mastodon- of X-bericht (alleen vanaf een account van je hoed).")
@json_option
@click.pass_obj
def new_command(state: State, text: str | None, profile_name: str | None,
                targets: tuple[str, ...], title: str | None, tags: tuple[str, ...],
                images: tuple[str, ...], alts: tuple[str, ...], at: str | None,
                fit: str | None, reply_to: str | None, as_json: bool) -> None:
    """Schrijf een nieuw concept. Tekst als argument, via stdin, of in $EDITOR."""
    from pathlib import Path

    from wijkpost import drafts
    from wijkpost.errors import InputError
    from wijkpost.i18n import t
    from wijkpost.identity import acting
    from wijkpost.timeutil import parse_when

    config = state.config
    author, profile = acting(config, state.author, profile_name)
    if len(images) != len(alts):
        raise InputError(t("media.alt_pairs" if images else "media.alt_alone"))
    if text is None and not sys.stdin.isatty():
        text = sys.stdin.read(drafts.MAX_BODY + 1)  # (more is refused anyway)
    scheduled = parse_when(at, config.tz) if at is not None else None  # ("" is no time)
    given = drafts.DraftInput(
        body=text or "", title=title, targets=list(targets), tags=list(tags),
        images=[(Path(i), alt) for i, alt in zip(images, alts, strict=True)],
        scheduled_at=scheduled, fit=fit, reply_to=reply_to)
    with _store() as store:
        if text is None:
            draft = _new_in_editor(state, store, profile.name, given)
            author, profile = acting(config, draft.author, draft.profile)
        else:
            draft = drafts.create(store, config, profile, given)
    _warn(draft, config, saved=True)
    if as_json:
        emit_json(draft.as_dict())
        return
    click.echo(t("draft.created", id=draft.id, name=author.name, profile=profile.name,
                 targets=", ".join(draft.targets)))
    _echo_when(draft, config)


def _echo_when(draft: Draft, config: Config) -> None:
    line = when_line(draft, config)
    if line:
        click.echo(line)


def _new_in_editor(state: State, store: Store, profile_name: str, given: DraftInput) -> Draft:
    """``draft new`` in $EDITOR: the file holds the options as front matter (the user may change
    any of them) above the text. Like ``draft edit``, a file that fails its checks is kept and
    the next ``draft new`` continues from it; plain text without front matter is the body."""
    from wijkpost import draftfile, drafts
    from wijkpost.errors import InputError, RefusedError
    from wijkpost.i18n import t
    from wijkpost.identity import acting

    config = state.config
    rejected = draftfile.rejected_path("new")
    resumed = rejected.exists()
    if resumed:
        click.echo(t("draft.edit.resume", path=rejected), err=True)
        start = rejected.read_text(encoding="utf-8")
    else:
        start = draftfile.as_text(profile_name, given._replace(body=t("draft.template_hint")),
                                  config.tz)
    edited = draftfile.run_editor(start)

    def kept(exc: InputError | RefusedError) -> Exception:
        path = draftfile.keep_rejected("new", edited)
        return type(exc)(f"{exc}\n{t('draft.new.kept', path=path)}")

    try:
        if edited.startswith("---\n"):
            chosen, given = draftfile.parse(edited, "concept", config.tz)
            profile_name = chosen or profile_name
        else:
            given = given._replace(body=edited)
    except InputError as exc:
        raise kept(exc) from None
    given = given._replace(body=_strip_hint(given.body))
    if (edited == start and not resumed) or (drafts.blank(given.body) and not given.title):
        raise InputError(t("draft.empty"))  # nothing written: nothing worth keeping
    try:
        _, profile = acting(config, state.author, profile_name)
        draft: Draft = drafts.create(store, config, profile, given)
    except (InputError, RefusedError) as exc:
        raise kept(exc) from None
    rejected.unlink(missing_ok=True)
    return draft


def _warn(draft: Draft, config: Config, *, saved: bool = False) -> None:
    """What the author should know about a saved draft (on stderr: --json output stays clean).
    Just ``saved``: an image a target will not take (`draft show` lists it with its target)."""
    from wijkpost.cmark import leaves_out_html
    from wijkpost.i18n import t

    if saved and draft.images:
        for problem in _image_problems(draft, config):
            click.secho(t("draft.warning", problem=problem), fg="yellow", err=True)
    if leaves_out_html(draft.body):
        click.secho(t("draft.raw_html"), fg="yellow", err=True)
    if draft.status == "queued" and draft.scheduled_at:
        from wijkpost.timeutil import local, now_utc

        if draft.scheduled_at < now_utc():  # a typo in the year, or a time that went by
            click.secho(t("draft.at_past", when=local(draft.scheduled_at, config.tz)),
                        fg="yellow", err=True)


def _image_problems(draft: Draft, config: Config) -> list[str]:
    from wijkpost.drafts import hat_of
    from wijkpost.errors import WijkpostError
    from wijkpost.identity import resolve_targets
    from wijkpost.outbox import check_images

    profile = hat_of(config, draft)
    if profile is None:
        return []
    problems = []
    for target in resolve_targets(config, profile, list(draft.targets)):
        try:
            check_images(config, profile, draft, target)
        except WijkpostError as exc:
            problems.append(str(exc))
    return problems


def when_line(draft: Draft, config: Config) -> str | None:
    """For a queued draft, when it goes out, in words (None when it is not queued)."""
    from wijkpost.drafts import going_out
    from wijkpost.i18n import t
    from wijkpost.timeutil import local, now_utc

    now = now_utc()
    when = going_out(draft, config, now)
    if when is None:
        return None
    if when == now:
        return t("draft.goes_out_now")
    at = draft.scheduled_at
    if at and at >= now and when > at:  # a set time outside office hours
        return t("draft.goes_out_hours", when=local(when, config.tz), at=local(at, config.tz))
    if not at or at < now:  # waiting for office hours from now on
        return t("draft.goes_out_opening", when=local(when, config.tz))
    return t("draft.goes_out", when=local(when, config.tz))


@draft_group.command("list")
@click.option("--status", type=click.Choice(["draft", "queued", "publishing", "published"]))
@json_option
@click.pass_obj
def list_command(state: State, status: str | None, as_json: bool) -> None:
    """Toon de concepten in je eigen opslag."""
    from wijkpost import drafts
    from wijkpost.i18n import t
    from wijkpost.timeutil import local, now_utc

    now = now_utc()
    with _store() as store:
        items = drafts.list_drafts(store, state.config, status=status)
        lost = drafts.orphans(store)
    if lost:  # on stderr: the listing (and --json) stays this project's
        click.secho(drafts.orphans_note(lost), fg="yellow", err=True)
    if as_json:
        emit_json([{**d.as_dict(), "goes_out": iso(drafts.going_out(d, state.config, now))}
                   for d in items])
        return
    if not items:
        click.echo(t("draft.none"))
        return
    # The time zone (and with it zoneinfo) only when a draft has a time to show.
    tz: Any = _tz(state) if any(d.scheduled_at or d.not_before for d in items) else None
    rows = []
    for d in items:
        # A queued draft shows when it really goes out (office hours may put it later).
        when = drafts.going_out(d, state.config, now) or d.scheduled_at or d.not_before
        shown = t("draft.when_now") if when == now else local(when, tz) if when else ""
        rows.append([str(d.id), t(f"draft.status.{d.status}"), d.profile_key,
                     ", ".join(d.targets), shown, _headline(d)])
    table(rows, [t("draft.col." + c) for c in ("id", "status", "hat", "to", "when", "text")])


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _tz(state: State) -> Any:
    try:
        return state.config.tz
    except Exception:  # listing must work even without a project
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Amsterdam")


def _headline(draft: Draft) -> str:
    lines = draft.body.strip().splitlines()
    text = draft.title or (lines[0] if lines else "")
    return text if len(text) <= 50 else text[:49] + "…"


@draft_group.command("show", short_help="Toon per doel precies wat het ontvangt.")
@click.argument("draft_id", metavar="NR", type=ROW_ID)
@click.option("--fit", type=click.Choice(["thread", "link", "refuse"]))
@json_option
@click.pass_obj
def show_command(state: State, draft_id: int, fit: str | None, as_json: bool) -> None:
    """Toon per doel precies wat het ontvangt: delen, lengte, ondertekening, afbeeldingen."""
    from wijkpost import drafts
    from wijkpost.credentials import presence
    from wijkpost.i18n import parts, t
    from wijkpost.identity import acting_line
    from wijkpost.outbox import preview, profile_of

    config = state.config
    with _store() as store:
        draft = drafts.get(store, draft_id, config)
    profile = profile_of(config, draft)
    plans = preview(config, draft, fit=fit)
    if as_json:
        from wijkpost.cmark import leaves_out_html
        from wijkpost.timeutil import now_utc

        emit_json({**draft.as_dict(), "html_left_out": leaves_out_html(draft.body),
                   "goes_out": iso(drafts.going_out(draft, config, now_utc())), "preview": [
            {"target": p.target, "network": p.network, "strategy": p.strategy,
             "limit": p.limit, "error": p.error,
             "logged_in": p.network == "site" or presence(config.accounts[p.target]) is not None,
             "parts": [{"content": c, "length": n} for c, n in zip(p.contents, p.lengths,
                                                                  strict=True)]}
            for p in plans]})
        return
    click.echo(acting_line(config, profile, list(draft.targets)))
    click.echo(t("draft.show.head", id=draft.id, status=t(f"draft.status.{draft.status}")))
    if draft.reply_to:
        click.echo(t("draft.show.reply_to", url=draft.reply_to))
    _echo_when(draft, config)
    _warn(draft, config)
    names = [image.name for image in draft.images]  # as the author knows them, in order
    for plan in plans:
        click.echo("")
        if plan.error:
            click.secho(f"{plan.target} ({plan.network}): {plan.error}", fg="red")
            continue
        if plan.network == "site":
            content = plan.contents[0]
            click.echo(t("draft.show.site", target=plan.target, title=content["title"] or "-",
                         length=plan.lengths[0], tags=", ".join(content["tags"]) or "-"))
            _show_images(content.get("images", []), names)
            continue
        click.echo(t("draft.show.social", target=plan.target, network=plan.network,
                     parts=parts(len(plan.contents)),
                     strategy=t(f"draft.strategy.{plan.strategy}")))
        if presence(config.accounts[plan.target]) is None:  # publish would refuse: say it now
            click.secho(t("draft.show.no_login", account=plan.target), fg="yellow")
        for n, (content, length) in enumerate(zip(plan.contents, plan.lengths, strict=True), 1):
            click.echo(f"  [{n}/{len(plan.contents)}] {length}/{plan.limit}")
            for line in content["text"].splitlines():
                click.echo(f"    │ {line}")
            _show_images(content.get("images", []), names)


def _show_images(images: list[dict[str, Any]], names: list[str]) -> None:
    import os.path

    from wijkpost.i18n import t
    from wijkpost.printable import printable

    for n, image in enumerate(images):  # (the same picture twice is one copy, two names)
        name = names[n] if n < len(names) else os.path.basename(image["path"])
        click.echo(t("draft.show.image", path=printable(name),
                     alt=image["alt"] or t("draft.show.no_alt")))


@draft_group.command("edit", short_help="Bewerk een concept in $EDITOR.")
@click.argument("draft_id", metavar="NR", type=ROW_ID)
@click.pass_obj
def edit_command(state: State, draft_id: int) -> None:
    """Bewerk een concept in $EDITOR (Markdown met voorwerk); gecontroleerd voor het opslaan."""
    from wijkpost import draftfile, drafts
    from wijkpost.errors import InputError, RefusedError
    from wijkpost.i18n import t
    from wijkpost.identity import acting

    config = state.config
    with _store() as store:
        draft = drafts.get(store, draft_id, config)
        drafts.check_editable(store, draft)  # before the editor opens, not after the work is done
        rejected = draftfile.rejected_path(draft_id)
        if rejected.exists():  # the last edit failed its checks: continue from it, not from scratch
            click.echo(t("draft.edit.resume", path=rejected), err=True)
            text = rejected.read_text(encoding="utf-8")
        else:
            text = draftfile.render(draft, config.tz)
        edited = draftfile.run_editor(text)
        if edited == text and not rejected.exists():
            click.echo(t("draft.edit.unchanged"))
            return
        try:
            profile_name, fields = draftfile.parse(edited, t("draft.source", id=draft_id),
                                                      config.tz)
            author, profile = acting(config, draft.author, profile_name or draft.profile)
            saved = drafts.update(store, config, draft, profile, fields)
        except (InputError, RefusedError) as exc:
            kept = draftfile.keep_rejected(draft_id, edited)
            raise type(exc)(f"{exc}\n{t('draft.edit.kept', path=kept, id=draft_id)}") from None
        rejected.unlink(missing_ok=True)
        # Who and where, every time: an edit may have changed the hat, and with it the targets.
        click.echo(t("draft.edit.saved", id=draft_id, name=author.name, profile=profile.name,
                     targets=", ".join(saved.targets)))
        _echo_when(saved, config)
        _warn(saved, config, saved=True)


@draft_group.command("adopt", short_help="Neem een concept uit een verplaatst project over.")
@click.argument("draft_id", metavar="NR", type=ROW_ID)
@click.pass_obj
def adopt_command(state: State, draft_id: int) -> None:
    """Neem een concept over in dit project, als zijn eigen project er niet meer is (de map is
    verplaatst of hernoemd). Een concept van een project dat er nog is, blijft daar."""
    from wijkpost import drafts
    from wijkpost.i18n import t

    with _store() as store:
        draft = drafts.adopt(store, state.config, drafts.get(store, draft_id))
    click.echo(t("draft.adopted", id=draft.id, project=draft.project))


@draft_group.command("delete", short_help="Verwijder een concept.")
@click.argument("draft_id", metavar="NR", type=ROW_ID)
@click.option("--yes", "-y", is_flag=True, help="Niet om bevestiging vragen.")
@click.pass_obj
def delete_command(state: State, draft_id: int, yes: bool) -> None:
    """Verwijder een concept (een gepubliceerd bericht blijft gewoon staan)."""
    from wijkpost import drafts
    from wijkpost.errors import InputError
    from wijkpost.i18n import t

    with _store() as store:
        draft = drafts.get(store, draft_id)
        drafts.check_project(draft.project, state.config, draft_id, gone_ok=True)
        if not yes:
            if not sys.stdin.isatty():
                raise InputError(t("draft.delete.confirm_needed"))
            if not confirm(t("draft.delete.confirm", id=draft_id, text=_headline(draft))):
                click.echo(t("draft.delete.kept"))
                return
        drafts.delete(store, draft)
    click.echo(t("draft.deleted", id=draft_id))
