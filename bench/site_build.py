"""Benchmark the site builder: full build, one new post, peak memory, and Pelican on the same posts.

    python bench/site_build.py 10000            # N posts (default 1000)
    python bench/site_build.py 1000 --no-pelican --keep /tmp/bench

Each build runs in a child process, so its time includes start-up and imports (what a user waits
for), and its peak resident memory is read from ``os.wait4``'s rusage (ru_maxrss: the largest of
the child and the worker processes it waited for). Posts are generated deterministically: 150-300
words of Dutch-looking Markdown with a heading, a list, links and emphasis, 1-3 tags from 15,
two authors. Pelican gets the same posts as Markdown with its own metadata header, the same
pagination (per page, tag and author pages) and Atom + RSS feeds (it has no JSON Feed), with its
content cache off.

A build is mostly making directories and files, so the benchmark also times that alone, in the
same place, before and after the builds ("a new directory and page"). On the 2-core VM the
README's figures come from, that varies from 40 µs to 1 ms after many files were deleted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TAGS = ["afval", "verkeer", "veiligheid", "groen", "evenementen", "jeugd", "ouderen", "wonen",
        "parkeren", "spreekuur", "werkzaamheden", "buurtpreventie", "speeltuin", "fiets", "water"]
AUTHORS = {"jdevries": ("Jasmijn de Vries", "wijkmanager"), "mbakker": ("Mohamed Bakker",
                                                                        "wijkagent")}
_VOCABULARY = """
de het een en van in op met voor aan bij door over naar wijk buurt straat plein park container
afval melding bewoners gemeente wijkagent wijkmanager avond ochtend week maandag dinsdag woensdag
donderdag vrijdag zaterdag bijeenkomst fiets auto drempel verlichting boom bomen speeltuin school
kinderen ouderen veilig inbraak preventie spreekuur vragen tips samen graag altijd vaak soms
nieuwe oude groot klein mooi schoon gezellig belangrijk wijkcentrum bibliotheek markt winkel bus
tram station parkeren vergunning afspraak telefoon website informatie aanmelden gratis
"""
WORDS = tuple(_VOCABULARY.split())
PER_PAGE = 10
FEED_ENTRIES = 20


# --------------------------------------------------------------------------- generating


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        i = rng.randrange(n)
        words[i] = f"**{words[i]}**"
    if rng.random() < 0.2:
        i = rng.randrange(n)
        words[i] = f"[{words[i]}](https://voorbeeldwijk.example/{words[i]})"
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random) -> str:
    target = rng.randint(150, 300)
    blocks: list[str] = []
    count = 0
    while count < target:
        kind = rng.random()
        if kind < 0.1 and blocks:
            blocks.append("## " + _sentence(rng, 4).rstrip("."))
            count += 4
        elif kind < 0.2:
            items = [f"- {_sentence(rng, rng.randint(4, 9))}" for _ in range(rng.randint(2, 4))]
            blocks.append("\n".join(items))
            count += sum(len(i.split()) for i in items)
        else:
            sentences = [_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 4))]
            blocks.append(" ".join(sentences))
            count += sum(len(s.split()) for s in sentences)
    return "\n\n".join(blocks) + "\n"


def _post(rng: random.Random, number: int, start: datetime) -> dict[str, object]:
    date = start + timedelta(hours=5 * number, minutes=rng.randrange(60))
    title = _sentence(rng, rng.randint(4, 9)).rstrip(".")
    return {"number": number, "title": title, "date": date, "author": rng.choice(list(AUTHORS)),
            "tags": rng.sample(TAGS, rng.randint(1, 3)), "body": _body(rng)}


def generate(n: int, seed: int = 2026) -> list[dict[str, object]]:
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, 8, 0)
    return [_post(rng, i, start) for i in range(n)]


def write_wijkpost(posts: list[dict[str, object]], site_dir: Path) -> None:
    from zoneinfo import ZoneInfo

    from wijkpost.site.posts import render_post_file
    from wijkpost.slugs import post_relpath

    tz = ZoneInfo("Europe/Amsterdam")
    for post in posts:
        date = post["date"].replace(tzinfo=tz)  # type: ignore[attr-defined]
        slug = f"bericht-{post['number']}"
        path = site_dir / "posts" / post_relpath(date, slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"title": post["title"], "date": date, "author": post["author"],
                "tags": post["tags"]}
        path.write_text(render_post_file(meta, str(post["body"])), encoding="utf-8")


def write_pelican(posts: list[dict[str, object]], root: Path) -> None:
    content = root / "content"
    content.mkdir(parents=True)
    for post in posts:
        header = (f"Title: {post['title']}\nDate: {post['date']:%Y-%m-%d %H:%M}\n"  # type: ignore[str-format]
                  f"Category: nieuws\nTags: {', '.join(post['tags'])}\n"  # type: ignore[arg-type]
                  f"Author: {AUTHORS[str(post['author'])][0]}\nSlug: bericht-{post['number']}\n\n")
        (content / f"bericht-{post['number']}.md").write_text(header + str(post["body"]),
                                                              encoding="utf-8")
    (root / "settings.py").write_text(f"""
SITENAME = "Voorbeeldwijk"
SITEURL = "https://voorbeeldwijk.example"
PATH = "content"
TIMEZONE = "Europe/Amsterdam"
DEFAULT_LANG = "nl"
DEFAULT_PAGINATION = {PER_PAGE}
FEED_MAX_ITEMS = {FEED_ENTRIES}
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{{slug}}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{{slug}}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/author/{{slug}}.atom.xml"
AUTHOR_FEED_RSS = "feeds/author/{{slug}}.rss.xml"
CATEGORY_FEED_ATOM = None
RSS_FEED_SUMMARY_ONLY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
ARTICLE_URL = "{{date:%Y}}/{{date:%m}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{slug}}/index.html"
""", encoding="utf-8")


# --------------------------------------------------------------------------- measuring


CHILD = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from wijkpost.config import Author, Site
from wijkpost.site.build import build_site
from wijkpost.templating import default_templates_dir
root = Path(sys.argv[1])
site = Site(name="bench", title="Voorbeeldwijk", description="Benchmark", base_url="https://voorbeeldwijk.example/",
            language="nl", folder=str(root / "site"), output_folder=str(root / "site" / "public"),
            per_page={per_page}, feed_entries={feed_entries})
authors = {k: Author(key=k, name=v[0], role=v[1], default=False, profiles={})
           for k, v in json.loads(sys.argv[2]).items()}
report = build_site(site, authors=authors, tag_labels={}, template_dirs=[default_templates_dir()],
                    clean=sys.argv[3] == "clean")
print(json.dumps({"build": report.seconds, "total": time.perf_counter() - started,
                  "written": len(report.written), "posts": report.posts}))
""".replace("{per_page}", str(PER_PAGE)).replace("{feed_entries}", str(FEED_ENTRIES))


class Run:
    """One measured child process."""

    def __init__(self, data: dict[str, float], wall: float, cpu: float, rss: float) -> None:
        self.data, self.wall, self.cpu, self.rss = data, wall, cpu, rss

    def __str__(self) -> str:
        build = f", build {self.data['build']:.3f} s" if "build" in self.data else ""
        return f"{self.wall:6.2f} s wall, {self.cpu:6.2f} s CPU{build}"


def run_child(args: list[str]) -> Run:
    """Run a child; its wall time, CPU time and peak RSS (MB) include its worker processes."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, cwd=REPO)
        assert proc.stdout is not None
        out = proc.stdout.read()
        proc.stdout.close()
        # wait4, not wait: it hands back this child's own rusage
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if proc.returncode:
            errors.seek(0)
            raise SystemExit(f"child failed:\n{errors.read().decode()}")
    lines = out.decode().strip().splitlines()
    data = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return Run(data, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # KiB


def creation_cost(directory: Path, count: int = 400) -> float:
    """Microseconds to make a directory with one 6 kB page in it, as the builder does (write a
    temporary file, rename it). A full build is mostly that, 14,000 times, and on this kind of
    machine it varies by a factor of 20: ext4 mounted with online discard, just after many files
    were deleted (an earlier run's clean-up, a test suite), stays slow for a minute or two. The
    files are left for the run's own clean-up: deleting them now would slow what follows."""
    directory.mkdir(parents=True)
    data = b"x" * 6000
    started = time.perf_counter()
    for number in range(count):
        folder = directory / str(number)
        folder.mkdir()
        tmp, target = folder / "index.html.tmp", folder / "index.html"
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return (time.perf_counter() - started) / count * 1e6


def wijkpost_build(root: Path, mode: str) -> Run:
    return run_child([sys.executable, "-c", CHILD, str(root), json.dumps(AUTHORS), mode])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1000, help="number of posts")
    parser.add_argument("--keep", type=Path, help="build here and keep the result")
    parser.add_argument("--no-pelican", action="store_true", help="skip the Pelican comparison")
    args = parser.parse_args()

    # bench/out/ (git-ignored), not /tmp: on some machines /tmp is watched or slow, and a site
    # build is mostly creating directories and files
    (REPO / "bench" / "out").mkdir(parents=True, exist_ok=True)
    root = args.keep or Path(tempfile.mkdtemp(prefix="site-", dir=REPO / "bench" / "out"))
    if args.keep and root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    posts = generate(args.n + 1)
    newest = posts.pop()
    write_wijkpost(posts, root / "site")
    rows: list[tuple[str, str]] = []

    # The posts were just written: flush them first, so that the build is not also timed
    # writing back the generator's 10,000 files (a real site's posts are on disk long before).
    os.sync()
    before = creation_cost(root / "calibration-before")
    full = wijkpost_build(root, "clean")
    rows.append((f"full build, {args.n} posts ({full.data['written']:.0f} files)", str(full)))
    same = wijkpost_build(root, "")
    rows.append(("rebuild, nothing changed", str(same)))
    write_wijkpost([newest], root / "site")
    one = wijkpost_build(root, "")
    rows.append((f"one new post ({one.data['written']:.0f} files written)", str(one)))
    after = creation_cost(root / "calibration-after")
    rows.append(("a new directory and page, before/after", f"{before:.0f} / {after:.0f} µs"))
    rows.append(("peak memory (RSS), full build", f"{full.rss:.0f} MB"))
    rows.append(("peak memory (RSS), one new post", f"{one.rss:.0f} MB"))

    if not args.no_pelican:
        try:
            import markdown  # noqa: F401
            import pelican  # noqa: F401
        except ImportError:
            rows.append(("pelican", "not installed (pip install 'pelican[markdown]')"))
        else:
            pel = root / "pelican"
            write_pelican(posts, pel)
            run = run_child([sys.executable, "-m", "pelican", str(pel / "content"), "-o",
                             str(pel / "out"), "-s", str(pel / "settings.py"), "-q"])
            files = sum(1 for p in (pel / "out").rglob("*") if p.is_file())
            rows.append((f"pelican {pelican_version()}, same posts ({files} files)", str(run)))
            rows.append(("pelican peak memory (RSS)", f"{run.rss:.0f} MB"))
            rows.append(("pelican / wijkpost, full build",
                         f"{run.wall / full.wall:.1f}x wall, {run.cpu / full.cpu:.1f}x CPU"))

    width = max(len(name) for name, _ in rows)
    print(f"\nwijkpost site build benchmark (N = {args.n}, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}, "
          f"output in {root})")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    else:
        print(f"\noutput kept in {root}")


def pelican_version() -> str:
    from importlib.metadata import version

    return version("pelican")


if __name__ == "__main__":
    main()
