"""The CLI as a whole: help for every command, the README lists them, start-up stays light, and
messages exist in both languages."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import click
import pytest

from tests.conftest import REPO
from wijkpost.cli import cli
from wijkpost.i18n import MESSAGES


def all_commands() -> list[tuple[str, click.Command]]:
    found = []
    ctx = click.Context(cli)

    def walk(group: click.Group, prefix: str) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None
            found.append((f"{prefix}{name}", command))
            if isinstance(command, click.Group):
                walk(command, f"{prefix}{name} ")

    walk(cli, "")
    return found


@pytest.mark.parametrize(("name", "command"), all_commands(), ids=lambda x: str(x))
def test_every_command_has_help_and_is_in_readme(name: str, command: click.Command) -> None:
    assert command.help and command.help.strip(), f"'{name}' has no help text"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"wijkpost {name}" in readme, f"README does not mention 'wijkpost {name}'"


def test_every_message_in_both_languages() -> None:
    fields = string.Formatter()
    for key, texts in MESSAGES.items():
        assert len(texts) == 2 and all(texts), key
        names = [{f[1] for f in fields.parse(text) if f[1]} for text in texts]
        assert names[0] == names[1], f"{key}: placeholders differ between nl and en"


def test_english_on_request(wp: Any, project: Path) -> None:
    result = wp("--lang", "en", "draft", "show", "99")
    assert result.code == 2 and "does not exist" in result.err


@pytest.mark.parametrize(("value", "words"), [
    ("en_GB.UTF-8", "does not exist"), ("EN", "does not exist"),
    ("nl_BE.UTF-8", "bestaat niet"), ("de", "bestaat niet"), ("", "bestaat niet"),
])
def test_the_language_variable_never_stops_a_command(wp: Any, project: Path, value: str,
                                                     words: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # A locale-like value, or a language wijkpost does not speak, is read leniently (Dutch
    # when unknown): it used to fail every command as an invalid --lang.
    monkeypatch.setenv("WIJKPOST_LANG", value)
    result = wp("draft", "show", "99")
    assert result.code == 2 and words in result.err, result
    assert "--lang" not in result.err


def run(*args: str, cwd: Path, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wijkpost", *args], cwd=cwd, text=True,
                          capture_output=True, env={**os.environ, **(env or {})}, timeout=60,
                          check=False)


def test_subprocess_help_and_version(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for name in ("init", "check", "draft", "publish", "status", "site"):
        assert re.search(rf"^\s+{name}\s", result.stdout, re.M), name
    assert run("--version", cwd=tmp_path).stdout.startswith("wijkpost, versie")


def test_click_speaks_the_language_of_wijkpost_not_of_the_machine(tmp_path: Path) -> None:
    english_machine = {"LANG": "en_US.UTF-8", "LANGUAGE": "en", "LC_ALL": "en_US.UTF-8"}
    dutch = run("--help", cwd=tmp_path, env=english_machine).stdout
    assert dutch.startswith("Gebruik: wijkpost") and "\nOpties:\n" in dutch
    assert "\nOpdrachten:\n" in dutch and "Toon deze hulp en stop." in dutch
    assert "Usage" not in dutch and "Show this" not in dutch
    wrong = run("draft", "show", "een", cwd=tmp_path, env=english_machine)
    assert wrong.returncode == 2
    assert "Zie 'wijkpost draft show --help' voor hulp." in wrong.stderr
    assert "Fout: Ongeldige waarde voor 'NR': 'een' is geen geldig getal." in wrong.stderr
    typo = run("draft", "shw", cwd=tmp_path, env=english_machine).stderr
    assert "Fout: Onbekende opdracht 'shw'. Bedoelde u 'show'?" in typo
    # English when asked for, by flag or environment, whatever the machine is set to.
    dutch_machine = {"LANG": "nl_NL.UTF-8", "LANGUAGE": "nl"}
    flag = run("--lang", "en", "draft", "shw", cwd=tmp_path, env=dutch_machine).stderr
    assert "Error: No such command 'shw'. Did you mean 'show'?" in flag
    assert "Try 'wijkpost draft --help' for help." in flag
    env = run("--help", cwd=tmp_path, env={**dutch_machine, "WIJKPOST_LANG": "en"}).stdout
    assert env.startswith("Usage: wijkpost") and "Show this message and exit." in env


def test_help_in_english_on_request_and_dutch_again_after(wp: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    english = wp("--lang", "en", "--help").out
    assert english.startswith("Usage: wijkpost [OPTIONS] COMMAND [ARGS]...")
    assert "Drafts: write, view, edit, delete." in english
    assert "Show this message and exit." in english and "Show the version and exit." in english
    new = wp("--lang", "en", "draft", "new", "--help").out
    assert "Write a new draft. Text as an argument, on stdin, or in $EDITOR." in new
    assert "Reply to this Mastodon or X post" in new and "--image FILE" in new
    missing = wp("--lang", "en", "draft", "show")
    assert missing.code == 2 and "Error: Missing argument 'ID'." in missing.err
    monkeypatch.setenv("WIJKPOST_LANG", "en")
    assert "The digest: new replies and tips by topic" in wp("digest", "--help").out
    monkeypatch.delenv("WIJKPOST_LANG")
    # The commands are the same objects in this process: Dutch again, all of it.
    dutch = wp("draft", "new", "--help").out
    assert dutch.startswith("Gebruik: wijkpost draft new [OPTIES] [TEKST]")
    assert "Schrijf een nieuw concept." in dutch and "Toon deze hulp en stop." in dutch
    assert "--title TITEL" in dutch and "Write a new" not in dutch and "Show this" not in dutch
    assert "Fout: Ontbrekend argument 'NR'." in wp("draft", "show").err
    root = wp("--help").out
    assert "Concepten: schrijven, bekijken" in root and "Toon de versie en stop." in root


def test_every_help_text_has_its_english_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import inspect

    from wijkpost.cli.clicktext import localize
    from wijkpost.cli.english import ENGLISH, ENGLISH_METAVARS
    from wijkpost.i18n import set_language

    monkeypatch.delenv("WIJKPOST_LANG", raising=False)
    set_language(None)
    localize(cli)  # the Dutch texts, whatever ran before in this process

    texts = set()
    for _, command in [("", cli), *all_commands()]:
        for holder in (command, *command.params):
            for text in (getattr(holder, "help", None), getattr(holder, "short_help", None)):
                if text:
                    texts.add(inspect.cleandoc(text))
    missing = texts - set(ENGLISH)
    assert not missing, f"help texts without an English text in wijkpost/cli/english.py: {missing}"
    # click's help option is made when a command is first parsed, so the walk above misses it.
    unused = set(ENGLISH) - texts - {"Toon deze hulp en stop."}
    assert not unused, f"English texts for help texts that no longer exist: {unused}"
    metavars = {p.metavar for _, command in [("", cli), *all_commands()] for p in command.params
                if p.metavar}
    # Words that are the same in both languages need no entry.
    missing = metavars - set(ENGLISH_METAVARS) - {"ACCOUNT", "SITE", "TAG", "TOKEN", "URL"}
    assert not missing, f"placeholders without an English word: {missing}"
    assert not set(ENGLISH_METAVARS) - metavars, "English words for placeholders no longer used"


def click_texts() -> dict[str, set[str]]:
    """Every literal text click's modules pass to gettext, with the modules it is in."""
    import ast

    found: dict[str, set[str]] = {}
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "ngettext")):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.setdefault(arg.value, set()).add(source.stem)
    return found


# click's texts that only a programmer meets (a bad declaration, another platform, a feature
# wijkpost does not use); they stay English.
CLICK_ENGLISH_ONLY = {
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
    "Invalid start character for option ({option})",
    "Choice({choices})",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
}


def test_every_text_click_shows_a_user_is_translated() -> None:
    from wijkpost.cli.clicktext import DUTCH

    texts = click_texts()
    assert "Usage:" in texts and "No such option {name!r}." in texts  # the scan works
    # click hands "required" to gettext from a variable (Option.get_help_extra), not literally.
    gone = set(DUTCH) - set(texts) - {"required"}
    assert not gone, f"click no longer has these texts; update wijkpost/cli/clicktext.py: {gone}"
    shown = {text for text, modules in texts.items()
             if modules - {"_winconsole", "shell_completion", "_termui_impl"}}
    untranslated = shown - set(DUTCH) - CLICK_ENGLISH_ONLY
    assert not untranslated, f"click texts without a Dutch translation: {untranslated}"
    fields = string.Formatter()
    for english, dutch in DUTCH.items():
        names = [{f[1] for f in fields.parse(text) if f[1]} for text in (english, dutch)]
        # A translation may leave out what click fills in English (the number type's name).
        assert names[1] <= names[0], f"{english!r}: the Dutch text has other placeholders"
        assert ("%(" in english) == ("%(" in dutch), english


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("group", [[], ["draft"], ["site"], ["account"], ["digest"]], ids=str)
def test_command_lists_are_not_cut_off(wp: Any, lang: str, group: list[str]) -> None:
    # click cuts a command's first sentence at the width left over: a short help must fit.
    out = wp("--lang", lang, *group, "--help").out
    listed = out.split("Opdrachten:\n" if lang == "nl" else "Commands:\n", 1)[1].splitlines()
    assert len(listed) >= 2 and not [line for line in listed if line.endswith("...")], out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_command_list_is_what_the_commands_say(wp: Any, lang: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # `wijkpost --help` lists SUMMARIES instead of importing every command: it must read as
    # click's own list, made from the commands themselves, would.
    from wijkpost.cli import LazyGroup

    fast = wp("--lang", lang, "--help")
    monkeypatch.setattr(LazyGroup, "format_commands", click.Group.format_commands)
    made = wp("--lang", lang, "--help")
    assert fast.code == made.code == 0
    assert fast.out == made.out


def test_help_imports_no_command_module(tmp_path: Path) -> None:
    probe = ("import sys\nfrom wijkpost.cli import main\ntry:\n    main(['--help'])\n"
             "except SystemExit:\n    pass\n"
             "print('LOADED:', sorted(m for m in sys.modules if m.startswith('wijkpost.cli.')))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    assert "LOADED: ['wijkpost.cli.clicktext']" in out, out


def test_the_console_script_exits_normally_after_freezing(tmp_path: Path) -> None:
    # wijkpost.console raises the collector's threshold before anything loads and leaves the
    # objects loaded out of the last collection at exit (bench/startup.py); the exit must stay
    # the normal one: atexit handlers run, the output and the code arrive.
    probe = ("import atexit, gc, sys\nfrom wijkpost.console import run\n"
             "atexit.register(lambda: print('AT EXIT:', gc.get_freeze_count() > 1000,"
             " gc.get_threshold()))\n"
             "sys.argv = ['wijkpost', 'draft', 'show', '1']\nrun()")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 2 and "geen wijkpost.yaml gevonden" in done.stderr
    assert done.stdout == "AT EXIT: True (20000, 20, 20)\n"
    assert tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"] == {
        "wijkpost": "wijkpost.console:run"}
    assert (REPO / "wijkpost" / "__main__.py").read_text() == (
        "from wijkpost.console import run\n\nrun()\n")


def test_no_project_is_a_clear_error(tmp_path: Path) -> None:
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "geen wijkpost.yaml gevonden" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["draft", "list"], ["check"], ["status", "1"]])
def test_commands_without_network_load_no_network_library(args: list[str], project: Path
                                                          ) -> None:
    probe = ("import sys\nfrom wijkpost.cli import main\n"
             f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
             "heavy = [m for m in ('mastodon', 'tweepy', 'requests', 'feedparser', 'keyring',"
             " 'jinja2', 'cmarkgfm') if m in sys.modules]\n"
             "print('LOADED:', heavy)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    assert "LOADED: []" in out


def test_everyday_commands_load_no_pathlib(project: Path) -> None:
    """pathlib brings urllib.parse and ipaddress: some 4 ms of a start-up that should stay under
    100 ms. The commands people run most use os.path (see wijkpost.paths)."""
    assert run("draft", "new", "--to", "voorbeeldwijk", "--to", "mastodon-wijk", "--title",
               "Meting", "Een tekst.", cwd=project).returncode == 0
    for args in (["--help"], ["draft", "list"], ["draft", "show", "1"], ["account", "list"],
                 ["check"], ["digest"]):
        probe = ("import sys\nfrom wijkpost.cli import main\n"
                 f"try:\n    main({args!r})\nexcept SystemExit as exit:\n    code = exit.code\n"
                 "print('CODE:', code, 'PATHLIB:', 'pathlib' in sys.modules)")
        out = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True,
                             text=True, check=True, timeout=60).stdout
        assert "CODE: 0 PATHLIB: False" in out, (args, out)
        if args[:2] == ["draft", "show"]:
            assert "mastodon-wijk (mastodon): 1 deel, past" in out


@pytest.mark.parametrize("args", [
    ["draft", "show", "99999999999999999999999"], ["digest", "show", "99999999999999999999999"],
    ["digest", "done", "1", "0"], ["publish", "0"],
    ["digest", "--since", "99999999999d"], ["digest", "--since", "40000d"],
    ["report", "--month", "9999-12"], ["report", "--month", "0001-01"],
], ids=" ".join)
def test_numbers_past_what_fits_are_refused_plainly(wp: Any, project: Path, args: list[str]
                                                    ) -> None:
    result = wp(*args)
    assert result.code == 2, result.err
    assert "interne fout" not in result.err and "Traceback" not in result.err
    assert ("Fout: Ongeldige waarde voor" in result.err or "te lang" in result.err
            or "is geen maand" in result.err), result.err
