"""The CLI as a whole: help for every command, the README lists them, start-up stays light, and
messages exist in both languages."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
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
    assert run("--version", cwd=tmp_path).stdout.startswith("wijkpost, version")


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
