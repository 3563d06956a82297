"""`wijkpost site …`: build the neighbourhood site and preview it locally."""

from __future__ import annotations

import click

from wijkpost.cli import State
from wijkpost.cli.output import emit_json, json_option, progress


@click.group("site")
def site_group() -> None:
    """De wijksite: bouwen en lokaal bekijken."""


@site_group.command("build")
@click.option("--site", "name", metavar="SITE", help="Alleen deze site (standaard: alle).")
@click.option("--clean", is_flag=True, help="Alles opnieuw opbouwen.")
@json_option
@click.pass_obj
def build_command(state: State, name: str | None, clean: bool, as_json: bool) -> None:
    """Bouw de site(s): alleen wat veranderd is, of alles met --clean."""
    from wijkpost.i18n import t
    from wijkpost.sites import build, site_names

    config = state.config
    reports = {}
    for site in site_names(config, name):
        with progress(site) as update:
            reports[site] = build(config, site, clean=clean, progress=update)
    if as_json:
        emit_json({site: {"posts": r.posts, "written": r.written, "removed": r.removed,
                          "unchanged": r.unchanged, "seconds": round(r.seconds, 3),
                          "output": str(config.sites[site].output)}
                   for site, r in reports.items()})
        return
    for site, r in reports.items():
        click.echo(t("site.built", site=site, posts=r.posts, written=len(r.written),
                     removed=len(r.removed), unchanged=r.unchanged, seconds=r.seconds,
                     output=config.sites[site].output))


@site_group.command("serve", short_help="Bekijk de site lokaal in je browser.")
@click.option("--site", "name", metavar="SITE", help="Welke site (standaard: de eerste).")
@click.option("--port", metavar="POORT", default=8000, show_default=True,
              type=click.IntRange(0, 65535), help="0: een vrije poort.")
@click.pass_obj
def serve_command(state: State, name: str | None, port: int) -> None:
    """Bekijk de site op http://localhost:PORT (bouwt eerst wat veranderd is)."""
    from wijkpost.i18n import t
    from wijkpost.site.serve import serve
    from wijkpost.sites import build, site_names

    config = state.config
    site = site_names(config, name)[0]
    build(config, site)
    serve(config.sites[site].output, port, lambda bound: click.echo(
        t("site.serving", url=f"http://127.0.0.1:{bound}/", site=site)))
