"""Accounts and credentials beyond the basics of test_channels.py: --force, the wrong-hat
refusal in both login flows, errors in words, the profile's visibility, the keyring and the
file fallback, rate limits on Mastodon, and secrets that never show up anywhere.

Everything runs against the local fake servers of tests/fakes, through the real Mastodon.py and
tweepy clients (the ``net`` fixture of test_channels.py)."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Result
from tests.fakes.twitter import problem
from tests.test_channels import Net, draft, net, status

__all__ = ["net"]  # the fixture, imported to be used here

X_FIELDS = ("consumer_key", "consumer_secret", "access_token", "access_secret")


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def bare(net: Net, monkeypatch: pytest.MonkeyPatch) -> Net:
    """The fake services without credentials in the environment: every login is stored."""
    for name in list(os.environ):
        if name.startswith("WIJKPOST_") and name.endswith(
                ("_TOKEN", "_CONSUMER_KEY", "_CONSUMER_SECRET", "_ACCESS_SECRET")):
            monkeypatch.delenv(name)
    return net


def secrets_file(home: Path) -> Path:
    return home / "secrets.json"


def stored(home: Path) -> dict[str, dict[str, str]]:
    path = secrets_file(home)
    if not path.exists():
        return {}
    data: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def credentials_of(wp: Any) -> dict[str, Any]:
    result = wp("account", "list", "--json")
    assert result.code == 0, result
    return {a["name"]: a["credentials"] for a in json.loads(result.out)}


def x_keys(net: Net, username: str) -> dict[str, str]:
    keys = net.x.credentials_for(username)
    return {"consumer_key": keys["consumer_key"], "consumer_secret": keys["consumer_secret"],
            "access_token": keys["access_token"], "access_secret": keys["access_token_secret"]}


def x_login_args(keys: dict[str, str]) -> list[str]:
    return ["--consumer-key", keys["consumer_key"], "--consumer-secret", keys["consumer_secret"],
            "--access-token", keys["access_token"], "--access-secret", keys["access_secret"]]


def run_debug(*args: str, input: str | None = None) -> Result:
    """Like conftest's run_cli, but an exception that escapes main() (as it does with --debug)
    is rendered the way Python prints it, into ``err``."""
    from click.testing import CliRunner

    from wijkpost.cli import main

    runner = CliRunner()
    with runner.isolation(input=input) as (out, err, _):
        shown = ""
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except Exception:
            shown, code = traceback.format_exc(), 1
        return Result(code, out.getvalue().decode(), err.getvalue().decode() + shown)


# --------------------------------------------------------------------------- 1. --force


def test_mastodon_token_of_another_account_needs_force(wp: Any, bare: Net,
                                                       isolated_env: Path) -> None:
    other = bare.mastodon.token_for("jasmijn")
    refused = wp("account", "login", "mastodon-wijk", "--token", other)
    assert refused.code == 3, refused
    assert "jasmijn" in refused.out + refused.err
    assert "mastodon-wijk" not in stored(isolated_env)
    assert credentials_of(wp)["mastodon-wijk"] is None

    forced = wp("account", "login", "mastodon-wijk", "--token", other, "--force")
    assert forced.code == 0, forced
    assert stored(isolated_env)["mastodon-wijk"]["token"] == other
    assert credentials_of(wp)["mastodon-wijk"] == "file"


def test_x_keys_of_another_account_need_force(wp: Any, bare: Net, isolated_env: Path) -> None:
    bare.x.add_user("jasmijn", "Jasmijn")
    keys = x_keys(bare, "jasmijn")
    refused = wp("account", "login", "x-wijk", *x_login_args(keys))
    assert refused.code == 3, refused
    assert "jasmijn" in refused.out + refused.err
    assert "x-wijk" not in stored(isolated_env)
    assert credentials_of(wp)["x-wijk"] is None

    forced = wp("account", "login", "x-wijk", *x_login_args(keys), "--force")
    assert forced.code == 0, forced
    assert {k: stored(isolated_env)["x-wijk"].get(k) for k in X_FIELDS} == keys
    assert credentials_of(wp)["x-wijk"] == "file"


# --------------------------------------------------------------------------- 2. login flows


def test_mastodon_code_of_another_account_is_refused(wp: Any, bare: Net,
                                                     isolated_env: Path) -> None:
    code = bare.mastodon.issue_code("jasmijn")  # the personal account approved the app
    result = wp("account", "login", "mastodon-wijk", input=code + "\n")
    assert "/oauth/authorize" in result.out  # the flow really ran up to the code
    assert result.code == 3, result
    assert "jasmijn" in result.out + result.err
    assert "mastodon-wijk" not in stored(isolated_env)
    assert credentials_of(wp)["mastodon-wijk"] is None
    # The right account's code for the same login goes through.
    good = wp("account", "login", "mastodon-wijk", input=bare.mastodon.issue_code() + "\n")
    assert good.code == 0, good
    assert credentials_of(wp)["mastodon-wijk"] == "file"
    assert wp("account", "check", "mastodon-wijk").code == 0


def _x_pin_login(net: Net, authorizing_user: str, *extra: str) -> tuple[int, str, str]:
    """`account login x-wijk` as a real process: read the address it prints, let
    ``authorizing_user`` approve it, type the PIN X shows."""
    keys = net.x.credentials_for()
    proc = subprocess.Popen(
        [sys.executable, "-m", "wijkpost", "account", "login", "x-wijk", "--consumer-key",
         keys["consumer_key"], "--consumer-secret", keys["consumer_secret"], *extra],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ))
    assert proc.stdout is not None and proc.stdin is not None and proc.stderr is not None
    seen = []
    for line in proc.stdout:
        seen.append(line)
        found = re.search(r"oauth_token=([^&\s]+)", line)
        if found:
            proc.stdin.write(net.x.pin_for(found[1], authorizing_user) + "\n")
            proc.stdin.flush()
            break
    out, err = proc.communicate(timeout=60)
    return proc.returncode, "".join(seen) + out, err


def test_x_pin_of_another_account_is_refused(wp: Any, bare: Net, isolated_env: Path) -> None:
    bare.x.add_user("jasmijn", "Jasmijn")
    code, out, err = _x_pin_login(bare, "jasmijn")
    assert "oauth_token=" in out
    assert code == 3, (out, err)
    assert "jasmijn" in out + err
    assert "x-wijk" not in stored(isolated_env)
    assert credentials_of(wp)["x-wijk"] is None
    assert bare.x.tokens_of("jasmijn") == [], "the token wijkpost was given is given back"


# --------------------------------------------------------------------------- 3. errors in words


def test_x_401_on_publish_says_to_log_in_again(wp: Any, net: Net) -> None:
    net.x.fail(r"^/2/tweets$", 401, method="POST")
    draft_id = draft(wp, "--to", "x-wijk", "Na opnieuw inloggen")
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 4, result
    assert "wijkpost account login x-wijk" in result.out + result.err
    assert net.tweets() == []
    assert status(wp, draft_id)["parts"][0]["state"] != "done"


def test_x_403_is_refused_with_the_reason(wp: Any, net: Net) -> None:
    reason = "This account is temporarily restricted from posting"
    net.x.fail(r"^/2/tweets$", 403, method="POST", body=problem(403, reason))
    draft_id = draft(wp, "--to", "x-wijk", "Geweigerd door X")
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 3, result
    assert reason in result.out + result.err
    assert net.tweets() == []
    assert status(wp, draft_id)["parts"][0]["state"] == "failed"


@pytest.mark.parametrize("code", [403, 422])
def test_mastodon_refusal_is_exit_3_with_the_reason(wp: Any, net: Net, code: int) -> None:
    reason = f"Deze instantie staat dit niet toe ({code})"
    net.mastodon.fail(r"^/api/v1/statuses$", code, method="POST", body={"error": reason})
    draft_id = draft(wp, "--to", "mastodon-wijk", "Geweigerd door Mastodon")
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 3, result
    assert reason in result.out + result.err
    assert net.mastodon.statuses_of("voorbeeldwijk") == []


# --------------------------------------------------------------------------- 4. visibility


def test_the_profiles_visibility_reaches_mastodon(wp: Any, net: Net) -> None:
    config = net.root / "wijkpost.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('        signature: "^JdV"\n',
                        '        signature: "^JdV"\n        visibility: unlisted\n')
    config.write_text(text, encoding="utf-8")
    assert wp("check").code == 0
    assert wp("publish", str(draft(wp, "--to", "mastodon-wijk", "Niet op de tijdlijn")),
              "--now").code == 0
    (toot,) = net.mastodon.statuses_of("voorbeeldwijk")
    assert toot["visibility"] == "unlisted"


# --------------------------------------------------------------------------- 5. keyring


@pytest.fixture
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """An in-memory keyring backend for this test only (this process only)."""
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.backends import fail
    from keyring.errors import PasswordDeleteError

    entries: dict[tuple[str, str], str] = {}

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if entries.pop((service, username), None) is None:
                raise PasswordDeleteError(username)

    keyring.set_keyring(MemoryKeyring())
    try:
        yield entries
    finally:
        keyring.set_keyring(fail.Keyring())
        KeyringBackend._classes.discard(MemoryKeyring)  # type: ignore[attr-defined]


def test_keyring_holds_the_login(wp: Any, bare: Net, isolated_env: Path,
                                 memory_keyring: dict[tuple[str, str], str]) -> None:
    token = bare.mastodon.token_for("jasmijn")
    assert wp("account", "login", "mastodon-prive", "--token", token).code == 0
    keys = x_keys(bare, "voorbeeldwijk")
    assert wp("account", "login", "x-wijk", *x_login_args(keys)).code == 0
    assert not secrets_file(isolated_env).exists()
    names = {name for (_service, name) in memory_keyring}
    assert names == {"mastodon-prive", "x-wijk"}
    assert any(token in value for value in memory_keyring.values())
    listed = credentials_of(wp)
    assert listed["mastodon-prive"] == "keyring" and listed["x-wijk"] == "keyring"
    assert listed["mastodon-wijk"] is None

    assert wp("account", "check", "mastodon-prive").code == 0
    assert wp("publish", str(draft(wp, "--as", "prive", "Vanuit de sleutelhanger")),
              "--now").code == 0
    assert len(bare.mastodon.statuses_of("jasmijn")) == 1
    assert wp("publish", str(draft(wp, "--to", "x-wijk", "Ook op X")), "--now").code == 0
    assert len(bare.tweets()) == 1

    assert wp("account", "logout", "mastodon-prive").code == 0
    assert {name for (_service, name) in memory_keyring} == {"x-wijk"}
    assert credentials_of(wp)["mastodon-prive"] is None
    assert wp("account", "check", "mastodon-prive").code != 0
    assert not secrets_file(isolated_env).exists()


# --------------------------------------------------------------------------- 6. file fallback


def test_secrets_file_is_private_and_announced_once(wp: Any, bare: Net,
                                                    isolated_env: Path) -> None:
    path = secrets_file(isolated_env)
    old = os.umask(0)  # even with a careless umask
    try:
        first = wp("account", "login", "mastodon-wijk", "--token", bare.mastodon.token_for())
        assert first.code == 0, first
        assert path.exists()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert str(path) in first.err and "sleutelhanger" in first.err
        second = wp("account", "login", "mastodon-prive", "--token",
                    bare.mastodon.token_for("jasmijn"))
        assert second.code == 0, second
        assert str(path) not in second.out + second.err  # the warning comes once
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert set(stored(isolated_env)) == {"mastodon-wijk", "mastodon-prive"}
    finally:
        os.umask(old)


# --------------------------------------------------------------------------- 7. rate limits


def test_mastodon_429_is_waited_out_within_the_bound(wp: Any, net: Net) -> None:
    net.mastodon.ratelimit_reset_after = 2.0  # max_wait is 4 in the test config
    net.mastodon.fail(r"^/api/v1/statuses$", 429, method="POST")
    draft_id = draft(wp, "--to", "mastodon-wijk", "Even wachten op Mastodon")
    started = time.monotonic()
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 0, result
    assert time.monotonic() - started >= 0.9  # it waited for the reset, not the 0.05 s backoff
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1
    assert status(wp, draft_id)["status"] == "published"


def test_mastodon_429_beyond_the_bound_names_a_time(wp: Any, net: Net) -> None:
    net.mastodon.ratelimit_reset_after = 3600.0
    net.mastodon.fail(r"^/api/v1/statuses$", 429, method="POST")
    draft_id = draft(wp, "--to", "mastodon-wijk", "Later op Mastodon")
    reset = datetime.now(UTC) + timedelta(seconds=3600)
    # A process of its own: if the bound were ignored it would sleep for an hour, in a thread
    # that nothing in this process could stop.
    try:
        proc = subprocess.run([sys.executable, "-m", "wijkpost", "publish", str(draft_id), "--now"],
                              env=dict(os.environ), capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("publish waited for a reset an hour ahead (beyond publish.max_wait)")
    assert proc.returncode == 4, proc
    assert net.mastodon.statuses_of("voorbeeldwijk") == []
    assert status(wp, draft_id)["parts"][0]["state"] == "pending"
    shown = proc.stdout + proc.stderr
    times = set(re.findall(r"\b(\d\d:\d\d)\b", shown))
    # The reset is an hour ahead, in the project's time zone (Europe/Amsterdam by default).
    tz = ZoneInfo("Europe/Amsterdam")
    expected = {(reset + timedelta(seconds=d)).astimezone(tz).strftime("%H:%M")
                for d in (-61, 0, 61)}
    assert times & expected, shown
    assert f"wijkpost publish {draft_id}" in shown
    # Once the limit is over, a re-run finishes it.
    assert wp("publish", str(draft_id), "--now").code == 0
    assert len(net.mastodon.statuses_of("voorbeeldwijk")) == 1


def test_the_time_to_retry_is_right_across_a_dst_change(
        wp: Any, net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    import wijkpost.publish
    import wijkpost.timeutil

    net.mastodon.ratelimit_reset_after = 3600.0
    net.mastodon.fail(r"^/api/v1/statuses$", 429, method="POST")
    draft_id = draft(wp, "--to", "mastodon-wijk", "Vlak voor de zomertijd")
    # 00:55 UTC is 01:55 CET; an hour later the clocks have gone forward: 03:55 CEST (the
    # local clock plus an hour would say 02:55, a time that does not exist that night).
    moment = datetime(2027, 3, 28, 0, 55, tzinfo=UTC)
    for module in (wijkpost.timeutil, wijkpost.publish):
        monkeypatch.setattr(module, "now_utc", lambda: moment)
    result = wp("publish", str(draft_id), "--now")
    assert result.code == 4, result
    assert set(re.findall(r"\b(\d\d:\d\d)\b", result.out)) & {"03:54", "03:55", "03:56"}, (
        result.out)


# --------------------------------------------------------------------------- 8. no secret shown


def test_no_secret_anywhere_after_logins_publishing_and_debug_failures(
        wp: Any, bare: Net, isolated_env: Path) -> None:
    outputs: list[str] = []

    def run(*args: str, input: str | None = None, expect: int | None = None) -> Result:
        result = run_debug(*args, input=input)
        outputs.extend([result.out, result.err])
        if expect is not None:
            assert result.code == expect, result
        return result

    mastodon, x = bare.mastodon, bare.x
    x.add_user("jasmijn", "Jasmijn")
    work_keys, other_keys = x_keys(bare, "voorbeeldwijk"), x_keys(bare, "jasmijn")
    other_token = mastodon.token_for("jasmijn")

    # Logins: a pasted token, the code flow, the four X keys.
    run("account", "login", "mastodon-wijk", "--token", mastodon.token_for(), expect=0)
    code = mastodon.issue_code("jasmijn")
    run("account", "login", "mastodon-prive", input=code + "\n", expect=0)
    run("account", "login", "x-wijk", *x_login_args(work_keys), expect=0)
    # Looking at them, and publishing with them.
    for args in (("account", "list"), ("account", "list", "--json"), ("account", "check"),
                 ("account", "check", "--json"), ("--debug", "account", "check")):
        run(*args, expect=0)
    draft_id = draft(wp, "Geheimen blijven thuis")
    run("publish", str(draft_id), "--now", expect=0)
    run("status", str(draft_id), "--json", expect=0)

    # Failures under --debug, whose tracebacks pass through code that holds the secrets.
    debug_failures: list[Result] = [
        run("--debug", "account", "login", "mastodon-wijk", "--token", other_token),
        run("--debug", "account", "login", "x-wijk", *x_login_args(other_keys)),
        run("--debug", "account", "login", "mastodon-wijk",
            input="dit-is-geen-geldige-code\n"),
    ]
    mastodon.fail(r"^/api/v1/accounts/verify_credentials$", 500, times=10)
    x.fail(r"^/2/users/me$", 500, times=10)
    debug_failures += [
        run("--debug", "account", "check"),
        run("--debug", "account", "login", "mastodon-prive", "--token", other_token),
        run("--debug", "account", "login", "x-wijk", *x_login_args(work_keys)),
    ]
    mastodon.clear_faults()
    x.clear_faults()
    mastodon.fail(r"^/api/v1/statuses$", 401, method="POST")
    x.fail(r"^/2/tweets$", 503, method="POST", times=10)
    debug_failures.append(run("--debug", "publish", str(draft(wp, "Nog een")), "--now"))
    assert all(r.code != 0 for r in debug_failures), debug_failures
    assert any("Traceback" in r.err for r in debug_failures)  # the test saw real tracebacks

    # (The authorization code is not among them: the user pastes it, visibly, from the page
    # that shows it, and it is good for one exchange only.)
    secrets = {other_token, *work_keys.values(), *other_keys.values(), *mastodon.tokens}
    secrets |= {app["client_secret"] for app in mastodon.apps.values()}
    secrets = {s for s in secrets if len(s) >= 8}
    assert len(secrets) >= 8
    written = [(p, p.read_bytes()) for base in (isolated_env, bare.root)
               for p in base.rglob("*") if p.is_file() and p.name != "secrets.json"]
    assert len(written) >= 3, [p for p, _ in written]  # the store, the journal, the site post
    for secret in secrets:
        for text in outputs:
            assert secret not in text, f"a secret was shown: …{text[-600:]}"
        for path, data in written:
            assert secret.encode() not in data, f"a secret was written to {path}"
