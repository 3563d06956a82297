"""The `wijkpost` program: the console script and ``python -m wijkpost`` start here.

Most of what a quick command like `wijkpost draft show` costs is Python starting up
(bench/startup.py), and two parts of that are the cycle collector's, not wijkpost's:

- Loading click and wijkpost's modules makes tens of thousands of objects, and at its default
  threshold the collector runs after every 700 new ones, and every so often over everything
  loaded so far. A higher threshold, set before anything is loaded, lets it run some thirty
  times less; it still runs, so a long command (`collect`, `publish`) cannot pile up garbage
  without bound. (A site build and the
  digest turn it off where they make their many objects: wijkpost.bulk.)
- At exit Python clears every module and then collects the cycles that leaves (every class and
  function is one), freeing them one by one a moment before the system takes the memory back
  anyway. Frozen objects are left out of that: the exit is otherwise the normal one, with the
  standard streams flushed, threads joined and atexit handlers run.

Together some 15-20 ms here, of a command that should take under 100. Not in
:func:`wijkpost.cli.main`, which the tests call in their own process.
"""

import gc

gc.set_threshold(20_000, 20, 20)  # (the defaults: 700, 10, 10)


def run() -> None:
    from wijkpost.cli import main

    try:
        main()
    finally:
        gc.freeze()
