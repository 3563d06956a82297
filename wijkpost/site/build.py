"""Build a site: read the posts, plan the outputs, render and write what changed.

    read (sources) → plan (signatures) → render (context + templates) → write (writer)

A full build of 10,000 posts renders about 15,000 files; an incremental build renders only the
outputs whose signature changed (see :mod:`wijkpost.site.plan`) and writes only changed bytes.
Large builds render in forked worker processes (one per core): Jinja2 is pure Python and the work
is embarrassingly parallel.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import wijkpost
from wijkpost.bulk import no_cycle_collection
from wijkpost.config import Author, Site
from wijkpost.errors import InputError
from wijkpost.site.plan import Job, collections, plan
from wijkpost.site.posts import DEFAULT_TIMEZONE
from wijkpost.site.sources import PostCache, Record, parse_record, read_entries
from wijkpost.site.writer import Manifest, Writer

if TYPE_CHECKING:
    import jinja2

    from wijkpost.site.context import Renderer

# Bump when the code changes what any output looks like: every output is then rendered again
# (and still only written where its bytes differ).
RENDER_VERSION = 4  # 2: "+" in tag slugs, raw HTML left out of excerpts; 3: absolute feed URLs;
# 4: the posts' language marked where the page's own words are in another
STATIC_FILES = ("style.css", "favicon.svg")
TEMPLATES = ("base.html", "post.html", "list.html", "_card.html", "tags.html", "atom.xml",
             "rss.xml", "robots.txt")
# Below these counts a worker pool costs more than it saves.
PARALLEL_RENDER = 800
PARALLEL_PARSE = 1500


@dataclass
class BuildReport:
    """What a build did. Paths are relative to the output directory, sorted."""

    posts: int
    written: list[str] = field(default_factory=list)  # files whose bytes changed (or are new)
    removed: list[str] = field(default_factory=list)  # files of an earlier build no longer made
    unchanged: int = 0  # outputs left as they were
    seconds: float = 0.0


def build_site(
    site: Site,
    *,
    authors: Mapping[str, Author],
    tag_labels: Mapping[str, str],
    template_dirs: Sequence[Path],
    clean: bool = False,
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> BuildReport:
    """Build ``site`` into ``site.output``; see :class:`BuildReport`.

    Bad posts and template syntax errors raise InputError (file:line) before anything is written
    or removed. ``clean`` renders and writes every output as if there had been no earlier build,
    throws the cache away and removes what the previous build made and this one does not: the
    result of building from nothing, without first emptying the site a web server is serving.
    """
    with no_cycle_collection():  # (workers forked for a large build inherit that)
        return _build(site, authors=authors, tag_labels=tag_labels, template_dirs=template_dirs,
                      clean=clean, progress=progress, now=now, timezone=timezone)


def _build(site: Site, *, authors: Mapping[str, Author], tag_labels: Mapping[str, str],
           template_dirs: Sequence[Path], clean: bool,
           progress: Callable[[int, int], None] | None, now: datetime | None, timezone: str
           ) -> BuildReport:
    started = time.perf_counter()
    tz = ZoneInfo(timezone)
    cache_dir = site.cache_dir
    manifest = Manifest(cache_dir / "manifest.marshal", site.output)
    cache = PostCache(cache_dir, timezone)
    if clean:
        cache.clear()
    entries = read_entries(site, authors, cache, tz, parse_many=_parallel_parser(site, tz))
    if clean:  # only now that the posts are known to be good
        shutil.rmtree(cache_dir, ignore_errors=True)
    groups = collections(entries, authors, tag_labels, site.title)
    signature = _global_signature(site, authors, tag_labels, template_dirs, timezone)
    jobs = plan(entries, groups, per_page=site.per_page, feed_entries=site.feed_entries,
                global_signature=signature, static_files=STATIC_FILES)

    before = manifest.files  # what the previous build made
    known = {} if clean else before  # what this build may trust
    writer = Writer(site.output, known)
    todo = [job for job in jobs
            if (seen := known.get(job.path)) is None or seen[0] != job.signature]
    results: list[_Result] = []
    if todo:  # (templates, Jinja2 and cmark are not even imported when nothing changed)
        from wijkpost.site.context import Renderer

        env = _environment(template_dirs, cache_dir)
        _compile_templates(env, template_dirs)
        feed_cache = FeedCache(cache_dir / "feeds.marshal", signature)
        renderer = Renderer(site=site, entries=entries, groups=groups, authors=authors,
                            tag_labels=tag_labels, env=env, tz=tz, now=now or datetime.now(tz),
                            feed_html=feed_cache.html)
        results = _render_all(renderer, writer, todo, template_dirs, progress)
        feed_cache.save({entries[i].digest for group in groups
                         for i in group.newest(site.feed_entries)})
    elif progress:
        progress(0, 0)

    fresh = {job.path: (job.signature, digest)
             for job, (digest, _) in zip(todo, results, strict=True)}
    written = [job.path for job, (_, was_written) in zip(todo, results, strict=True)
               if was_written]
    files = {job.path: fresh.get(job.path) or known[job.path] for job in jobs}
    removed = writer.remove([path for path in before if path not in files])
    cache.save()
    if files != before or clean:
        manifest.save(files)
    return BuildReport(posts=len(entries), written=sorted(written), removed=removed,
                       unchanged=len(jobs) - len(written), seconds=time.perf_counter() - started)


class FeedCache:
    """Feed content HTML of the posts that are in some feed, kept between builds.

    Keyed by post digest and valid for one global signature (templates, base URL, …); workers
    of a parallel build send what they render back to the parent.
    """

    def __init__(self, path: Path, signature: str) -> None:
        self.path, self.signature = path, signature
        self.html: dict[str, str] = {}
        try:
            header, html = marshal.loads(path.read_bytes())
            if header == (RENDER_VERSION, signature):
                self.html = html
        except (OSError, EOFError, ValueError, TypeError):
            pass
        self._loaded = dict(self.html)

    def save(self, wanted: set[str]) -> None:
        from wijkpost.paths import atomic_write

        keep = {digest: html for digest, html in self.html.items() if digest in wanted}
        if keep != self._loaded:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, marshal.dumps(((RENDER_VERSION, self.signature), keep)))


# --------------------------------------------------------------------------- templates


def _environment(template_dirs: Sequence[Path], cache_dir: Path) -> jinja2.Environment:
    import jinja2

    cache_dir.mkdir(parents=True, exist_ok=True)
    bytecode = cache_dir / "jinja"
    bytecode.mkdir(exist_ok=True)
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in template_dirs]),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml"),
                                            disabled_extensions=("txt", "css"),
                                            default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,  # a typo in a template fails loudly, not blankly
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(bytecode)),
        auto_reload=False,
    )


def _compile_templates(env: jinja2.Environment, template_dirs: Sequence[Path]) -> None:
    """Compile every template up front: a syntax error stops the build before any write (and
    parallel workers inherit the compiled templates instead of compiling their own)."""
    import jinja2

    for name in TEMPLATES:
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            raise _template_error(exc, template_dirs) from None


# {% extends "x" %}, {% include 'x' %}, {% import "x" as m %}, {% from "x" import m %}
_REFERENCE = re.compile(r"\{%-?\s*(?:extends|include|import|from)\s+(\S)([^\s%]*)")


def _used_templates(template_dirs: Sequence[Path]) -> Iterable[tuple[str, Path | None]]:
    """(name, file) of every template the site uses, as the loader resolves it (project first).

    Found by following extends/include/import from the site's own templates, so the digest's
    and report's templates in the same directory do not count. A reference that is not a plain
    string (a variable) makes every file count.
    """
    seen: set[str] = set()
    queue = [*TEMPLATES, *STATIC_FILES]
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        path = next((d / name for d in template_dirs if (d / name).is_file()), None)
        yield name, path
        if path is None or path.suffix not in (".html", ".xml", ".txt"):
            continue
        for quote, rest in _REFERENCE.findall(path.read_text(encoding="utf-8")):
            if quote not in "\"'":
                yield from _all_templates(template_dirs)
                return
            queue.append(rest[:-1] if rest.endswith(quote) else rest)


def _all_templates(template_dirs: Sequence[Path]) -> Iterable[tuple[str, Path | None]]:
    for directory in template_dirs:
        if directory.is_dir():
            for path in sorted(directory.rglob("*")):
                name = path.relative_to(directory).as_posix()
                if path.is_file() and not name.startswith((".", "__")):
                    yield f"{directory}:{name}", path


def _global_signature(site: Site, authors: Mapping[str, Author], tag_labels: Mapping[str, str],
                      template_dirs: Sequence[Path], timezone: str) -> str:
    """Inputs every output depends on. Any change renders everything again (writes stay few)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (RENDER_VERSION, wijkpost.__version__, site.title, site.description,
                 site.base_url, site.language, site.per_page, site.feed_entries, timezone,
                 sorted((a.key, a.name, a.role) for a in authors.values()),
                 sorted(tag_labels.items())):
        digest.update(repr(part).encode() + b"\x1f")
    for name, path in sorted(_used_templates(template_dirs), key=lambda item: item[0]):
        digest.update(f"{name}={path}\x1f".encode())
        if path is not None:
            digest.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return digest.hexdigest()


def _template_error(exc: jinja2.TemplateError, template_dirs: Sequence[Path]) -> InputError:
    """A template problem as file:line, like any other bad input (a project may override)."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return InputError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}")
    tb: TracebackType | None = exc.__traceback__
    where = ""
    roots = [str(d) for d in template_dirs]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(root) for root in roots):
            where = f"{filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return InputError(f"{where}{exc}")


# --------------------------------------------------------------------------- rendering


_Result = tuple[str, bool]
# Set just before forking workers, which inherit it: nothing has to be pickled but job numbers.
_WORK: tuple[Renderer, Writer, list[Job], Sequence[Path]] | None = None


def _render_one(renderer: Renderer, writer: Writer, job: Job, template_dirs: Sequence[Path]
                ) -> _Result:
    import jinja2

    try:
        data = renderer.render(job)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, template_dirs) from None
    return writer.write(job.path, data)


def _render_range(bounds: tuple[int, int]) -> tuple[list[_Result], dict[str, str]]:
    """Render jobs in a worker; also hand back the feed HTML it made, for the feed cache."""
    assert _WORK is not None
    renderer, writer, todo, dirs = _WORK
    known = set(renderer.feed_html)
    results = [_render_one(renderer, writer, todo[i], dirs) for i in range(*bounds)]
    made = {key: html for key, html in renderer.feed_html.items() if key not in known}
    return results, made


def _fork_context() -> Any:
    import multiprocessing

    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def _render_all(renderer: Renderer, writer: Writer, todo: list[Job], dirs: Sequence[Path],
                progress: Callable[[int, int], None] | None) -> list[_Result]:
    global _WORK
    total = len(todo)
    context = _fork_context() if total >= PARALLEL_RENDER else None
    results: list[_Result] = []
    if context is None:
        step = max(1, total // 100)
        for number, job in enumerate(todo, 1):
            results.append(_render_one(renderer, writer, job, dirs))
            if progress and (number % step == 0 or number == total):
                progress(number, total)
        return results
    import cmarkgfm.cmark  # noqa: F401  (loaded once here and inherited, not once per worker)

    chunk = 250
    ranges = [(start, min(start + chunk, total)) for start in range(0, total, chunk)]
    _WORK = (renderer, writer, todo, dirs)
    try:
        with context.Pool(os.cpu_count() or 2) as pool:
            for part, feed_html in pool.imap(_render_range, ranges):  # imap keeps the order
                results += part
                renderer.feed_html.update(feed_html)
                if progress:
                    progress(len(results), total)
    finally:
        _WORK = None
    return results


# --------------------------------------------------------------------------- parsing


def _parallel_parser(site: Site, tz: tzinfo) -> Callable[[list[str]], Iterable[Record]]:
    posts_dir = str(site.posts_dir)

    def parse_many(relpaths: list[str]) -> Iterable[Record]:
        context = _fork_context() if len(relpaths) >= PARALLEL_PARSE else None
        if context is None:
            return [parse_record(posts_dir, rel, tz) for rel in relpaths]
        with context.Pool(os.cpu_count() or 2) as pool:
            records: list[Record] = pool.starmap(
                parse_record, [(posts_dir, rel, tz) for rel in relpaths], chunksize=200)
            return records

    return parse_many
