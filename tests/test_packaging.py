"""`pip install .` (not editable) must work: the default templates travel inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: that would fetch setuptools from the internet; the test extras install it.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(out), str(REPO)], check=True, timeout=300,
                   capture_output=True)
    (built,) = out.glob("wijkpost-*.whl")
    return built


def test_wheel_carries_the_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    templates = {Path(n).name for n in names if n.startswith("wijkpost/templates/")}
    shipped = {p.name for p in (REPO / "templates").rglob("*") if p.is_file()}
    assert shipped and shipped <= templates
    assert "wijkpost/cli/__init__.py" in names and "wijkpost/site/build.py" in names
    assert not any(n.startswith(("tests/", "sites/", "bench/")) for n in names)


def test_wheel_declares_and_carries_its_licence(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    assert "License-Expression: MIT" in archive.read(metadata).decode()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in archive.namelist())


def test_installed_wheel_builds_a_site_outside_the_repository(wheel: Path, tmp_path: Path
                                                              ) -> None:
    target = tmp_path / "lib"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
                    str(target), str(wheel)], check=True, timeout=300, capture_output=True)
    project = tmp_path / "elders"
    env = {**os.environ, "PYTHONPATH": str(target), "WIJKPOST_HOME": str(tmp_path / "home")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "wijkpost", *args], cwd=project, env=env,
                              capture_output=True, text=True, timeout=120, check=False)

    project.mkdir()
    assert run("init", ".", "--yes", "--site", "elders", "--title", "Elders").returncode == 0
    draft = run("draft", "new", "--to", "elders", "--title", "Hallo", "Eerste bericht.")
    assert draft.returncode == 0, draft.stderr
    published = run("publish", "1", "--now")
    assert published.returncode == 0, published.stderr
    page = project / "sites/elders/public/index.html"
    assert "Eerste bericht" in page.read_text(encoding="utf-8") or "Hallo" in page.read_text(
        encoding="utf-8")
    where = subprocess.run(
        [sys.executable, "-c", "from wijkpost.templating import default_templates_dir as d;"
         "print(d())"], cwd=project, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(target))
