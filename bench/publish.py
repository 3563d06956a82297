"""Publishing to three targets at once: is it close to the time of one?

    .venv/bin/python bench/publish.py [--latency 0.3] [--runs 3]

Starts a local Mastodon and a local X server (the test fakes) that answer every request after
``--latency`` seconds, and times `publish` of a one-part draft to (a) Mastodon alone and (b)
Mastodon + X + the site, through the core (the CLI's start-up is measured by bench/startup.py).
Goal: (b) under 2x (a).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fakes.mastodon import FakeMastodon  # noqa: E402
from tests.fakes.twitter import FakeX  # noqa: E402

CONFIG = """\
version: 1
authors:
  bench:
    name: Bench
    profiles:
      werk:
        accounts: [mastodon-wijk, x-wijk]
        sites: [wijk]
accounts:
  mastodon-wijk: {{network: mastodon, handle: "@voorbeeldwijk@127.0.0.1", instance: "{m}"}}
  x-wijk: {{network: twitter, handle: "@voorbeeldwijk", api_base: "{x}"}}
sites:
  wijk: {{title: Wijk, base_url: "https://wijk.example/"}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wijkpost-bench-publish-"))
    os.environ["WIJKPOST_HOME"] = str(work / "home")
    with FakeMastodon("voorbeeldwijk") as mastodon, FakeX(username="voorbeeldwijk") as x:
        (work / "sites/wijk/posts").mkdir(parents=True)
        (work / "wijkpost.yaml").write_text(CONFIG.format(m=mastodon.base_url, x=x.base_url))
        os.environ.update({**mastodon.env_for("mastodon-wijk"), **x.env_for("x-wijk")})
        os.chdir(work)

        from wijkpost import drafts
        from wijkpost.config import load_config
        from wijkpost.instances import refresh
        from wijkpost.publish import publish
        from wijkpost.store import Store

        config = load_config()
        profile = config.authors["bench"].profiles["werk"]
        refresh(config, config.accounts["mastodon-wijk"])  # as after the first publish of a week
        mastodon.delay_all(args.latency)
        x.delay_all(args.latency)

        def timed(targets: list[str], n: int) -> float:
            with Store() as store:
                draft = drafts.create(store, config, profile, drafts.DraftInput(
                    body=f"Meting {n} naar {', '.join(targets)}", targets=targets))
                start = time.perf_counter()
                result = publish(store, config, draft, now=True)
                elapsed = time.perf_counter() - start
            assert result.published, result
            return elapsed

        one = [timed(["mastodon-wijk"], n) for n in range(args.runs)]
        three = [timed(["mastodon-wijk", "x-wijk", "wijk"], n + 100) for n in range(args.runs)]
    a, b = statistics.median(one), statistics.median(three)
    print(f"answer latency per request: {args.latency * 1000:.0f} ms, runs: {args.runs}")
    print(f"{'targets':<36} {'median s':>9}")
    print(f"{'Mastodon alone':<36} {a:>9.2f}")
    print(f"{'Mastodon + X + site, concurrently':<36} {b:>9.2f}")
    print(f"ratio three/one: {b / a:.2f}  (goal < 2.0)")


if __name__ == "__main__":
    main()
