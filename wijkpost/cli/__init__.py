"""The command line: thin adapters that parse, call the core, and render.

Subcommands are imported only when they run (--help lists them from SUMMARIES), and they import
the core lazily, so `wijkpost --help` loads click and little else. Errors of the core become a
message and an exit code in one place, :func:`main`; a traceback only with ``--debug``.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from wijkpost import __version__
from wijkpost.cli import clicktext

clicktext.install()  # before the decorators below ask click for its texts

# command name -> "module:attribute" under wijkpost.cli
COMMANDS = {
    "init": "init:init_command",
    "check": "check:check_command",
    "draft": "draft:draft_group",
    "publish": "publish:publish_command",
    "status": "publish:status_command",
    "site": "site:site_group",
    "account": "account:account_group",
    "collect": "digest:collect_command",
    "digest": "digest:digest_group",
    "report": "digest:report_command",
    "purge": "digest:purge_command",
}

# What `wijkpost --help` lists for each command: the command's own short help, kept here so
# that listing them does not import every command's module, which was a third of the time
# `--help` adds to click (the English text is the one wijkpost.cli.english gives it). A test
# checks this against what the commands themselves say.
SUMMARIES = {
    "init": "Maak een nieuw wijkpost-project.",
    "check": "Controleer wijkpost.yaml en toon een overzicht.",
    "draft": "Concepten: schrijven, bekijken, bewerken, verwijderen.",
    "publish": "Publiceer een concept naar zijn doelen.",
    "status": "Toon per doel en deel wat er met een concept gebeurd is.",
    "site": "De wijksite: bouwen en lokaal bekijken.",
    "account": "Accounts: inloggen, overzicht, controleren, uitloggen.",
    "collect": "Haal reacties, vermeldingen en wijknieuws op.",
    "digest": "Nieuwe reacties en tips per onderwerp, gemaskeerd.",
    "report": "Maandrapport: aantallen, afhandeling, reactietijd.",
    "purge": "Verwijder items ouder dan privacy.retention_days.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from wijkpost.i18n import language

        summaries = SUMMARIES
        if language() == "en":  # (loaded for English anyway, by clicktext.localize)
            from wijkpost.cli.english import ENGLISH

            summaries = {name: ENGLISH[text] for name, text in SUMMARIES.items()}
        with formatter.section(clicktext.gettext("Commands")):
            formatter.write_dl([(name, summaries[name]) for name in COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name].split(":")
        command: click.Command = getattr(importlib.import_module(f"wijkpost.cli.{module}"), attr)
        return clicktext.localize(command)


class State:
    """What every command may need; the configuration is loaded only when asked for."""

    def __init__(self, config_path: str | None, author: str | None, debug: bool) -> None:
        self.config_path = config_path
        self.author = author
        self.debug = debug
        self._config: Any = None

    @property
    def config(self) -> Any:
        if self._config is None:
            from wijkpost.config import load_config

            self._config = load_config(self.config_path)
        return self._config


def _set_language(ctx: click.Context, param: click.Parameter, lang: str | None) -> None:
    """--lang: at once (it is eager), so that a --help after it is in that language too."""
    from wijkpost.i18n import set_language

    set_language(lang)
    clicktext.localize(ctx.command)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="wijkpost")
@click.option("--config", "config_path", metavar="PAD", envvar="WIJKPOST_CONFIG",
              help="wijkpost.yaml (standaard: gezocht vanaf de huidige map omhoog).")
@click.option("--author", metavar="AUTEUR", envvar="WIJKPOST_AUTHOR",
              help="Namens wie (standaard: de enige of de standaardauteur).")
# (no envvar= here: WIJKPOST_LANG is read by wijkpost.i18n, which takes "en_GB.UTF-8" as English
# and anything it does not know as Dutch, instead of failing every command over it)
@click.option("--lang", type=click.Choice(["nl", "en"]),
              is_eager=True, expose_value=False, callback=_set_language,
              help="Taal van de meldingen (standaard nl).")
@click.option("--debug", is_flag=True, help="Toon een volledige traceback bij fouten.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, author: str | None, debug: bool) -> None:
    """wijkpost: schrijf een wijkbericht één keer en publiceer het op Mastodon, X en de wijksite.

    Begin met 'wijkpost init' of werk in een map met een wijkpost.yaml.
    """
    ctx.obj = State(config_path, author, debug)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn errors into a message and an exit status."""
    from wijkpost.errors import ExitStatus, WijkpostError
    from wijkpost.i18n import set_language

    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    set_language(None)  # the environment's choice, until --lang says otherwise
    clicktext.localize(cli)
    try:
        code = cli.main(args=argv, prog_name="wijkpost", standalone_mode=False)
    except WijkpostError as exc:
        if debug:
            raise
        from wijkpost.printable import printable

        click.echo(printable(f"wijkpost: {exc}"), err=True)  # it may quote a file or a server
        sys.exit(int(exc.exit_status))
    except click.exceptions.Abort as exc:
        from wijkpost.i18n import t

        # Ctrl-C or the end of the input. Click has closed the line when a command was stopped,
        # not when a question was waiting for its answer.
        stopped = isinstance(exc.__cause__, (EOFError, KeyboardInterrupt))
        click.echo(("" if stopped else "\n") + t("main.aborted"), err=True)
        sys.exit(int(ExitStatus.INTERRUPTED))
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(int(ExitStatus.INTERRUPTED))
    except BrokenPipeError:
        # `wijkpost draft list | head`: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(int(ExitStatus.ERROR))
    except Exception:  # the last resort must catch everything
        if debug:
            raise
        # An unexpected bug: say so briefly; the full traceback only with --debug, because it
        # could quote a draft or a resident's text.
        from wijkpost.i18n import t

        kind = sys.exc_info()[0]
        click.echo(t("main.internal_error", kind=kind.__name__ if kind else "?"), err=True)
        sys.exit(int(ExitStatus.ERROR))
    # With standalone_mode=False click returns the code a command passed to ctx.exit().
    sys.exit(code if isinstance(code, int) else 0)
