"""Where private state lives: ``WIJKPOST_HOME``, else the platform's user data directory.

As text (:func:`home_dir`) for what every command does at start-up, such as opening the store:
pathlib (with urllib.parse and ipaddress) costs some 4 ms to load.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def home_dir() -> str:
    explicit = os.environ.get("WIJKPOST_HOME")
    path = os.path.expanduser(explicit) if explicit else user_data_dir()
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def home() -> Path:
    from pathlib import Path

    return Path(home_dir())


def user_data_dir() -> str:
    """The platform's data directory for wijkpost, as platformdirs finds it.

    Every command needs it, and importing platformdirs costs ~8 ms of a 100 ms start-up (its
    unix module loads tempfile, which loads shutil, bz2, lzma and random). On Linux the common
    case, an absolute ``XDG_DATA_HOME`` or ``HOME``, is the XDG rule and is taken here;
    everything else (another platform, Android, no usable HOME) asks platformdirs. A test holds
    the short way to platformdirs' answer.
    """
    if sys.platform == "linux" and not (hasattr(sys, "getandroidapilevel")
                                       or "ANDROID_DATA" in os.environ):
        xdg = os.environ.get("XDG_DATA_HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, "wijkpost")
        user = os.environ.get("HOME", "")
        if os.path.isabs(user):
            return os.path.join(user, ".local", "share", "wijkpost")
    import platformdirs

    return str(platformdirs.user_data_dir("wijkpost", appauthor=False))


def private_file(path: str | os.PathLike[str]) -> None:
    """Create ``path`` if needed and make it readable by its owner only (0600)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def atomic_write(path: str | os.PathLike[str], data: bytes, *, private: bool = False) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file.

    ``private``: readable by its owner only (0600) from the first byte on, whatever the umask;
    the temporary file becomes the file, so it must be private before anything is written."""
    folder, name = os.path.split(os.fspath(path))
    os.makedirs(folder or ".", exist_ok=True)
    _remove_stale(folder, name)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o666)
    if private and hasattr(os, "fchmod"):  # (not on Windows, which has no such modes)
        os.fchmod(fd, 0o600)
    with open(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _remove_stale(folder: str, name: str) -> None:
    """Remove what a killed process left of writing ``name``: its temporary file never became
    the file, and in a site's posts folder (shared through git) it would stay for good."""
    if os.name != "posix":  # (os.kill(pid, 0) ends a process on Windows instead of asking)
        return
    import glob

    for stale in glob.glob(os.path.join(glob.escape(folder or "."), f".{glob.escape(name)}.*.tmp")):
        pid = stale.rsplit(".", 2)[-2]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:  # gone: what it wrote is of no use to anyone
            with contextlib.suppress(OSError):
                os.unlink(stale)
        except PermissionError:  # alive, someone else's
            pass
