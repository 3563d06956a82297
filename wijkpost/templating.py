"""Where templates come from: the project's own `templates/` first, then the defaults that ship
with wijkpost, file by file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import wijkpost

if TYPE_CHECKING:
    import jinja2

    from wijkpost.config import Config


def default_templates_dir() -> Path:
    """Inside the wheel (wijkpost/templates) or, in a checkout, the repository's templates/."""
    package = Path(wijkpost.__file__).resolve().parent
    for candidate in (package / "templates", package.parent / "templates"):
        if candidate.is_dir():
            return candidate
    return package.parent / "templates"


def template_dirs(config: Config) -> list[Path]:
    dirs = [config.templates_dir, default_templates_dir()]
    return [d for d in dict.fromkeys(dirs) if d.is_dir()]


def environment(dirs: Sequence[Path]) -> jinja2.Environment:
    """A Jinja2 environment that escapes everything in HTML and XML: residents' text included."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"]),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
