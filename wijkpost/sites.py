"""Building a project's site: the glue between the configuration and the site builder."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from wijkpost.config import Config
from wijkpost.errors import InputError
from wijkpost.i18n import t

if TYPE_CHECKING:
    from wijkpost.site.build import BuildReport


def site_names(config: Config, name: str | None) -> list[str]:
    if name is None:
        return list(config.sites)
    if name not in config.sites:
        raise InputError(t("site.unknown", name=name, known=", ".join(config.sites) or "-"))
    return [name]


def build(config: Config, name: str, *, clean: bool = False,
          progress: Callable[[int, int], None] | None = None) -> BuildReport:
    from wijkpost.site.build import build_site
    from wijkpost.templating import template_dirs

    return build_site(
        config.sites[name], authors=config.authors,
        tag_labels={k: v.label for k, v in config.tags.items()},
        template_dirs=template_dirs(config), clean=clean, progress=progress,
        timezone=config.timezone,
    )
