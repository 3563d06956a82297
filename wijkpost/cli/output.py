"""One renderer for every command: text for people, ``--json`` for scripts."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

# A draft's or an item's number: SQLite's integers are 64 bits, and a bigger number is no row.
ROW_ID = click.IntRange(1, 2**63 - 1)

json_option = click.option("--json", "as_json", is_flag=True,
                           help="Uitvoer als JSON, voor scripts.")


def emit_json(data: Any) -> None:
    import json  # not for the text output most commands give
    import re

    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    # json escapes C0 control characters but writes DEL and C1 (U+009B is an 8-bit CSI to some
    # terminals) as they are; they only occur inside strings, where an escape means the same.
    click.echo(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text))


def confirm(question: str) -> bool:
    """Ask yes or no, no being the default, in the user's language: click's own confirm only
    takes y/yes, and "j" (ja) is what a Dutch user types. Either language's yes counts."""
    from wijkpost.i18n import t

    answer: str = click.prompt(f"{question} [{t('confirm.choices')}]", default="",
                               show_default=False, prompt_suffix=" ")
    return answer.strip().lower() in ("j", "ja", "y", "yes")


def table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    for row in [headers, *rows]:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=False)).rstrip())


@contextmanager
def progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback on a terminal; nothing when output is piped or in a test."""
    if not sys.stderr.isatty():
        yield None
        return
    shown = [-1]

    def update(done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent != shown[0]:
            shown[0] = percent
            click.echo(f"\r{label}: {percent:3d}% ({done}/{total})", nl=False, err=True)

    try:
        yield update
    finally:
        if shown[0] >= 0:
            click.echo("", err=True)
