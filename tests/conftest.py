"""Test isolation: every test gets its own private home, and nothing reaches the internet.

Tests inject the environment instead of patching our functions: ``WIJKPOST_HOME`` points at a
temporary folder, so no test can read or write the user's real drafts or digest.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                 ) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WIJKPOST_HOME", str(home))
    for name in ("WIJKPOST_CONFIG", "WIJKPOST_AUTHOR", "VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WIJKPOST_LANG", "nl")
    # No test may reach a real keyring either (issue 3 stores credentials there).
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    from wijkpost.i18n import set_language

    set_language(None)
    return home


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse any connection that is not to this machine: a test that tries is a broken test."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple):
            host = address[0]
            try:
                local = ipaddress.ip_address(host).is_loopback
            except ValueError:
                local = host == "localhost"
            if not local:
                raise OSError(f"test tried to reach {host}: tests never touch the internet")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the repository's example project, as the working directory."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "wijkpost.yaml", root / "wijkpost.yaml")
    shutil.copytree(REPO / "sites" / "voorbeeldwijk" / "posts", root / "sites/voorbeeldwijk/posts")
    shutil.copytree(REPO / "sites" / "voorbeeldwijk" / "media", root / "sites/voorbeeldwijk/media")
    monkeypatch.chdir(root)
    yield root


def make_png(path: Path, size: int = 0) -> Path:
    """A tiny valid PNG, padded to ``size`` bytes (the padding follows IEND, as some files do)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x00\xff\x00\x00"  # one red pixel
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data + b"\x00" * max(0, size - len(data)))
    return path


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out!r}, err={self.err!r})"


def run_cli(*args: str, input: str | None = None) -> Result:
    """Run the CLI in-process through its real entry point (error mapping included)."""
    from click.testing import CliRunner

    from wijkpost.cli import main

    runner = CliRunner()
    with runner.isolation(input=input) as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return Result(code, out.getvalue().decode(), err.getvalue().decode())


@pytest.fixture
def wp() -> Any:
    return run_cli
