"""Writing the output: only changed bytes, atomically, once per file; and removing stale files.

The manifest (in the site's cache directory, not in the public output) records for every file
the builder made: the signature of its inputs and the hash of its bytes. A file is rendered only
when its signature changed, and written only when its bytes changed, so a rebuild touches exactly
the files that differ (web servers, rsync and CDNs then see only real changes). Files that are not
in the manifest are never removed: the output directory may hold things a person put there.

The manifest is trusted without looking at every file (15,000 stats would be a fifth of an
incremental build): it is dropped when the output directory was replaced (another inode) or
emptied (its index.html is gone). A single generated file deleted by hand comes back with
``--clean`` (or when its inputs change).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from pathlib import Path

MANIFEST_VERSION = 1


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Manifest:
    """output path → (signature, content hash), for one output directory."""

    def __init__(self, path: Path, output: Path) -> None:
        self.path, self.output = path, output
        self.files: dict[str, tuple[str, str]] = {}
        try:
            # marshal, like the post cache: fast for 15,000 entries and runs no code on load
            header, files = marshal.loads(path.read_bytes())
            if header == self._header() and (output / "index.html").exists():
                self.files = files
        except (OSError, EOFError, ValueError, TypeError):
            pass  # none yet, unreadable, or another output: everything is rendered again

    def _header(self) -> tuple[int, str, int]:
        try:
            inode = os.stat(self.output).st_ino
        except OSError:
            inode = 0
        return MANIFEST_VERSION, str(self.output), inode

    def save(self, files: dict[str, tuple[str, str]]) -> None:
        from wijkpost.paths import atomic_write

        atomic_write(self.path, marshal.dumps((self._header(), files)))


class Writer:
    """Writes files under ``output``, each only when its bytes changed."""

    def __init__(self, output: Path, old: dict[str, tuple[str, str]]) -> None:
        self.output = output
        self.old = old
        self._dirs: set[str] = set()

    def write(self, path: str, data: bytes) -> tuple[str, bool]:
        """Write ``data`` unless the file already holds it; (content hash, written?)."""
        digest = content_hash(data)
        target = os.path.join(self.output, path)
        previous = self.old.get(path)
        if previous and previous[1] == digest and os.path.exists(target):
            return digest, False
        directory = os.path.dirname(target)
        if directory not in self._dirs:
            try:
                os.mkdir(directory)  # the common case: a new post's own directory
            except FileNotFoundError:
                os.makedirs(directory, exist_ok=True)
            except FileExistsError:
                pass
            self._dirs.add(directory)
        # Rename makes the swap atomic for readers (a web server never serves half a page). No
        # fsync: the output can always be rebuilt, and 15,000 fsyncs would cost minutes.
        tmp = f"{target}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        return digest, True

    def remove(self, paths: list[str]) -> list[str]:
        """Remove files the builder made before and no longer makes, and emptied directories."""
        removed = []
        for path in sorted(paths):
            target = os.path.join(self.output, path)
            with contextlib.suppress(FileNotFoundError):
                os.remove(target)
            removed.append(path)
            directory = os.path.dirname(target)
            while os.path.normpath(directory) != os.path.normpath(self.output):
                try:
                    os.rmdir(directory)  # only succeeds when empty
                except OSError:
                    break
                directory = os.path.dirname(directory)
        return removed
