"""`wijkpost init [DIR]`: scaffold a project from a few questions (or flags with --yes)."""

from __future__ import annotations

import re

import click


def _required(answer: str) -> str:
    from wijkpost.i18n import t

    if not answer.strip():
        raise click.BadParameter(t("init.required"))
    return answer


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "wijk"


@click.command("init", short_help="Maak een nieuw wijkpost-project.")
@click.argument("directory", metavar="[MAP]", default=".",
                type=click.Path(file_okay=False))
@click.option("--author", "author_key", metavar="NAAM",
              help="Korte naam van de auteur, bv. jdevries.")
@click.option("--name", metavar="NAAM", help="Volledige naam van de auteur.")
@click.option("--role", metavar="ROL", help="Rol, bv. wijkmanager of wijkagent.")
@click.option("--site", metavar="NAAM", help="Korte naam van de wijksite, bv. oosterpark.")
@click.option("--title", metavar="TITEL", help="Titel van de wijksite.")
@click.option("--base-url", metavar="URL", help="Adres waar de site komt te staan (https://…/).")
@click.option("--mastodon", metavar="ACCOUNT",
              help="Mastodon-account van het werk, bv. @wijk@social.example.")
@click.option("--x", "twitter", metavar="ACCOUNT", help="X-account van het werk, bv. @wijk.")
@click.option("--office-hours", metavar="TIJDEN",
              help="Kantoortijden, bv. 'ma-vr 08:30-17:00' of 'ma-do 08:30-17:00; vr 08:30-12:30'.")
@click.option("--signature", metavar="TEKST", help="Ondertekening onder berichten, bv. ^JdV.")
@click.option("--yes", "-y", is_flag=True, help="Geen vragen: neem vlaggen en standaardwaarden.")
def init_command(directory: str, author_key: str | None, name: str | None, role: str | None,
                 site: str | None, title: str | None, base_url: str | None,
                 mastodon: str | None, twitter: str | None, office_hours: str | None,
                 signature: str | None, yes: bool) -> None:
    """Maak een nieuw wijkpost-project met een configuratie en één wijksite."""
    from pathlib import Path

    from wijkpost.errors import InputError
    from wijkpost.i18n import language, t
    from wijkpost.scaffold import CHECKS, Answers, create_project, refuse_existing

    project = Path(directory)
    refuse_existing(project)  # before the first question, not after the last
    if name is not None and not name.strip():
        raise click.BadParameter(t("init.required"), param_hint="'--name'")

    def check(field: str, value: str, flag: str | None = None) -> str:
        try:
            CHECKS[field](value)
        except InputError as exc:
            raise click.BadParameter(str(exc), param_hint=flag and f"'{flag}'") from None
        return value

    given = {"--base-url": ("base_url", base_url), "--mastodon": ("mastodon", mastodon),
             "--x": ("twitter", twitter), "--office-hours": ("office_hours", office_hours)}
    for flag, (field, value) in given.items():  # a wrong flag is refused before any question
        if value:
            check(field, value, flag)

    def ask(value: str | None, question: str, default: str | None,
            field: str | None = None) -> str | None:
        if value is not None or yes:
            return value if value is not None else default

        # A wrong answer is said and asked again, instead of ending init after the last
        # question with an error about a file that was never written.
        answer: str = click.prompt(question, default=default or "", show_default=bool(default),
                                   value_proc=lambda a: check(field, a) if a and field else a)
        return answer.strip() or None

    if name is None and not yes:  # a person's own name has no sensible default: ask until given
        name = click.prompt(t("init.q.name"), value_proc=_required).strip()
    name = ask(name, t("init.q.name"), "Wijkmanager")
    role = ask(role, t("init.q.role"), "wijkmanager")
    author_key = ask(author_key, t("init.q.author"), _slug((name or "auteur").split()[0]))
    title = ask(title, t("init.q.title"), "Mijn wijk")
    site = ask(site, t("init.q.site"), _slug(title or "wijk"))
    base_url = ask(base_url, t("init.q.base_url"), f"https://{_slug(site or 'wijk')}.example/",
                   "base_url")
    mastodon = ask(mastodon, t("init.q.mastodon"), None, "mastodon")
    twitter = ask(twitter, t("init.q.x"), None, "twitter")
    hours = "mon-fri 08:30-17:00" if language() == "en" else "ma-vr 08:30-17:00"
    office_hours = ask(office_hours, t("init.q.hours"), hours, "office_hours")
    signature = ask(signature, t("init.q.signature"), None)
    answers = Answers(author=_slug(author_key or "auteur"), name=name or "Auteur",
                      role=role or "", site=_slug(site or "wijk"), title=title or "Mijn wijk",
                      base_url=base_url or "https://example.org/", mastodon=mastodon,
                      twitter=twitter, office_hours=office_hours, signature=signature)
    for path in create_project(project, answers):
        click.echo(t("init.created", path=path))
    click.echo(t("init.next"))
