"""Start-up time of commands that do not touch the network, next to `python -c "import click"`.

    .venv/bin/python bench/startup.py [--runs 20]

Prints the median and best wall time and the median CPU time of each command over the runs, each
also as what it adds to `import click` in the same round, and checks that no network
library (Mastodon.py, tweepy, requests, feedparser) was imported by these commands.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NETWORK_MODULES = ("mastodon", "tweepy", "requests", "feedparser", "urllib3", "keyring")
GOAL_MS = 100


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cases: list[list[str]], env: dict[str, str], cwd: Path, runs: int
          ) -> tuple[list[list[float]], list[list[float]]]:
    """Wall and CPU times (ms) of each command, run in turns: one round runs every command once,
    so a machine that slows down for a while slows all of them alike, not just the one running
    then. CPU time (user + system, of the child) varies less on a shared machine than wall time,
    which also counts waiting for a core."""
    for cmd in cases:  # warm up
        subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
    walls: list[list[float]] = [[] for _ in cases]
    cpus: list[list[float]] = [[] for _ in cases]
    for _ in range(runs):
        for cmd, wall, cpu in zip(cases, walls, cpus, strict=True):
            start, start_cpu = time.perf_counter(), child_cpu()
            subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((child_cpu() - start_cpu) * 1000)
    return walls, cpus


def over_base(column: list[float], base: list[float]) -> float:
    """Median of what a command adds to the same round's `import click`."""
    return statistics.median(c - b for c, b in zip(column, base, strict=True))


def imported(args: list[str], env: dict[str, str], cwd: Path) -> list[str]:
    """Run the CLI in-process and list which network modules it loaded."""
    probe = (
        "import sys\nfrom wijkpost.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print('MODULES:', *(m for m in {NETWORK_MODULES!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=cwd, capture_output=True,
                         text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("MODULES:"))
    return line.split()[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="wijkpost-bench-"))
    # A throw-away HOME, not WIJKPOST_HOME: most people leave that unset, and then finding the
    # platform's data directory (platformdirs) is part of every start-up.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("XDG_", "WIJKPOST_"))}
    env.update(HOME=str(home), WIJKPOST_LANG="nl")
    # Measure what a user gets: with bytecode cached (some sandboxes switch that off).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    wijkpost = shutil.which("wijkpost", path=str(Path(sys.executable).parent)) or "wijkpost"
    subprocess.run([wijkpost, "draft", "new", "--to", "voorbeeldwijk", "Meting"], env=env,
                   cwd=REPO, stdout=subprocess.DEVNULL, check=True)
    cases = [
        ('python -c "import click"', [sys.executable, "-c", "import click"], None),
        ("wijkpost --help", [wijkpost, "--help"], ["--help"]),
        ("wijkpost draft list", [wijkpost, "draft", "list"], ["draft", "list"]),
        ("wijkpost draft show 1", [wijkpost, "draft", "show", "1"], ["draft", "show", "1"]),
        ("wijkpost account list", [wijkpost, "account", "list"], ["account", "list"]),
        ("wijkpost check", [wijkpost, "check"], ["check"]),
    ]
    walls, cpus = timed([cmd for _, cmd, _ in cases], env, REPO, args.runs)
    print(f"{'command':<28} {'median ms':>10} {'best ms':>8} {'over click':>11} {'cpu ms':>7} "
          f"{'over click':>11}  network modules loaded")
    for (label, _, cli_args), wall, cpu in zip(cases, walls, cpus, strict=True):
        median, best = statistics.median(wall), min(wall)
        loaded = "-" if cli_args is None else (" ".join(imported(cli_args, env, REPO)) or "none")
        flag = "" if median < GOAL_MS or cli_args is None else f"  (goal < {GOAL_MS} ms)"
        over = "" if cli_args is None else f"{over_base(wall, walls[0]):+.1f}"
        cpu_over = "" if cli_args is None else f"{over_base(cpu, cpus[0]):+.1f}"
        print(f"{label:<28} {median:>10.1f} {best:>8.1f} {over:>11} "
              f"{statistics.median(cpu):>7.1f} {cpu_over:>11}  {loaded}{flag}")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
