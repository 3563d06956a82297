"""The digest at scale, and collecting from many slow sources at once.

    .venv/bin/python bench/digest.py [--items 100000] [--sources 20] [--latency 0.2] [--runs 15]

1. Fills a store with ``--items`` items spread over 90 days (stored in the order they arrived, as
   `collect` stores them) and times `wijkpost digest --since 7d` (a whole process, output to
   /dev/null; median of ``--runs``, in turns with `python -c "import click"`). Goal: under
   200 ms.
2. Serves ``--sources`` neighbourhood feeds from a local server that answers after ``--latency``
   seconds, and times `collect` of one feed against all of them. Goal: all under 2x one.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fakes.common import FakeServer, Response  # noqa: E402

CONFIG = """\
version: 1
authors:
  bench:
    name: Bench
    profiles:
      werk: {{sites: [wijk]}}
sites:
  wijk: {{title: Wijk, base_url: "https://wijk.example/"}}
tags:
  afval: {{keywords: [afval, container]}}
  verkeer: {{keywords: [drempel, parkeren]}}
  groen: {{keywords: [boom, park]}}
feeds:
{feeds}
"""

WORDS = ("de container is vol", "er wordt geparkeerd op de stoep", "de boom in het park",
         "bel 06-12345678", "mail mij op a@example.nl", "bedankt voor de drempel",
         "wanneer komt de veegwagen", "losse stoeptegel bij nummer 4")


def fill(count: int) -> None:
    from wijkpost import items
    from wijkpost.config import load_config
    from wijkpost.store import Store
    from wijkpost.tagging import tags_for

    rules = list(load_config().tags.values())
    rng = random.Random(7)
    now = datetime.now(UTC)
    # Stored oldest first, as `collect` stores them: day after day, each run adds what is new.
    ages = sorted((rng.randrange(90 * 24 * 60) for _ in range(count)), reverse=True)
    with Store() as store, store.transaction() as db:
        for n, age in enumerate(ages):
            text = " ".join(rng.sample(WORDS, 3))
            network = rng.choice(("mastodon", "twitter", "feed"))
            new = items.NewItem(key=f"bench:{n}", source=f"bench:{network}", network=network,
                                text=text, created_at=now - timedelta(minutes=age),
                                account="bench", profile="bench/werk",
                                author_handle=f"@bewoner{n % 997}")
            items.add(db, new, tags=tags_for(text, rules), off_duty=False)


def timed(cmds: list[list[str]], runs: int) -> list[list[float]]:
    """Wall times of each command, run in turns: a slow spell of a shared machine then slows
    all of them, not just the one running at the time."""
    # Measure what a user gets: bytecode cached (some sandboxes switch that off), one warm-up.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for cmd in cmds:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for cmd, column in zip(cmds, times, strict=True):
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
            column.append(time.perf_counter() - start)
    return times


class Feeds(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        body = ("<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>"
                "<item><title>Nieuws</title><guid>{n}</guid><description>tekst</description>"
                "</item></channel></rss>")
        self.route("GET", r"/feed/(\d+)\.xml",
                   lambda req: Response(200, body.format(n=req.match[1] if req.match
                                                         else 0).encode(),
                                        {"Content-Type": "application/rss+xml"}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wijkpost-bench-digest-"))
    # A throw-away HOME rather than WIJKPOST_HOME, which most people leave unset: finding the
    # platform's data directory is then part of every start-up, as it is for them.
    for key in [k for k in os.environ if k.startswith(("XDG_", "WIJKPOST_"))]:
        del os.environ[key]
    os.environ["HOME"] = str(work / "home")
    wijkpost = str(Path(sys.executable).parent / "wijkpost")
    with Feeds() as server:
        feeds = "\n".join(f"  f{n}: {{url: \"{server.base_url}/feed/{n}.xml\"}}"
                          for n in range(args.sources))
        (work / "wijkpost.yaml").write_text(CONFIG.format(feeds=feeds), encoding="utf-8")
        os.chdir(work)
        start = time.perf_counter()
        fill(args.items)
        print(f"store: {args.items} items written in {time.perf_counter() - start:.1f} s")
        clicks, digests, jsons = timed([
            [sys.executable, "-c", "import click"], [wijkpost, "digest", "--since", "7d"],
            [wijkpost, "digest", "--since", "7d", "--json"]], args.runs)
        click, digest = statistics.median(clicks), statistics.median(digests)
        over = statistics.median(d - c for d, c in zip(digests, clicks, strict=True))
        print(f'python -c "import click"            {click * 1000:7.0f} ms  (for comparison; '
              f"median of {args.runs})")
        print(f"wijkpost digest --since 7d          {digest * 1000:7.0f} ms  (goal < 200 ms; best"
              f" {min(digests) * 1000:.0f} ms; {over * 1000:.0f} ms more than importing click in"
              " the same round)")
        print(f"wijkpost digest --since 7d --json   {statistics.median(jsons) * 1000:7.0f} ms")
        server.delay_all(args.latency)
        from wijkpost.collect import collect
        from wijkpost.config import load_config

        config = load_config()
        start = time.perf_counter()
        collect(config, source="feed:f0")
        one = time.perf_counter() - start
        from wijkpost.store import Store

        with Store() as store:  # forget what was read, so every feed is fetched in full again
            store.db.execute("DELETE FROM cursors")
        start = time.perf_counter()
        result = collect(config)
        every = time.perf_counter() - start
        assert not any(s.error for s in result.sources), result
    print(f"collect, 1 source at {args.latency * 1000:.0f} ms    {one:7.2f} s")
    print(f"collect, {args.sources} sources at once    {every:7.2f} s  ratio {every / one:.2f}"
          "  (goal < 2.0)")


if __name__ == "__main__":
    main()
