"""`wijkpost init`: a new project from flags or from questions, that `wijkpost check` accepts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from wijkpost.config import load_config

FLAGS = ["--author", "jdevries", "--name", "Jasmijn de Vries", "--role", "wijkmanager",
         "--site", "oosterpark", "--title", "Oosterpark", "--base-url",
         "https://oosterpark.example/", "--mastodon", "oosterpark@social.example",
         "--x", "oosterpark", "--office-hours", "ma-do 08:30-17:00", "--signature", "^JdV"]

SECRET_WORDS = ("token", "secret", "password", "passwd", "key", "bearer", "credential")
LONG_TOKEN = re.compile(r"[A-Za-z0-9_\-+/=.]{32,}")


def walk(node: Any, where: str = "") -> list[tuple[str, Any]]:
    """Every (key path, scalar) in a loaded YAML document."""
    if isinstance(node, dict):
        return [pair for key, value in node.items()
                for pair in [(f"{where}.{key}", None), *walk(value, f"{where}.{key}")]]
    if isinstance(node, list):
        return [pair for item in node for pair in walk(item, where)]
    return [(where, node)]


def assert_nothing_secret(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for where, value in walk(yaml.safe_load(text)):
        last = where.rsplit(".", 1)[-1].lower()
        assert not any(word in last for word in SECRET_WORDS), where
        if isinstance(value, str) and "://" not in value:
            assert not LONG_TOKEN.search(value), (where, value)


def nothing_written(directory: Path) -> None:
    assert not (directory / "wijkpost.yaml").exists()
    assert not (directory / "sites").exists()
    assert not (directory / ".gitignore").exists()


def test_init_with_flags_makes_a_project_that_check_accepts(wp: Any, tmp_path: Path) -> None:
    project = tmp_path / "wijk"
    result = wp("init", str(project), "--yes", *FLAGS)
    assert result.code == 0, result
    config_path = project / "wijkpost.yaml"
    posts = project / "sites" / "oosterpark" / "posts"
    for path in (config_path, posts, project / ".gitignore"):
        assert f"gemaakt: {path}" in result.out
    assert "wijkpost check" in result.out  # the next step
    assert posts.is_dir() and (project / "sites" / "oosterpark" / "media").is_dir()
    gitignore = (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "sites/*/public/" in gitignore and "sites/*/.wijkpost-cache/" in gitignore

    check = wp("--config", str(project), "check")
    assert check.code == 0, check
    assert "in orde. 1 auteur(s), 1 profiel(en), 2 account(s), 1 site(s)." in check.out

    config = load_config(config_path)
    author = config.author(None)
    assert (author.key, author.name, author.role) == ("jdevries", "Jasmijn de Vries", "wijkmanager")
    profile = config.profile(author, None)
    assert profile.name == "werk" and profile.is_work
    assert profile.accounts == ("mastodon-oosterpark", "x-oosterpark")
    assert profile.sites == ("oosterpark",) and profile.signature == "^JdV"
    assert profile.office_hours is not None
    assert profile.office_hours.specs == ("ma-do 08:30-17:00",)
    mastodon = config.accounts["mastodon-oosterpark"]
    assert (mastodon.network, mastodon.handle, mastodon.instance) == (
        "mastodon", "@oosterpark@social.example", "https://social.example")
    x = config.accounts["x-oosterpark"]
    assert (x.network, x.handle) == ("twitter", "@oosterpark")
    site = config.sites["oosterpark"]
    assert (site.title, site.base_url, site.language) == (
        "Oosterpark", "https://oosterpark.example/", "nl")
    assert site.posts_dir == posts
    assert config.timezone == "Europe/Amsterdam" and config.privacy.retention_days == 90
    assert_nothing_secret(config_path)


def test_init_with_only_yes_uses_defaults(wp: Any, tmp_path: Path) -> None:
    result = wp("init", str(tmp_path), "--yes")
    assert result.code == 0, result
    assert wp("--config", str(tmp_path), "check").code == 0
    config = load_config(tmp_path / "wijkpost.yaml")
    assert config.accounts == {}
    assert list(config.sites) == ["mijn-wijk"]
    assert config.sites["mijn-wijk"].base_url == "https://mijn-wijk.example/"
    profile = config.profile(config.author(None), None)
    assert profile.sites == ("mijn-wijk",) and profile.accounts == ()
    assert profile.office_hours is not None
    assert profile.office_hours.specs == ("ma-vr 08:30-17:00",)
    assert (tmp_path / "sites" / "mijn-wijk" / "posts").is_dir()
    assert_nothing_secret(tmp_path / "wijkpost.yaml")


def test_init_makes_names_into_slugs(wp: Any, tmp_path: Path) -> None:
    result = wp("init", str(tmp_path), "--yes", "--author", "Jasmijn de Vries",
                "--site", "Oosterpark Noord!", "--x", "@wijk", "--office-hours", "")
    assert result.code == 0, result
    config = load_config(tmp_path / "wijkpost.yaml")
    assert list(config.authors) == ["jasmijn-de-vries"]
    assert list(config.sites) == ["oosterpark-noord"]
    assert config.sites["oosterpark-noord"].base_url == "https://oosterpark-noord.example/"
    assert list(config.accounts) == ["x-oosterpark-noord"]
    assert config.accounts["x-oosterpark-noord"].handle == "@wijk"
    assert config.authors["jasmijn-de-vries"].profiles["werk"].office_hours is None


def test_init_refuses_to_overwrite(wp: Any, tmp_path: Path) -> None:
    existing = tmp_path / "wijkpost.yaml"
    existing.write_text("# van mij\n", encoding="utf-8")
    result = wp("init", str(tmp_path), "--yes", *FLAGS)
    assert result.code == 2, result
    assert f"wijkpost: {existing} bestaat al; wijkpost init overschrijft niets" in result.err
    assert "Traceback" not in result.err
    assert existing.read_text(encoding="utf-8") == "# van mij\n"
    assert not (tmp_path / "sites").exists() and not (tmp_path / ".gitignore").exists()


def test_init_keeps_an_existing_gitignore(wp: Any, tmp_path: Path) -> None:
    gitignore = tmp_path / ".gitignore"
    gitignore.write_text("node_modules/\n", encoding="utf-8")
    result = wp("init", str(tmp_path), "--yes")
    assert result.code == 0, result
    assert gitignore.read_text(encoding="utf-8") == "node_modules/\n"
    assert f"gemaakt: {gitignore}" not in result.out


def test_init_asks_when_not_given_yes(wp: Any, tmp_path: Path) -> None:
    project = tmp_path / "nieuw"
    answers = [
        "Jasmijn de Vries",  # name
        "wijkmanager",  # role
        "",  # short name: default from the first name
        "Oosterpark Noord",  # site title
        "",  # site short name: default from the title
        "",  # address: default from the short name
        "@wijk@social.example",  # Mastodon
        "",  # X: none
        "",  # office hours: the default
        "^JdV",  # signature
    ]
    result = wp("init", str(project), input="\n".join(answers) + "\n")
    assert result.code == 0, result
    for question in ("Je naam", "Je rol", "Korte naam voor jezelf", "Titel van de wijksite",
                     "Korte naam van de site", "Adres van de site", "Mastodon-account",
                     "X-account", "Kantoortijden", "Ondertekening"):
        assert question in result.out
    assert "[jasmijn]" in result.out and "[oosterpark-noord]" in result.out  # shown defaults
    assert wp("--config", str(project), "check").code == 0
    config = load_config(project / "wijkpost.yaml")
    author = config.authors["jasmijn"]
    assert (author.name, author.role) == ("Jasmijn de Vries", "wijkmanager")
    profile = author.profiles["werk"]
    assert profile.accounts == ("mastodon-oosterpark-noord",)
    assert profile.sites == ("oosterpark-noord",) and profile.signature == "^JdV"
    assert profile.office_hours is not None
    assert profile.office_hours.specs == ("ma-vr 08:30-17:00",)
    site = config.sites["oosterpark-noord"]
    assert (site.title, site.base_url) == ("Oosterpark Noord", "https://oosterpark-noord.example/")
    assert config.accounts["mastodon-oosterpark-noord"].handle == "@wijk@social.example"
    assert_nothing_secret(project / "wijkpost.yaml")


def test_init_flags_skip_their_questions(wp: Any, tmp_path: Path) -> None:
    flags = [f for f in FLAGS if f not in ("--signature", "^JdV")]
    result = wp("init", str(tmp_path), *flags, input="\n")
    assert result.code == 0, result
    assert "Ondertekening" in result.out and "Je naam" not in result.out
    assert load_config(tmp_path / "wijkpost.yaml").authors["jdevries"].profiles[
        "werk"].signature is None


def test_init_questions_in_english(wp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                   ) -> None:
    monkeypatch.setenv("WIJKPOST_LANG", "en")
    result = wp("init", str(tmp_path), input="\n \nJan\n" + "\n" * 9)
    assert result.code == 0, result
    assert "Your name" in result.out and "Work Mastodon account" in result.out
    assert "Error: this is needed" in result.out  # a name has no default: asked until given
    assert load_config(tmp_path / "wijkpost.yaml").authors["jan"].name == "Jan"
    assert f"created: {tmp_path / 'wijkpost.yaml'}" in result.out


def test_init_interrupted_writes_nothing(wp: Any, tmp_path: Path) -> None:
    project = tmp_path / "nieuw"
    result = wp("init", str(project), input="Jasmijn\n")  # then end of input
    assert result.code == 130, result
    assert "wijkpost: afgebroken" in result.err
    assert not project.exists()


def test_init_asks_again_after_a_wrong_answer(wp: Any, tmp_path: Path) -> None:
    """A wrong answer is said at once and asked again; init does not stop after the last
    question with an error about a file it never wrote."""
    answers = [
        "Jasmijn de Vries", "", "", "Oosterpark", "",
        "oosterpark.example", "https://oosterpark.example/",  # address: no scheme, then right
        "wijk", "@wijk@social.example",  # Mastodon: no server, then right
        "@veel_te_lange_naam_voor_x", "@wijk_oost",  # X: too long, then right
        "ma-vr 9-17", "ma-do 09:00-16:00",  # office hours: no minutes, then right
        "",
    ]
    result = wp("init", str(tmp_path), input="\n".join(answers) + "\n")
    assert result.code == 0, result
    assert "Fout: 'oosterpark.example' is geen http(s)-URL" in result.out
    assert "Fout: 'wijk' is geen Mastodon-account" in result.out
    assert "Fout: '@veel_te_lange_naam_voor_x' is geen X-account" in result.out
    assert "Fout: ongeldige kantoortijden 'ma-vr 9-17'" in result.out
    assert result.out.count("Adres van de site") == 2
    config = load_config(tmp_path / "wijkpost.yaml")
    assert config.sites["oosterpark"].base_url == "https://oosterpark.example/"
    assert config.accounts["mastodon-oosterpark"].handle == "@wijk@social.example"
    assert config.accounts["x-oosterpark"].handle == "@wijk_oost"
    hours = config.authors["jasmijn"].profiles["werk"].office_hours
    assert hours is not None and hours.specs == ("ma-do 09:00-16:00",)


def test_init_takes_office_hours_as_check_shows_them(wp: Any, tmp_path: Path) -> None:
    result = wp("init", str(tmp_path), "--yes", "--office-hours",
                "ma-do 08:30-17:00; vr 08:30-12:30")
    assert result.code == 0, result
    hours = load_config(tmp_path / "wijkpost.yaml").authors["wijkmanager"].profiles[
        "werk"].office_hours
    assert hours is not None and hours.specs == ("ma-do 08:30-17:00", "vr 08:30-12:30")
    assert "ma-do 08:30-17:00; vr 08:30-12:30" in wp("--config", str(tmp_path / "wijkpost.yaml"),
                                                     "check").out


def test_init_refuses_an_empty_name_flag(wp: Any, tmp_path: Path) -> None:
    result = wp("init", str(tmp_path), "--yes", "--name", " ")
    assert result.code == 2 and "'--name'" in result.err and "dit is nodig" in result.err
    nothing_written(tmp_path)


def test_init_in_english_offers_english_day_names(wp: Any, tmp_path: Path) -> None:
    result = wp("--lang", "en", "init", str(tmp_path), input="Jan\n" + "\n" * 9)
    assert result.code == 0 and "[mon-fri 08:30-17:00]" in result.out, result


def test_init_refuses_an_existing_project_before_asking(wp: Any, tmp_path: Path) -> None:
    (tmp_path / "wijkpost.yaml").write_text("version: 1\n", encoding="utf-8")
    result = wp("init", str(tmp_path), input="")
    assert result.code == 2, result
    assert "bestaat al" in result.err and "Je naam" not in result.out


@pytest.mark.parametrize("handle", ["foo", "@foo", "@foo@", "@@social.example"])
def test_init_bad_mastodon_handle(wp: Any, tmp_path: Path, handle: str) -> None:
    project = tmp_path / "wijk"
    result = wp("init", str(project), "--yes", "--mastodon", handle)
    assert result.code == 2, result
    assert f"'{handle}' is geen Mastodon-account; gebruik @naam@server" in result.err
    assert "Traceback" not in result.err
    nothing_written(project)
    assert not project.exists() or not any(project.iterdir())


def test_init_failure_does_not_create_the_directory(wp: Any, tmp_path: Path) -> None:
    project = tmp_path / "wijk"
    assert wp("init", str(project), "--yes", "--mastodon", "foo").code == 2
    assert not project.exists()


def test_init_understands_a_pasted_profile_url(wp: Any, tmp_path: Path) -> None:
    """People copy their profile address from the browser: read it as @user@host."""
    result = wp("init", str(tmp_path), "--yes", "--site", "oost",
                "--mastodon", "https://Social.Example/@wijk")
    assert result.code == 0, result
    text = (tmp_path / "wijkpost.yaml").read_text(encoding="utf-8")
    assert "handle: '@wijk@social.example'" in text
    assert "instance: https://social.example" in text


@pytest.mark.parametrize("value", ["https://social.example/users/wijk", "@wi k@social.example",
                                   "wijk@localhost", "@wijk@-bad-.example"])
def test_init_refuses_what_is_no_mastodon_handle(wp: Any, tmp_path: Path, value: str) -> None:
    result = wp("init", str(tmp_path), "--yes", "--mastodon", value)
    assert result.code == 2, result
    assert "geen Mastodon-account" in result.err
    nothing_written(tmp_path)


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--office-hours", "ma-vr 9-17", "ongeldige kantoortijden 'ma-vr 9-17'"),
    ("--base-url", "oosterpark.example", "'oosterpark.example' is geen http(s)-URL"),
    ("--x", "@wi k", "'@wi k' is geen X-account"),
])
@pytest.mark.parametrize("yes", [True, False])
def test_init_validates_flags_before_asking(wp: Any, tmp_path: Path, flag: str, value: str,
                                            message: str, yes: bool) -> None:
    result = wp("init", str(tmp_path), *(["--yes"] if yes else []), flag, value, input="")
    assert result.code == 2, result
    assert f"'{flag}'" in result.err and message in result.err
    assert "Je naam" not in result.out
    assert "Traceback" not in result.err
    nothing_written(tmp_path)
