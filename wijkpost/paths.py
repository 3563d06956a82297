"""Where private state lives: ``WIJKPOST_HOME``, else the platform's user data directory."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    explicit = os.environ.get("WIJKPOST_HOME")
    if explicit:
        path = Path(explicit).expanduser()
    else:
        import platformdirs  # only here: it is small, but start-up counts

        path = Path(platformdirs.user_data_dir("wijkpost", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def private_file(path: Path) -> None:
    """Create ``path`` if needed and make it readable by its owner only (0600)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
