"""Logging in, checking and logging out, as a person does it: flags that belong to the other
network are refused, secrets are asked for instead of typed on the command line, the messages
say what happened (a refused code, a network fault, the wrong account) and what to do."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_png
from tests.test_channels import Net, draft, net

__all__ = ["net"]  # the fixture, imported to be used here


@pytest.fixture
def bare(net: Net, monkeypatch: pytest.MonkeyPatch) -> Net:
    """No credentials in the environment: every login is kept."""
    for name in list(os.environ):
        if name.startswith("WIJKPOST_") and name.endswith(
                ("_TOKEN", "_CONSUMER_KEY", "_CONSUMER_SECRET", "_ACCESS_TOKEN", "_ACCESS_SECRET")):
            monkeypatch.delenv(name)
    return net


@pytest.mark.parametrize("args, wrong", [
    (["x-wijk", "--token", "abc"], "--token geldt niet voor een twitter-account"),
    (["mastodon-wijk", "--consumer-key", "k"], "--consumer-key geldt niet voor een mastodon"),
    (["x-wijk", "--access-token", "a"], "geef --access-token en --access-secret samen"),
], ids=["token-on-x", "x-key-on-mastodon", "half-a-pair"])
def test_flags_of_the_other_network_are_refused(wp: Any, bare: Net, args: list[str],
                                                wrong: str) -> None:
    result = wp("account", "login", *args)
    assert result.code == 2 and wrong in result.err, result
    assert "Inloggen voor" not in result.out  # refused before anything is asked or sent


def test_a_token_beginning_with_a_dash_is_a_token(wp: Any, bare: Net) -> None:
    token = bare.mastodon.token_for("jasmijn")
    bare.mastodon.tokens["-" + token] = bare.mastodon.tokens.pop(token)  # as one may be issued
    bare.mastodon.tokens["-" + token].token = "-" + token
    result = wp("account", "login", "mastodon-prive", "--token", "-" + token)
    assert result.code == 0, result


def test_a_token_left_out_of_the_command_line_is_read_instead(wp: Any, bare: Net,
                                                              isolated_env: Path) -> None:
    token = bare.mastodon.token_for("jasmijn")
    result = wp("account", "login", "mastodon-prive", "--token", "-", input=token + "\n")
    assert result.code == 0, result
    assert token not in result.out + result.err
    assert "Warning" not in result.err and "echo" not in result.err  # no getpass noise
    assert wp("account", "check", "mastodon-prive").code == 0


def test_x_keys_left_out_of_the_command_line_are_read_instead(wp: Any, bare: Net) -> None:
    keys = bare.x.credentials_for("voorbeeldwijk")
    typed = "\n".join(keys[k] for k in ("consumer_key", "consumer_secret", "access_token",
                                        "access_token_secret")) + "\n"
    result = wp("account", "login", "x-wijk", "--access-token", "-", "--access-secret", "-",
                input=typed)
    assert result.code == 0, result
    assert not any(value in result.out + result.err for value in keys.values())
    assert wp("account", "check", "x-wijk").code == 0


def test_the_code_flow_registers_the_app_once_and_asks_in_dutch(wp: Any, bare: Net) -> None:
    apps = set(bare.mastodon.apps)  # (the fixture's own tokens come with an app)
    for _ in range(2):
        code = bare.mastodon.issue_code("jasmijn")
        result = wp("account", "login", "mastodon-prive", input=code + "\n")
        assert result.code == 0, result
        (url,) = re.findall(r"http://\S+/oauth/authorize\S*", result.out)
        assert "lang=nl" in url and "state=None" not in url and "lang=None" not in url
    assert len(set(bare.mastodon.apps) - apps) == 1


def test_a_code_the_server_refuses_is_said_in_words(wp: Any, bare: Net) -> None:
    result = wp("account", "login", "mastodon-prive", input="verkeerd-overgenomen\n")
    assert result.code == 1, result
    assert ("mastodon-prive: de server accepteerde de code niet (verlopen of verkeerd "
            "overgenomen?); begin opnieuw: wijkpost account login mastodon-prive") in result.err
    assert "Invalid" not in result.err


def test_a_token_for_the_wrong_account_is_given_back(wp: Any, bare: Net) -> None:
    before = set(bare.mastodon.tokens)
    code = bare.mastodon.issue_code("voorbeeldwijk")  # the work account, at the personal name
    result = wp("account", "login", "mastodon-prive", input=code + "\n")
    assert result.code == 3 and "voorbeeldwijk" in result.err, result
    (issued,) = [bare.mastodon.tokens[t] for t in set(bare.mastodon.tokens) - before]
    assert issued.revoked


def test_a_pasted_token_the_service_refuses_is_not_told_to_log_in_again(wp: Any,
                                                                        bare: Net) -> None:
    result = wp("account", "login", "mastodon-prive", "--token", "geen-geldig-token")
    assert result.code == 2, result
    assert "de dienst accepteert deze inloggegevens niet" in result.err
    assert "log opnieuw in" not in result.err


def test_the_x_pin_address_is_on_the_configured_host(wp: Any, bare: Net) -> None:
    keys = bare.x.credentials_for("voorbeeldwijk")
    result = wp("account", "login", "x-wijk", "--consumer-key", keys["consumer_key"],
                "--consumer-secret", keys["consumer_secret"], input="\n")
    assert f"{bare.x.base_url}/oauth/authorize?oauth_token=" in result.out, result


def test_an_unreachable_x_is_a_network_fault_not_refused_keys(wp: Any, bare: Net) -> None:
    config = bare.root / "wijkpost.yaml"
    config.write_text(config.read_text().replace(bare.x.base_url, "http://127.0.0.1:9"),
                      encoding="utf-8")
    result = wp("account", "login", "x-wijk", "--consumer-key", "k", "--consumer-secret", "s")
    assert result.code == 1
    assert "x-wijk: geen (volledig) antwoord van de dienst (netwerk of time-out)" in result.err
    assert "weigerde" not in result.err


def test_check_names_the_wrong_hat_and_what_to_do(wp: Any, net: Net,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    forced = wp("account", "login", "mastodon-prive", "--force", "--token",
                net.mastodon.token_for("voorbeeldwijk"))
    assert forced.code == 0, forced
    result = wp("account", "check")
    assert result.code == 3, result
    assert ("✗ mastodon-prive: deze inlog hoort bij 'voorbeeldwijk', maar mastodon-prive is "
            "geconfigureerd als @jasmijn@127.0.0.1; verkeerde hoed? Log in met het juiste "
            "account: wijkpost account login mastodon-prive") in result.out
    assert "--force" not in result.out
    assert "✓ mastodon-wijk: ingelogd als" in result.out
    # From the environment, which comes before any login: those variables are what to fix.
    for name, value in net.mastodon.env_for("mastodon-prive", "voorbeeldwijk").items():
        monkeypatch.setenv(name, value)
    result = wp("account", "check", "mastodon-prive")
    assert result.code == 3
    assert ("✗ mastodon-prive: de inloggegevens in WIJKPOST_MASTODON_PRIVE_… horen bij "
            "'voorbeeldwijk', maar mastodon-prive is geconfigureerd als @jasmijn@127.0.0.1; "
            "verkeerde hoed? Zet de juiste in die variabelen") in result.out
    monkeypatch.setenv("WIJKPOST_MASTODON_PRIVE_TOKEN", "geen-geldig-token")
    result = wp("account", "check", "mastodon-prive")
    assert result.code == 1 and "inloggegevens in WIJKPOST_MASTODON_PRIVE_… niet" in result.out
    assert "account login" not in result.out


def test_check_of_a_service_that_is_away_is_retry_later(wp: Any, net: Net) -> None:
    net.mastodon.fail(r"^/api/v1/accounts/verify_credentials$", 503, method="GET")
    result = wp("account", "check", "mastodon-wijk")
    assert result.code == 4, result
    assert "✗ mastodon-wijk: storing bij de dienst (HTTP 503)" in result.out
    assert "mastodon-wijk: mastodon-wijk" not in result.out


def test_credentials_in_the_environment_come_first_and_stay(wp: Any, net: Net) -> None:
    token = net.mastodon.token_for("voorbeeldwijk")
    login = wp("account", "login", "mastodon-wijk", "--token", token)
    assert login.code == 0
    assert "let op: WIJKPOST_MASTODON_WIJK_… is gezet en gaat voor" in login.err
    logout = wp("account", "logout", "mastodon-wijk")
    assert logout.code == 0
    assert ("let op: WIJKPOST_MASTODON_WIJK_… is gezet: zolang die variabelen er zijn, is "
            "mastodon-wijk nog ingelogd") in logout.err


def test_login_reads_the_instance_limits_for_draft_show(wp: Any, bare: Net) -> None:
    bare.mastodon.max_characters = 1000
    assert wp("account", "login", "mastodon-prive", "--token",
              bare.mastodon.token_for("jasmijn")).code == 0
    draft_id = draft(wp, "--as", "prive", "--to", "mastodon-prive", "lang " * 150)
    (plan,) = json.loads(wp("draft", "show", str(draft_id), "--json").out)["preview"]
    assert plan["limit"] == 1000 and len(plan["parts"]) == 1


def test_more_images_than_a_post_takes_are_refused_before_anything_goes_out(
        wp: Any, net: Net, tmp_path: Path) -> None:
    images = [arg for n in range(5) for arg in
              ("--image", str(make_png(tmp_path / f"foto{n}.png")), "--alt", f"Foto {n}")]
    draft_id = draft(wp, "--to", "voorbeeldwijk", "--to", "x-wijk", *images, "Vijf foto's")
    shown = wp("draft", "show", str(draft_id)).out
    assert "x-wijk neemt hoogstens 4 afbeeldingen per bericht; dit concept heeft er 5" in shown
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 2 and "hoogstens 4 afbeeldingen" in result.err
    assert net.tweets() == [] and not list((net.root / "sites").rglob("*.md"))


@pytest.fixture
def locked_keyring() -> Any:
    """A keyring whose service answers, but locked: every read and write fails."""
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.backends import fail
    from keyring.errors import KeyringLocked

    class LockedKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            raise KeyringLocked("Keyring is locked")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise KeyringLocked("Keyring is locked")

        def delete_password(self, service: str, username: str) -> None:
            raise KeyringLocked("Keyring is locked")

    keyring.set_keyring(LockedKeyring())
    try:
        yield
    finally:
        keyring.set_keyring(fail.Keyring())
        KeyringBackend._classes.discard(LockedKeyring)  # type: ignore[attr-defined]


@pytest.mark.usefixtures("locked_keyring")
def test_a_locked_keyring_is_said_in_words(wp: Any, bare: Net) -> None:
    said = "de sleutelhanger gaf een fout (Keyring is locked); ontgrendel hem"
    check = wp("account", "check", "mastodon-prive")
    assert check.code == 2 and said in check.out, check
    login = wp("account", "login", "mastodon-prive", "--token",
               bare.mastodon.token_for("jasmijn"))
    assert login.code == 2 and said in login.err and "interne fout" not in login.err
    logout = wp("account", "logout", "mastodon-prive")
    assert logout.code == 2 and said in logout.err


def test_the_secrets_file_warning_comes_once_and_list_follows_the_file(
        wp: Any, bare: Net, isolated_env: Path) -> None:
    token = bare.mastodon.token_for("jasmijn")
    first = wp("account", "login", "mastodon-prive", "--token", token)
    assert "secrets.json" in first.err
    assert wp("account", "logout", "mastodon-prive").code == 0
    again = wp("account", "login", "mastodon-prive", "--token", token)
    assert again.code == 0 and "secrets.json" not in again.err  # once, not after every logout
    (isolated_env / "secrets.json").unlink()  # removed by hand
    listed = {a["name"]: a["credentials"] for a in
              json.loads(wp("account", "list", "--json").out)}
    assert listed["mastodon-prive"] is None
