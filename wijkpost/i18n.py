"""User-facing text: Dutch first, English available.

Messages are looked up by key; each key has a Dutch and an English text. The language comes from
``--lang``, else ``WIJKPOST_LANG``, else Dutch. Keeping both texts side by side in one table makes a
missing translation visible in review, and a test checks every key has both.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

LANGUAGES = ("nl", "en")
_current: str | None = None


def set_language(lang: str | None) -> None:
    global _current
    _current = lang if lang in LANGUAGES else None


def language() -> str:
    if _current:
        return _current
    env = os.environ.get("WIJKPOST_LANG", "").lower()[:2]
    return env if env in LANGUAGES else "nl"


def did_you_mean(word: str, candidates: Iterable[str], *, cutoff: float = 0.6,
                 otherwise: str = "") -> str:
    """The " did you mean …?" hint for a mistyped name, else ``otherwise``."""
    import difflib  # only when there is a typo to suggest a fix for

    guess = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return t("config.did_you_mean", guess=guess[0]) if guess else otherwise


def parts(n: int) -> str:
    """"1 deel", "3 delen": the number of posts in a thread, in words."""
    return t("parts.one") if n == 1 else t("parts.many", n=n)


def number(n: int) -> str:
    """A whole number as each language groups it: "100.000" in Dutch, "100,000" in English."""
    grouped = f"{n:,}"
    return grouped if language() == "en" else grouped.replace(",", ".")


def megabytes(size: float, decimals: int = 1) -> str:
    """Bytes as megabytes with the decimal sign of the language: "6,0" in Dutch, "6.0" in English."""
    text = f"{size / 1048576:.{decimals}f}"
    return text if language() == "en" else text.replace(".", ",")


def t(key: str, /, **kwargs: Any) -> str:
    texts = MESSAGES[key]
    text = texts[1] if language() == "en" else texts[0]
    return text.format(**kwargs) if kwargs else text


class Said:
    """A message kept to be said later, in the language of whoever reads it then: the publish
    journal stores a refusal as its key and values, so `status --lang en` shows English what a
    Dutch run wrote down. Shown now, it is the text in the current language."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key, self.params = key, params

    def __str__(self) -> str:
        return t(self.key, **self.params)


def keep(messages: list[Said]) -> str:
    """Messages as the journal keeps them (JSON: a list of [key, values])."""
    import json

    return json.dumps([[m.key, m.params] for m in messages], ensure_ascii=False)


def kept(stored: str) -> str:
    """A message the journal kept, in the current language; text of older rows as it is."""
    if not stored.startswith("[["):
        return stored
    import json

    try:
        return "; ".join(t(key, **params) for key, params in json.loads(stored))
    except (ValueError, KeyError, TypeError):  # not one of ours after all
        return stored


MESSAGES: dict[str, tuple[str, str]] = {
    # configuration
    "config.not_found": (
        "geen wijkpost.yaml gevonden in {cwd} of een map daarboven; maak er een met 'wijkpost init'",
        "no wijkpost.yaml found in {cwd} or a parent directory; create one with 'wijkpost init'",
    ),
    "config.missing_file": ("bestand bestaat niet: {path}", "file does not exist: {path}"),
    "config.output_holds_site": (
        "output '{output}' zou de site tussen haar eigen bronnen ({directory}) zetten; kies een "
        "aparte map, zoals de standaard {directory}/public",
        "output '{output}' would put the site among its own sources ({directory}); choose a "
        "folder of its own, such as the default {directory}/public"),
    "config.range": ("verwacht meer dan 0 en hoogstens {most}, kreeg {got}",
                     "expected more than 0 and at most {most}, got {got}"),
    "config.yaml": ("geen geldige YAML: {problem}", "not valid YAML: {problem}"),
    "config.unknown_key": ("onbekende sleutel '{key}'", "unknown key '{key}'"),
    "config.did_you_mean": ("; bedoelde u '{guess}'?", "; did you mean '{guess}'?"),
    "config.allowed": ("; toegestaan: {names}", "; allowed: {names}"),
    "config.missing_key": ("verplichte sleutel '{key}' ontbreekt", "required key '{key}' is missing"),
    "config.type": ("verwacht {expected}, kreeg {got}", "expected {expected}, got {got}"),
    "config.choice": ("'{value}' is geen geldige keuze; kies uit {choices}",
                      "'{value}' is not a valid choice; choose from {choices}"),
    "config.unknown_ref": ("{kind} '{name}' bestaat niet{hint}", "{kind} '{name}' does not exist{hint}"),
    "config.account_twice": (
        "account '{account}' hoort al bij profiel {owner}; een account hoort bij precies één profiel",
        "account '{account}' already belongs to profile {owner}; an account belongs to exactly one profile",
    ),
    "config.personal_site": (
        "persoonlijk profiel '{profile}' mag niet naar een site publiceren ({site})",
        "personal profile '{profile}' may not publish to a site ({site})",
    ),
    "config.personal_hours": (
        "kantoortijden horen bij een werkprofiel, niet bij persoonlijk profiel '{profile}'",
        "office hours belong to a work profile, not to personal profile '{profile}'",
    ),
    "config.target_not_in_profile": (
        "standaarddoel '{target}' hoort niet bij dit profiel (accounts en sites van het profiel: {own})",
        "default target '{target}' is not one of this profile's accounts or sites ({own})",
    ),
    "config.office_hours": (
        "ongeldige kantoortijden '{value}': {why}; voorbeeld: 'ma-vr 08:30-17:00'",
        "invalid office hours '{value}': {why}; example: 'mon-fri 08:30-17:00'",
    ),
    "config.secret": (
        "dit lijkt op een geheim; geheimen horen niet in wijkpost.yaml maar in de sleutelhanger "
        "('wijkpost account login')",
        "this looks like a secret; secrets do not belong in wijkpost.yaml but in the keyring "
        "('wijkpost account login')",
    ),
    "config.language": ("'{value}' is geen taalcode zoals nl, en of fy-NL",
                        "'{value}' is not a language code such as nl, en or fy-NL"),
    "config.url": ("'{value}' is geen http(s)-URL", "'{value}' is not an http(s) URL"),
    "config.timezone": ("onbekende tijdzone '{value}'", "unknown time zone '{value}'"),
    "config.name": (
        "naam '{name}' mag alleen kleine letters, cijfers, '-' en '_' bevatten",
        "name '{name}' may contain only lower-case letters, digits, '-' and '_'",
    ),
    "config.version": (
        "configuratieversie {version} is nieuwer dan deze wijkpost ondersteunt (tot {supported}); "
        "werk wijkpost bij",
        "configuration version {version} is newer than this wijkpost supports (up to {supported}); "
        "upgrade wijkpost",
    ),
    "config.no_authors": ("er is geen auteur geconfigureerd", "no author is configured"),
    "config.two_defaults": ("meer dan één auteur heeft 'default: true'",
                            "more than one author has 'default: true'"),
    "config.unknown_author": ("auteur '{name}' bestaat niet; bekend: {known}",
                              "author '{name}' does not exist; known: {known}"),
    "config.choose_author": (
        "er zijn meerdere auteurs ({known}); kies met --author of WIJKPOST_AUTHOR, of zet 'default: true'",
        "there are several authors ({known}); choose with --author or WIJKPOST_AUTHOR, or set 'default: true'",
    ),
    "config.unknown_profile": ("{author} heeft geen profiel '{name}'; bekend: {known}",
                               "{author} has no profile '{name}'; known: {known}"),
    "config.choose_profile": (
        "{author} heeft meerdere profielen ({known}); kies er een met --as",
        "{author} has several profiles ({known}); choose one with --as",
    ),
    "config.summary": (
        "{path}: in orde. {authors} auteur(s), {profiles} profiel(en), {accounts} account(s), {sites} site(s).",
        "{path}: OK. {authors} author(s), {profiles} profile(s), {accounts} account(s), {sites} site(s).",
    ),
    "check.hours": ("kantoortijden", "office hours"),
    # drafts
    "draft.empty": ("het concept is leeg", "the draft is empty"),
    "draft.too_long": ("het concept is te lang: meer dan {limit} tekens",
                       "the draft is too long: more than {limit} characters"),
    "draft.title_too_long": ("de titel is te lang: {length} tekens, hoogstens {limit}",
                             "the title is too long: {length} characters, at most {limit}"),
    "draft.source": ("concept {id}", "draft {id}"),
    "draft.not_found": ("concept {id} bestaat niet (zie 'wijkpost draft list')",
                        "draft {id} does not exist (see 'wijkpost draft list')"),
    "draft.other_project": (
        "concept {id} hoort bij het project in {project}; werk daar, of geef --config {config}",
        "draft {id} belongs to the project in {project}; work there, or pass --config {config}"),
    "draft.project_gone": (
        "concept {id} hoort bij het project in {project}, en daar staat geen wijkpost.yaml meer "
        "(verplaatst?); neem het hier over met 'wijkpost draft adopt {id}', of verwijder het",
        "draft {id} belongs to the project in {project}, which has no wijkpost.yaml any more "
        "(moved?); take it over here with 'wijkpost draft adopt {id}', or delete it"),
    "draft.orphan": (
        "let op: concept {ids} hoort bij een project dat er niet meer is (verplaatst?); "
        "neem het over met 'wijkpost draft adopt {ids}' of verwijder het",
        "note: draft {ids} belongs to a project that is gone (moved?); "
        "take it over with 'wijkpost draft adopt {ids}' or delete it"),
    "draft.orphans": (
        "let op: de concepten {ids} horen bij een project dat er niet meer is (verplaatst?); "
        "neem ze over met 'wijkpost draft adopt NR' of verwijder ze",
        "note: drafts {ids} belong to a project that is gone (moved?); "
        "take them over with 'wijkpost draft adopt ID' or delete them"),
    "draft.adopt_no_hat": (
        "concept {id} is geschreven onder hoed {profile}, en die hoed bestaat niet in dit project; "
        "verwijder het met 'wijkpost draft delete {id}'",
        "draft {id} was written under hat {profile}, which does not exist in this project; "
        "delete it with 'wijkpost draft delete {id}'"),
    "draft.adopted": ("Concept {id} hoort nu bij dit project ({project}).",
                      "Draft {id} now belongs to this project ({project})."),
    "draft.locked": ("concept {id} is {status} en kan niet meer veranderen",
                     "draft {id} is {status} and can no longer be changed"),
    "draft.locked_partly": (
        "concept {id} is al (deels) verstuurd en kan niet meer veranderen; maak het af met 'wijkpost publish {id}', zo nodig met --skip DOEL",
        "draft {id} has (partly) gone out and can no longer be changed; finish it with 'wijkpost publish {id}', with --skip TARGET if need be",
    ),
    "draft.created": ("Concept {id} opgeslagen: {name}, hoed {profile} → {targets}",
                      "Draft {id} saved: {name}, hat {profile} → {targets}"),
    "draft.none": ("Geen concepten.", "No drafts."),
    "draft.deleted": ("Concept {id} verwijderd.", "Draft {id} deleted."),
    "draft.delete.confirm": ("Concept {id} ({text}) verwijderen?", "Delete draft {id} ({text})?"),
    "draft.delete.kept": ("Niets verwijderd.", "Nothing deleted."),
    "confirm.choices": ("j/N", "y/N"),
    "draft.delete.confirm_needed": ("verwijderen zonder terminal vraagt om --yes",
                                    "deleting without a terminal needs --yes"),
    "draft.edit.resume": ("Verder met je vorige, afgekeurde bewerking ({path}).",
                          "Continuing from your previous, rejected edit ({path})."),
    "draft.edit.kept": ("Je bewerking is bewaard in {path}; 'wijkpost draft edit {id}' gaat daar verder.",
                        "Your edit is kept in {path}; 'wijkpost draft edit {id}' continues from it."),
    "draft.new.kept": ("Je tekst is bewaard in {path}; 'wijkpost draft new' gaat daar verder.",
                       "Your text is kept in {path}; 'wijkpost draft new' continues from it."),
    "draft.edit.saved": ("Concept {id} bijgewerkt: {name}, hoed {profile} → {targets}",
                         "Draft {id} updated: {name}, hat {profile} → {targets}"),
    "draft.edit.unchanged": ("Niets veranderd.", "Nothing changed."),
    "draft.template_hint": ("<!-- Schrijf hieronder je bericht in Markdown. -->",
                            "<!-- Write your message below in Markdown. -->"),
    "draft.show.head": ("Concept {id} ({status})", "Draft {id} ({status})"),
    "draft.show.reply_to": ("Antwoord op {url}", "In reply to {url}"),
    "draft.warning": ("let op: {problem}", "note: {problem}"),
    "draft.show.site": ("{target} (site): '{title}', {length} tekens Markdown, onderwerpen: {tags}",
                        "{target} (site): '{title}', {length} characters of Markdown, topics: {tags}"),
    "draft.show.social": ("{target} ({network}): {parts}, {strategy}",
                          "{target} ({network}): {parts}, {strategy}"),
    "parts.one": ("1 deel", "1 part"),
    "parts.many": ("{n} delen", "{n} parts"),
    "draft.show.image": ("    afbeelding {path}, alt: {alt}", "    image {path}, alt: {alt}"),
    "draft.show.no_login": ("  nog niet ingelogd: publish weigert tot 'wijkpost account login {account}'",
                            "  not logged in yet: publish refuses until 'wijkpost account login {account}'"),
    "draft.show.no_alt": ("(geen)", "(none)"),
    "draft.raw_html": ("let op: de HTML in deze tekst wordt weggelaten, op de site én op Mastodon en X; schrijf \\<wijkcentrum> om <wijkcentrum> letterlijk te tonen",
                       "note: the HTML in this text is left out, on the site and on Mastodon and X alike; write \\<centre> to show <centre> literally"),
    "draft.tag_no_word": ("onderwerp '{tag}' heeft geen letter of cijfer",
                          "topic '{tag}' has no letter or digit"),
    "draft.goes_out": ("Gaat uit op {when}, met 'wijkpost publish --due'.",
                       "Goes out at {when}, with 'wijkpost publish --due'."),
    "draft.goes_out_hours": ("Gaat uit op {when}, de eerste kantoortijd na {at}, met 'wijkpost publish --due'.",
                             "Goes out at {when}, the first office hour after {at}, with 'wijkpost publish --due'."),
    "draft.goes_out_opening": ("Gaat uit op {when}, de eerste kantoortijd, met 'wijkpost publish --due'.",
                               "Goes out at {when}, the first office hour, with 'wijkpost publish --due'."),
    "draft.when_now": ("nu", "now"),
    "draft.goes_out_now": ("Is aan de beurt: gaat uit met de eerstvolgende 'wijkpost publish --due'.",
                           "Is due: goes out with the next 'wijkpost publish --due'."),
    "draft.at_past": ("let op: {when} is al voorbij (een tikfout in het jaar?)",
                      "note: {when} has passed (a typo in the year?)"),
    "draft.strategy.fits": ("past", "fits"),
    "draft.strategy.thread": ("als draad", "as a thread"),
    "draft.strategy.link": ("ingekort met link naar de site", "shortened with a link to the site"),
    "draft.status.draft": ("concept", "draft"),
    "draft.status.queued": ("wacht", "queued"),
    "draft.status.publishing": ("bezig", "publishing"),
    "draft.status.published": ("gepubliceerd", "published"),
    "draft.col.id": ("nr", "id"),
    "draft.col.status": ("status", "status"),
    "draft.col.hat": ("hoed", "hat"),
    "draft.col.to": ("naar", "to"),
    "draft.col.when": ("wanneer", "when"),
    "draft.col.text": ("tekst", "text"),
    "draftfile.no_front_matter": ("het bestand moet beginnen met voorwerk tussen '---'-regels",
                                  "the file must start with front matter between '---' lines"),
    "draftfile.image": ("elke afbeelding heeft een 'path' en een 'alt'",
                        "every image needs a 'path' and an 'alt'"),
    "draftfile.no_editor": ("editor '{editor}' niet gevonden; zet $EDITOR",
                            "editor '{editor}' not found; set $EDITOR"),
    "draftfile.editor_failed": ("editor '{editor}' stopte met code {code}; niets opgeslagen",
                                "editor '{editor}' exited with code {code}; nothing saved"),
    "main.internal_error": ("wijkpost: interne fout ({kind}); draai opnieuw met --debug voor details",
                            "wijkpost: internal error ({kind}); run again with --debug for details"),
    "main.aborted": ("wijkpost: afgebroken", "wijkpost: aborted"),
    # init
    "init.exists": ("{path} bestaat al; wijkpost init overschrijft niets",
                    "{path} already exists; wijkpost init overwrites nothing"),
    "init.mastodon_handle": ("'{value}' is geen Mastodon-account; gebruik @naam@server",
                             "'{value}' is not a Mastodon account; use @name@server"),
    "init.x_handle": ("'{value}' is geen X-account; gebruik @naam (letters, cijfers, _; hoogstens 15)",
                      "'{value}' is not an X account; use @name (letters, digits, _; at most 15)"),
    "init.created": ("gemaakt: {path}", "created: {path}"),
    "init.next": ("Klaar. Volgende stap: wijkpost check, dan wijkpost draft new \"…\" --to <site>",
                  "Done. Next: wijkpost check, then wijkpost draft new \"…\" --to <site>"),
    "init.required": ("dit is nodig", "this is needed"),
    "init.q.name": ("Je naam", "Your name"),
    "init.q.role": ("Je rol (wijkmanager, wijkagent, …)", "Your role (wijkmanager, wijkagent, …)"),
    "init.q.author": ("Korte naam voor jezelf", "Short name for yourself"),
    "init.q.title": ("Titel van de wijksite", "Title of the neighbourhood site"),
    "init.q.site": ("Korte naam van de site", "Short name of the site"),
    "init.q.base_url": ("Adres van de site", "Address of the site"),
    "init.q.mastodon": ("Mastodon-account voor het werk (@naam@server, leeg: geen)",
                        "Work Mastodon account (@name@server, empty: none)"),
    "init.q.x": ("X-account voor het werk (@naam, leeg: geen)", "Work X account (@name, empty: none)"),
    "init.q.hours": ("Kantoortijden (meer dagen: 'ma-do 08:30-17:00; vr 08:30-12:30')",
                     "Office hours (more days: 'mon-thu 08:30-17:00; fri 08:30-12:30')"),
    "init.q.signature": ("Ondertekening (bv. ^JdV, leeg: geen)", "Signature (e.g. ^JdV, empty: none)"),
    # channels and publishing
    "channel.login_again": ("{account}: de inlog is niet (meer) geldig; log opnieuw in: wijkpost account login {account}",
                            "{account}: the login is no longer valid; log in again: wijkpost account login {account}"),
    "channel.rate_limited": ("{account}: de dienst vraagt even te wachten (rate limit)",
                             "{account}: the service asks to wait (rate limit)"),
    "channel.network": ("{account}: geen (volledig) antwoord van de dienst (netwerk of time-out)",
                        "{account}: no (complete) answer from the service (network or time-out)"),
    "channel.server": ("{account}: storing bij de dienst (HTTP {status})", "{account}: the service has a fault (HTTP {status})"),
    "channel.refused": ("{account}: geweigerd door de dienst (HTTP {status}): {reason}",
                        "{account}: refused by the service (HTTP {status}): {reason}"),
    "channel.duplicate": ("{account}: X meldt dat deze tekst al geplaatst is", "{account}: X says this text was already posted"),
    "channel.duplicate_other": (
        "{account}: X weigert deze tekst, want die staat al op het account (X plaatst dezelfde tekst niet twee keer)",
        "{account}: X refuses this text because it is already on the account (X does not post the same text twice)",
    ),
    "publish.retry_after": ("probeer het na {when} opnieuw: wijkpost publish {id}", "try again after {when}: wijkpost publish {id}"),
    "publish.interrupted": ("afgebroken terwijl er verstuurd werd: wat al uit is, staat in het journaal; '{command}' maakt de rest af",
                            "interrupted while sending: what went out is in the journal; '{command}' finishes the rest"),
    "publish.busy": ("concept {id} wordt op dit moment door een ander wijkpost-proces verstuurd; probeer het zo opnieuw",
                     "draft {id} is being sent by another wijkpost process right now; try again in a moment"),
    "publish.skip_unknown": ("'{target}' is geen doel van concept {id}; doelen: {known}",
                             "'{target}' is not a target of draft {id}; targets: {known}"),
    "publish.skip_nothing": ("bij '{target}' staat van concept {id} niets open om over te slaan",
                             "draft {id} has nothing left to skip on '{target}'"),
    "publish.skip_not_begun": ("concept {id} is nog niet begonnen: haal een doel weg met 'wijkpost draft edit {id}'",
                               "draft {id} has not begun going out: take a target away with 'wijkpost draft edit {id}'"),
    "publish.skip_everything": ("van concept {id} is nergens iets uitgegaan: zonder deze doelen blijft er niets over; pas het aan of verwijder het",
                                "nothing of draft {id} went out anywhere: without these targets nothing is left; change it or delete it"),
    "publish.image_missing": (
        "afbeelding {path} van concept {id} ontbreekt; zet het bestand terug (of haal de afbeelding weg met 'wijkpost draft edit {id}' als er nog niets van uit is)",
        "image {path} of draft {id} is missing; put the file back (or take the image out with 'wijkpost draft edit {id}' if none of it has gone out)",
    ),
    "site.draft_image_missing": ("{path}: afbeelding van het concept ontbreekt", "{path}: the draft's image is missing"),
    "publish.would_skip": ("zou overgeslagen worden (--skip)", "would be skipped (--skip)"),
    "publish.would_retry": ("zou opnieuw proberen (eerder geweigerd: {reason})", "would try again (refused before: {reason})"),
    "publish.refused": (
        "Concept {id} is niet overal geplaatst: {targets} weigerde. Draai 'wijkpost publish {id}' opnieuw als de oorzaak weg is, of sla het doel over: 'wijkpost publish {id} --skip {first}'.",
        "Draft {id} has not gone out everywhere: {targets} refused it. Run 'wijkpost publish {id}' again once the cause is gone, or skip the target: 'wijkpost publish {id} --skip {first}'.",
    ),
    "publish.refused_editable": (
        "Er is nog niets van uitgegaan: je kunt het concept ook aanpassen ('wijkpost draft edit {id}') of verwijderen.",
        "None of it has gone out yet: you can also change the draft ('wijkpost draft edit {id}') or delete it.",
    ),
    "account.unknown": ("account '{name}' bestaat niet; bekend: {known}", "account '{name}' does not exist; known: {known}"),
    "account.wrong_account": (
        "geweigerd: deze inlog hoort bij '{actual}', maar {account} is geconfigureerd als {configured}; verkeerde hoed? (--force als het toch klopt)",
        "refused: this login belongs to '{actual}', but {account} is configured as {configured}; wrong hat? (--force if it is right after all)",
    ),
    "account.wrong_env": (
        "geweigerd: de inloggegevens in {prefix}… horen bij '{actual}', maar {account} is geconfigureerd als {configured}; verkeerde hoed? Er is niets verstuurd.",
        "refused: the credentials in {prefix}… belong to '{actual}', but {account} is configured as {configured}; wrong hat? Nothing was sent.",
    ),
    "account.env_not_accepted": (
        "{account}: de dienst accepteert de inloggegevens in {prefix}… niet (die gaan voor op een login); zet ze goed of haal ze weg",
        "{account}: the service does not accept the credentials in {prefix}… (they come before a login); correct them or remove them",
    ),
    "account.wrong_env_check": (
        "de inloggegevens in {prefix}… horen bij '{actual}', maar {account} is geconfigureerd als {configured}; verkeerde hoed? Zet de juiste in die variabelen",
        "the credentials in {prefix}… belong to '{actual}', but {account} is configured as {configured}; wrong hat? Put the right ones in those variables",
    ),
    "account.wrong_account_check": (
        "deze inlog hoort bij '{actual}', maar {account} is geconfigureerd als {configured}; verkeerde hoed? Log in met het juiste account: wijkpost account login {account}",
        "this login belongs to '{actual}', but {account} is configured as {configured}; wrong hat? Log in with the right account: wijkpost account login {account}",
    ),
    "account.code_refused": (
        "{account}: de server accepteerde de code niet (verlopen of verkeerd overgenomen?); begin opnieuw: wijkpost account login {account}",
        "{account}: the server did not accept the code (expired or mistyped?); start again: wijkpost account login {account}",
    ),
    "account.not_accepted": (
        "{account}: de dienst accepteert deze inloggegevens niet; kijk ze na, of log in via de browser (zonder ze mee te geven)",
        "{account}: the service does not accept these credentials; check them, or log in through the browser (without giving them)",
    ),
    "account.env_first": (
        "let op: {prefix}… is gezet en gaat voor; wat hier bewaard wordt, geldt pas als die variabelen weg zijn",
        "note: {prefix}… is set and comes first; what is kept here only counts once those variables are gone",
    ),
    "account.env_stays": (
        "let op: {prefix}… is gezet: zolang die variabelen er zijn, is {account} nog ingelogd",
        "note: {prefix}… is set: as long as those variables exist, {account} is still logged in",
    ),
    "account.flag_network": ("{flags} geldt niet voor een {network}-account", "{flags} does not apply to a {network} account"),
    "account.pair": ("geef --access-token en --access-secret samen (of geen van beide voor de pincode-stap)",
                     "give --access-token and --access-secret together (or neither, for the PIN step)"),
    "account.ask_token": ("Toegangstoken (wordt niet getoond)", "Access token (not shown)"),
    "account.ask_access_token": ("Toegangstoken (access token) van je X-account", "Access token of your X account"),
    "account.ask_access_secret": ("Toegangsgeheim (access token secret) van je X-account",
                                  "Access token secret of your X account"),
    "account.ok": ("ingelogd als {handle}", "logged in as {handle}"),
    "account.login_as": ("Inloggen voor {account} ({handle}), hoed {hat}", "Logging in for {account} ({handle}), hat {hat}"),
    "account.open_url": ("Open deze pagina, log in en geef toestemming:\n  {url}", "Open this page, log in and authorise:\n  {url}"),
    "account.ask_code": ("Plak de code die de pagina toont", "Paste the code the page shows"),
    "account.ask_pin": ("Typ de pincode die X toont", "Type the PIN that X shows"),
    "account.ask_consumer_key": ("API-sleutel (consumer key) van je X-app", "API key (consumer key) of your X app"),
    "account.ask_consumer_secret": ("API-geheim (consumer secret) van je X-app", "API secret (consumer secret) of your X app"),
    "account.pin_refused": ("{account}: X accepteerde de pincode niet; probeer opnieuw", "{account}: X did not accept the PIN; try again"),
    "account.app_refused": ("{account}: X weigerde de app-sleutels", "{account}: X refused the app keys"),
    "account.logged_in": ("{account} is ingelogd; gegevens bewaard in {where}.", "{account} is logged in; credentials kept in {where}."),
    "account.logged_out": ("Inloggegevens van {account} verwijderd.", "Credentials of {account} removed."),
    "account.nothing_stored": ("Er waren geen bewaarde inloggegevens voor {account}.", "There were no stored credentials for {account}."),
    "account.where.keyring": ("de sleutelhanger", "the keyring"),
    "account.where.file": ("het geheimenbestand (0600)", "the secrets file (0600)"),
    "account.where.env": ("omgevingsvariabelen", "environment variables"),
    "account.none": ("geen", "none"),
    "account.col.name": ("naam", "name"),
    "account.col.credentials": ("inlog", "login"),
    "credentials.keyring_error": (
        "de sleutelhanger gaf een fout ({reason}); ontgrendel hem, of geef de inloggegevens in omgevingsvariabelen (zie README)",
        "the keyring gave an error ({reason}); unlock it, or give the credentials in environment variables (see README)",
    ),
    "credentials.missing": (
        "geen inloggegevens voor {account}; log in met 'wijkpost account login {account}' of zet {prefix}… in de omgeving",
        "no credentials for {account}; log in with 'wijkpost account login {account}' or set {prefix}… in the environment",
    ),
    "credentials.file_warning": (
        "geen sleutelhanger gevonden op deze machine; inloggegevens staan in {path} (alleen voor jou leesbaar)",
        "no keyring found on this machine; credentials are kept in {path} (readable only by you)",
    ),
    "channel.unknown": ("onbekend netwerk '{network}'; bekend: {known}",
                        "unknown network '{network}'; known: {known}"),
    "publish.id_or_due": ("geef een concept-nummer of --due (niet allebei)",
                          "give a draft id or --due (not both)"),
    "publish.dry_head": ("Concept {id}, proef (er wordt niets verstuurd):",
                         "Draft {id}, dry run (nothing is sent):"),
    "publish.due_now": ("--due publiceert wat aan de beurt is; --now past daar niet bij",
                        "--due publishes what is due; --now does not go with it"),
    "publish.due_skip": ("--skip geldt voor één concept: wijkpost publish NR --skip DOEL",
                         "--skip is for one draft: wijkpost publish ID --skip TARGET"),
    "publish.draft_failed": ("wijkpost: concept {id} ging niet uit: {error}",
                             "wijkpost: draft {id} did not go out: {error}"),
    "publish.nothing_due": ("Niets te publiceren.", "Nothing due."),
    "publish.profile_gone": ("profiel {profile} bestaat niet meer in wijkpost.yaml",
                             "profile {profile} no longer exists in wijkpost.yaml"),
    "publish.waiting": (
        "Concept {id} wacht tot {when} (buiten kantoortijd of gepland); 'wijkpost publish --due' "
        "verstuurt het dan, of gebruik --now",
        "Draft {id} waits until {when} (outside office hours or scheduled); 'wijkpost publish --due' "
        "sends it then, or use --now",
    ),
    "publish.would_send": ("zou {parts} versturen", "would send {parts}"),
    "publish.done": ("Concept {id} is gepubliceerd.", "Draft {id} is published."),
    "publish.partial": ("Concept {id} is nog niet overal; draai 'wijkpost publish {id}' later opnieuw.",
                        "Draft {id} has not gone out everywhere yet; run 'wijkpost publish {id}' again later."),
    "publish.col.target": ("doel", "target"),
    "publish.col.network": ("netwerk", "network"),
    "publish.col.status": ("status", "status"),
    "publish.state.done": ("klaar", "done"),
    "publish.state.pending": ("later opnieuw", "retry later"),
    "publish.state.failed": ("geweigerd", "refused"),
    "publish.state.planned": ("gepland", "planned"),
    "publish.state.refused": ("geweigerd", "refused"),
    "publish.state.skipped": ("overgeslagen", "skipped"),
    "journal.state.pending": ("open", "pending"),
    "journal.state.sending": ("onbekend (wordt nagekeken)", "unknown (will be checked)"),
    "journal.state.done": ("klaar", "done"),
    "journal.state.failed": ("geweigerd", "refused"),
    "journal.state.skipped": ("overgeslagen", "skipped"),
    "journal.state.unplanned": ("nog niet begonnen", "not begun yet"),
    "status.nothing": ("Nog niets verstuurd.", "Nothing sent yet."),
    "status.col.part": ("deel", "part"),
    # site
    "site.unknown": ("site '{name}' bestaat niet; bekend: {known}",
                     "site '{name}' does not exist; known: {known}"),
    "site.built": ("{site}: {posts} berichten; {written} bestanden geschreven, {removed} verwijderd, "
                   "{unchanged} ongewijzigd ({seconds:.2f} s) → {output}",
                   "{site}: {posts} posts; {written} files written, {removed} removed, "
                   "{unchanged} unchanged ({seconds:.2f} s) → {output}"),
    "site.port_in_use": ("poort {port} is al in gebruik; kies een andere met --port (0: een "
                         "vrije poort)",
                         "port {port} is already in use; choose another with --port (0: a free "
                         "port)"),
    "site.port_refused": ("poort {port} kan niet: {why}; kies een andere met --port",
                          "port {port} cannot be used: {why}; choose another with --port"),
    "site.serving": ("Site {site} op {url} (Ctrl-C stopt)", "Site {site} at {url} (Ctrl-C stops)"),
    "hours.overlap": ("tijden overlappen", "ranges overlap"),
    "hours.never": ("geen opening in de komende week", "no opening in the coming week"),
    "hours.shape": ("verwacht dagen en tijden", "expected days and times"),
    "hours.day": ("onbekende dag in '{day}'", "unknown day in '{day}'"),
    "hours.backwards": ("'{value}' loopt achteruit", "'{value}' runs backwards"),
    "hours.range": ("'{value}' is geen UU:MM-UU:MM", "'{value}' is not HH:MM-HH:MM"),
    "config.empty": ("het bestand is leeg", "the file is empty"),
    # collect, digest, report
    "collect.label": ("ophalen", "collecting"),
    "collect.unknown_source": ("bron '{name}' bestaat niet (zie 'wijkpost collect --json')", "source '{name}' does not exist (see 'wijkpost collect --json')"),
    "collect.unavailable": ("{source}: niet beschikbaar voor dit account (de API-toegang staat het niet toe); wordt overgeslagen",
                            "{source}: not available for this account (its API access does not allow it); skipped"),
    "collect.failed": ("{source}: mislukt: {error}", "{source}: failed: {error}"),
    "collect.summary": ("{new} nieuw ({sources}); {purged} oude items verwijderd.", "{new} new ({sources}); {purged} old items deleted."),
    "digest.title": ("Digest", "Digest"),
    "digest.empty": ("Niets nieuws.", "Nothing new."),
    "digest.not_found": ("item {id} bestaat niet", "item {id} does not exist"),
    "digest.off_duty": ("buiten kantoortijd", "off duty"),
    "digest.untagged": ("zonder onderwerp", "no topic"),
    "digest.forwarded_to": ("doorgestuurd aan {to}", "forwarded to {to}"),
    "digest.note": ("Notitie: {note}", "Note: {note}"),
    "digest.event.collected": ("binnengekomen via {detail}", "collected from {detail}"),
    "digest.event.new": ("weer op nieuw gezet", "set back to new"),
    "digest.event.done": ("afgehandeld", "marked done"),
    "digest.event.forwarded": ("doorgestuurd aan {detail}", "forwarded to {detail}"),
    "digest.event.tagged": ("onderwerp {detail} gegeven", "given the topic {detail}"),
    "digest.event.revealed": ("ongemaskeerd bekeken", "shown unmasked"),
    "digest.event.answered": ("beantwoord", "answered"),
    "digest.state.new": ("nieuw", "new"),
    "digest.state.done": ("afgehandeld", "done"),
    "digest.state.forwarded": ("doorgestuurd", "forwarded"),
    "digest.generated": ("Gemaakt op {when}; {count} item(s). Persoonsgegevens zijn gemaskeerd.",
                         "Made on {when}; {count} item(s). Personal data is masked."),
    "digest.open": ("bekijk het origineel", "view the original"),
    "digest.html_needs_output": ("--format html schrijft naar een bestand: geef --output", "--format html writes a file: give --output"),
    "digest.written": ("Geschreven: {path}", "Written: {path}"),
    "digest.no_folder": ("kan {path} niet schrijven: map {folder} bestaat niet",
                         "cannot write {path}: folder {folder} does not exist"),
    "digest.tagged": ("#{id}: {tags}", "#{id}: {tags}"),
    "digest.marked_done": ("Afgehandeld: {ids}", "Done: {ids}"),
    "digest.forwarded": ("#{id} doorgestuurd aan {to}", "#{id} forwarded to {to}"),
    "digest.reply_text": ("geef de tekst van je antwoord (als argument of via stdin)", "give the text of your answer (as an argument or on stdin)"),
    "digest.reply_feed": ("op item {id} kan niet geantwoord worden (geen account of bericht om op te antwoorden)",
                          "item {id} cannot be answered (no account or post to answer)"),
    "report.month": ("'{value}' is geen maand; gebruik JJJJ-MM", "'{value}' is not a month; use YYYY-MM"),
    "report.title": ("Rapport {month}", "Report {month}"),
    "report.summary": ("{total} {items}; {done} afgehandeld ({share_done}%), {forwarded} doorgestuurd ({share_forwarded}%).",
                       "{total} {items}; {done} done ({share_done}%), {forwarded} forwarded ({share_forwarded}%)."),
    "report.item": ("item", "item"),
    "report.items": ("items", "items"),
    "report.median": ("Mediane tijd tot ons eerste antwoord: {hours} uur ({answered} beantwoord).",
                      "Median time to our first answer: {hours} hours ({answered} answered)."),
    "report.no_answers": ("Nog geen antwoorden via wijkpost deze maand.", "No answers through wijkpost this month yet."),
    "report.per_week": ("Per week en kanaal", "Per week and channel"),
    "report.per_tag": ("Per onderwerp en kanaal", "Per topic and channel"),
    "report.tag": ("onderwerp", "topic"),
    "report.week": ("week", "week"),
    "report.total": ("totaal", "total"),
    "report.chart_title": ("Items per week en kanaal, {month}", "Items per week and channel, {month}"),
    "report.chart_desc": ("{total} items in totaal. Per week: {weeks}.", "{total} items in all. Per week: {weeks}."),
    "purge.done": ("{count} item(s) ouder dan {days} dagen verwijderd.", "{count} item(s) older than {days} days deleted."),
    # feeds
    "feeds.scheme": ("feed {feed}: onbekend soort adres '{scheme}'; gebruik http(s)://, file:// of een pad", "feed {feed}: unknown kind of address '{scheme}'; use http(s)://, file:// or a path"),
    "feeds.bad_url": ("feed {feed}: geen geldig adres ({reason})", "feed {feed}: not a valid address ({reason})"),
    "feeds.timeout": ("feed {feed}: geen antwoord binnen {seconds:g} s (time-out)", "feed {feed}: no answer within {seconds:g} s (time-out)"),
    "feeds.redirects": ("feed {feed}: meer dan {limit} doorverwijzingen", "feed {feed}: more than {limit} redirects"),
    "feeds.connection": ("feed {feed}: verbinding mislukt: {reason}", "feed {feed}: connection failed: {reason}"),
    "feeds.http_status": ("feed {feed}: de server antwoordde HTTP {status} {reason}", "feed {feed}: the server answered HTTP {status} {reason}"),
    "feeds.too_big": ("feed {feed}: groter dan {limit} bytes; niet verder gelezen", "feed {feed}: larger than {limit} bytes; stopped reading"),
    "feeds.no_file": ("feed {feed}: bestand bestaat niet", "feed {feed}: file does not exist"),
    "feeds.unreadable": ("feed {feed}: bestand niet te lezen: {reason}", "feed {feed}: cannot read file: {reason}"),
    "feeds.not_a_file": ("feed {feed}: dit is geen gewoon bestand", "feed {feed}: not a regular file"),
    "feeds.empty": ("feed {feed}: leeg; geen RSS, Atom of JSON Feed", "feed {feed}: empty; no RSS, Atom or JSON Feed"),
    "feeds.html": ("feed {feed}: dit is een HTML-pagina, geen feed; klopt het adres?", "feed {feed}: this is an HTML page, not a feed; is the address right?"),
    "feeds.not_feed": ("feed {feed}: geen XML of JSON van een feed (RSS, Atom of JSON Feed)", "feed {feed}: not the XML or JSON of a feed (RSS, Atom or JSON Feed)"),
    "feeds.malformed_line": ("feed {feed}: kapotte XML op regel {line}: {reason}", "feed {feed}: malformed XML at line {line}: {reason}"),
    "feeds.malformed": ("feed {feed}: kapotte feed: {reason}", "feed {feed}: malformed feed: {reason}"),
    "feeds.json_invalid": ("feed {feed}: geen geldige JSON op regel {line}: {reason}", "feed {feed}: not valid JSON at line {line}: {reason}"),
    "feeds.json_not_feed": ("feed {feed}: JSON, maar geen JSON Feed ({reason})", "feed {feed}: JSON, but not a JSON Feed ({reason})"),
    # privacy: placeholders that replace residents' personal data (wijkpost.privacy)
    "privacy.bsn": ("[BSN]", "[BSN]"),
    "privacy.phone": ("[telefoonnummer]", "[phone number]"),
    "privacy.email": ("[e-mailadres]", "[e-mail address]"),
    "privacy.iban": ("[IBAN]", "[IBAN]"),
    "privacy.plate": ("[kenteken]", "[licence plate]"),
    "privacy.postcode": ("[adres]", "[address]"),
    # identity
    "identity.no_targets": ("profiel {profile} heeft geen standaarddoelen; kies er een met --to",
                            "profile {profile} has no default targets; choose one with --to"),
    "identity.unknown_target": ("doel '{name}' bestaat niet; bekend: {known}",
                                "target '{name}' does not exist; known: {known}"),
    "identity.personal_site": (
        "geweigerd: persoonlijk profiel {profile} publiceert nooit naar site '{site}'",
        "refused: personal profile {profile} never publishes to site '{site}'",
    ),
    "identity.wrong_hat": (
        "geweigerd: '{target}' hoort niet bij {profile} (maar bij {owner}); dit profiel mag alleen naar: {own}",
        "refused: '{target}' does not belong to {profile} (it belongs to {owner}); this profile may only reach: {own}",
    ),
    "identity.reply_url": ("'{url}' is geen adres van een Mastodon- of X-bericht", "'{url}' is not the address of a Mastodon or X post"),
    "identity.reply_no_account": ("geweigerd: hoed {profile} heeft geen {network}-account om mee te antwoorden",
                                  "refused: hat {profile} has no {network} account to answer with"),
    "identity.reply_wrong_target": ("geweigerd: '{target}' kan niet antwoorden op {url}; wel: {own}",
                                    "refused: '{target}' cannot answer {url}; these can: {own}"),
    "channel.reply_not_found": ("{account}: het bericht {url} is niet te vinden vanaf deze server",
                                "{account}: the post {url} cannot be found from this server"),
    "identity.acting": ("Als {name} ({author}), hoed {hat} → {targets}",
                        "As {name} ({author}), hat {hat} → {targets}"),
    "identity.kind.work": ("werk", "work"),
    "identity.kind.personal": ("persoonlijk", "personal"),
    # time
    "time.invalid": ("{where}: '{value}' is geen datum/tijd; gebruik bijvoorbeeld '2026-11-25 09:00'",
                     "{where}: '{value}' is not a date/time; use e.g. '2026-11-25 09:00'"),
    "time.gap": ("{where}: {value} bestaat niet in {zone}: de klok gaat dan een uur vooruit; "
                 "kies een tijd een uur later of eerder",
                 "{where}: {value} does not exist in {zone}: the clock skips that hour; "
                 "choose a time an hour later or earlier"),
    "time.age": ("'{value}' is geen duur; gebruik bijvoorbeeld 7d, 12h of 30m",
                 "'{value}' is not a duration; use e.g. 7d, 12h or 30m"),
    "digest.empty_value": ("{what} mag niet leeg zijn", "{what} may not be empty"),
    "time.age_max": ("'{value}' is te lang; hooguit honderd jaar, of gebruik --all",
                     "'{value}' is too long; a hundred years at most, or use --all"),
    # media
    "media.missing": ("afbeelding bestaat niet: {path}", "image does not exist: {path}"),
    "media.not_a_file": ("{path} is geen bestand; geef een afbeelding (PNG, JPEG, GIF of WebP)",
                         "{path} is not a file; give an image (PNG, JPEG, GIF or WebP)"),
    "media.unreadable": ("kan {path} niet lezen: {reason}", "cannot read {path}: {reason}"),
    "media.type": ("{path}: geen ondersteunde afbeelding (PNG, JPEG, GIF of WebP)",
                   "{path}: not a supported image (PNG, JPEG, GIF or WebP)"),
    "media.too_big": ("{name} is {size} MB; {target} accepteert hoogstens {limit} MB",
                      "{name} is {size} MB; {target} accepts at most {limit} MB"),
    "media.too_many": ("{target} neemt hoogstens {limit} afbeeldingen per bericht; dit concept heeft er {count}",
                       "{target} takes at most {limit} images per post; this draft has {count}"),
    "media.alt_missing": ("{name} heeft geen alt-tekst; {target} vereist die (--alt)",
                          "{name} has no alt text; {target} requires it (--alt)"),
    "media.alt_alone": ("--alt beschrijft een afbeelding: geef die met --image", "--alt describes an image: give it with --image"),
    "media.alt_pairs": ("geef bij elke --image een --alt (of een lege --alt \"\" en zet require_alt uit)",
                        "give an --alt for every --image (or an empty --alt \"\" and turn require_alt off)"),
    # site: post files and the site build
    "site.no_front_matter": (
        "het bericht begint niet met voorwerk (front matter): zet '---' op de eerste regel, dan title, date "
        "en author, en sluit af met een regel '---'",
        "the post does not start with front matter: put '---' on the first line, then title, date "
        "and author, and close with a line '---'",
    ),
    "site.unclosed": ("het voorwerk wordt niet afgesloten met een regel '---'",
                      "the front matter is not closed with a line '---'"),
    "site.not_mapping": ("het voorwerk moet sleutels met waarden bevatten (title: …, date: …)",
                         "the front matter must hold keys with values (title: …, date: …)"),
    "site.text": (
        "verwacht tekst; zet de waarde tussen aanhalingstekens als die op een getal, datum of "
        "ja/nee lijkt",
        "expected text; put the value in quotes if it looks like a number, date or yes/no",
    ),
    "site.empty": ("mag niet leeg zijn", "must not be empty"),
    "site.date": (
        "'{value}' is geen geldige datum met tijd; schrijf bijvoorbeeld 2026-11-03T09:15:00+01:00",
        "'{value}' is not a valid date and time; write for example 2026-11-03T09:15:00+01:00",
    ),
    "site.image": (
        "verwacht een lijst van afbeeldingen met src en alt, bijvoorbeeld "
        "'- src: media/2026/11/foto.jpg' met op de regel eronder 'alt: …'",
        "expected a list of images with src and alt, for example "
        "'- src: media/2026/11/photo.jpg' with 'alt: …' on the line below",
    ),
    "site.alt": (
        "afbeelding '{src}' heeft geen alt-tekst; beschrijf kort wat erop staat, voor wie de "
        "afbeelding niet kan zien",
        "image '{src}' has no alt text; describe briefly what it shows, for people who cannot "
        "see it",
    ),
    "site.file_name": (
        "een bericht hoort op posts/JJJJ/MM/DD-slug.md te staan (de slug met kleine letters, "
        "cijfers en '-')",
        "a post belongs at posts/YYYY/MM/DD-slug.md (the slug in lower-case letters, digits and "
        "'-')",
    ),
    "site.same_url": (
        "{first} en {second} krijgen hetzelfde adres /{url}; geef een van beide een andere slug",
        "{first} and {second} both map to /{url}; give one of them another slug",
    ),
    "site.updated_before": ("'{updated}' ligt vóór de datum van het bericht ({date})",
                            "'{updated}' is before the post's date ({date})"),
    "site.unknown_profile": ("auteur {author} heeft geen hoed '{name}'{hint}",
                             "author {author} has no hat '{name}'{hint}"),
    "site.personal_profile": (
        "{profile} is een persoonlijke hoed; persoonlijke berichten komen nooit op de site",
        "{profile} is a personal hat; personal posts never reach the site"),
    "site.unknown_author": ("auteur '{name}' staat niet in wijkpost.yaml{hint}",
                            "author '{name}' is not in wijkpost.yaml{hint}"),
    "site.image_missing": ("afbeelding '{src}' bestaat niet ({path})",
                           "image '{src}' does not exist ({path})"),
    "site.image_outside": ("afbeelding '{src}' moet in de map media/ van de site staan",
                           "image '{src}' must be inside the site's media/ directory"),
    "site.image_too_big": (
        "afbeelding '{src}' is {size} MB; deze site staat maximaal {limit} MB toe",
        "image '{src}' is {size} MB; this site allows at most {limit} MB",
    ),
    "site.not_utf8": ("{path}: geen UTF-8-tekst ({why})", "{path}: not UTF-8 text ({why})"),
    "site.unknown_key": ("onbekende sleutel '{name}'", "unknown key '{name}'"),
    "site.missing_key": ("verplichte sleutel '{name}' ontbreekt", "required key '{name}' is missing"),
    # composition (wijkpost/compose.py)
    "compose.too_long": (
        "tekst te lang voor {network}: {length} tekens geteld, limiet {limit}; "
        "kies --fit thread of --fit link",
        "text too long for {network}: {length} characters counted, limit {limit}; "
        "choose --fit thread or --fit link",
    ),
    "compose.no_permalink": (
        "tekst te lang voor {network} ({length} tekens geteld, limiet {limit}) en er is geen "
        "sitebericht om naar te linken; gebruik --fit thread",
        "text too long for {network} ({length} characters counted, limit {limit}) and there is "
        "no site post to link to; use --fit thread",
    ),
    "compose.link_too_long": (
        "de link naar het sitebericht met ondertekening telt al {length} tekens, limiet {limit}; "
        "gebruik --fit thread",
        "the link to the site post with the signature already counts {length} characters, "
        "limit {limit}; use --fit thread",
    ),
    "compose.unsplittable": (
        "'{token}' kan niet worden gesplitst (link, vermelding of hashtag) en past niet in één "
        "bericht: {length} tekens geteld met nummering en ondertekening, limiet {limit}",
        "'{token}' cannot be split (link, mention or hashtag) and does not fit in one post: "
        "{length} characters counted with numbering and signature, limit {limit}",
    ),
    "compose.limit_too_small": (
        "limiet {limit} is te klein voor nummering en ondertekening ({length} tekens geteld)",
        "limit {limit} is too small for numbering and signature ({length} characters counted)",
    ),
    "compose.too_many_parts": (
        "tekst te lang voor een draad op {network}: meer dan {parts} delen nodig "
        "({length} tekens geteld, limiet {limit} per deel)",
        "text too long for a thread on {network}: more than {parts} parts needed "
        "({length} characters counted, limit {limit} per part)",
    ),
}
