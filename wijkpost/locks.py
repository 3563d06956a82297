"""One lock per draft while it is being published or changed.

Two runs of `wijkpost publish` for the same draft (cron's `--due` and a person's `publish ID`,
say) would both find a part pending and both send it: the journal says what is done, not who is
doing it. A draft's lock is an advisory lock on a file in ``WIJKPOST_HOME/locks``, held by the
open file: the system lets go of it however the process ends, a kill included, so a crash never
leaves a draft locked.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from wijkpost import paths
from wijkpost.errors import PendingError
from wijkpost.i18n import t


class BusyError(PendingError):
    """Another process holds the draft: try again in a moment."""


def _path(uid: str) -> str:
    folder = os.path.join(paths.home_dir(), "locks")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return os.path.join(folder, f"{uid}.lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def draft_lock(draft_id: int, uid: str) -> Iterator[None]:
    """Hold draft ``uid`` for the block, or refuse at once when another process holds it."""
    fd = os.open(_path(uid), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd):
            raise BusyError(t("publish.busy", id=draft_id))
        yield
    finally:
        os.close(fd)  # (closing lets go of the lock)


def forget(uid: str) -> None:
    """Remove a deleted draft's lock file (while holding it: nobody else can be using it)."""
    with suppress(OSError):  # Windows will not remove an open file; an empty file is no harm
        os.unlink(_path(uid))
