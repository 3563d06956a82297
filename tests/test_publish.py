"""Publishing to the site channel: one post file per draft, whatever happens in between."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_png
from wijkpost import drafts, journal
from wijkpost.config import load_config
from wijkpost.publish import publish, publish_due
from wijkpost.store import Store

pytestmark = pytest.mark.usefixtures("project")


def post_files(project: Path, uid: str | None = None) -> list[Path]:
    files = sorted((project / "sites/voorbeeldwijk/posts").rglob("*.md"))
    return [f for f in files if uid is None or f"uid: {uid}" in f.read_text(encoding="utf-8")]


def new_draft(wp: Any, *args: str) -> dict[str, Any]:
    result = wp("draft", "new", "--json", "--to", "voorbeeldwijk", *args)
    assert result.code == 0, result
    data: dict[str, Any] = json.loads(result.out)
    return data


def test_publish_writes_one_post_and_builds(wp: Any, project: Path, tmp_path: Path) -> None:
    picture = make_png(tmp_path / "bankje.png")
    draft = new_draft(wp, "--title", "Nieuw bankje in het park", "--tag", "groen",
                      "--image", str(picture), "--alt", "Een houten bankje",
                      "Er staat een **nieuw** bankje bij de vijver.")
    before = len(post_files(project))
    result = wp("publish", str(draft["id"]), "--now")
    assert result.code == 0, result
    assert "Als Jasmijn de Vries (jdevries), hoed werk" in result.out  # the hat, before anything
    assert "gepubliceerd" in result.out
    mine = post_files(project, draft["uid"])
    assert len(mine) == 1 and len(post_files(project)) == before + 1
    text = mine[0].read_text(encoding="utf-8")
    assert "title: Nieuw bankje in het park" in text and "author: jdevries" in text
    assert "alt: Een houten bankje" in text and "tags: [groen]" in text
    assert text.endswith("bij de vijver.\n")  # a text file ends with a newline
    slug_dir = mine[0].parent.relative_to(project / "sites/voorbeeldwijk/posts")
    page = project / "sites/voorbeeldwijk/public" / slug_dir / "nieuw-bankje-in-het-park/index.html"
    assert page.is_file(), "the site was rebuilt with the new post"
    assert "Een houten bankje" in page.read_text(encoding="utf-8")
    media = project / "sites/voorbeeldwijk/media" / slug_dir
    assert (media / "nieuw-bankje-in-het-park-1.png").read_bytes() == picture.read_bytes()

    again = wp("publish", str(draft["id"]), "--now")
    assert again.code == 0, again
    assert len(post_files(project, draft["uid"])) == 1
    status = json.loads(wp("status", str(draft["id"]), "--json").out)
    assert status["status"] == "published"
    assert [p["state"] for p in status["parts"]] == ["done"]
    assert re.match(r"https://voorbeeldwijk\.example/\d{4}/", status["parts"][0]["url"])


def test_dry_run_writes_nothing(wp: Any, project: Path) -> None:
    draft = new_draft(wp, "Alleen kijken")
    before = post_files(project)
    result = wp("publish", str(draft["id"]), "--now", "--dry-run")
    assert result.code == 0, result
    assert "voorbeeldwijk" in result.out
    assert post_files(project) == before
    assert json.loads(wp("status", str(draft["id"]), "--json").out)["parts"] == []


def _journal_row(draft_id: int) -> journal.Row:
    with Store() as store:
        (row,) = journal.rows(store, draft_id)
    return row


def _pretend_crash(draft_id: int, *, delete_file: Path | None = None) -> None:
    """Put the journal back as a crash during the call would have left it."""
    with Store() as store:
        store.db.execute("UPDATE journal SET state = 'sending' WHERE draft_id = ?", (draft_id,))
        store.db.execute("UPDATE drafts SET status = 'publishing' WHERE id = ?", (draft_id,))
    if delete_file:
        delete_file.unlink()


def test_crash_after_write_is_reconciled(wp: Any, project: Path) -> None:
    draft = new_draft(wp, "--title", "Eén keer", "Niet twee keer.")
    assert wp("publish", str(draft["id"]), "--now").code == 0
    _pretend_crash(draft["id"])  # the file was written, the 'done' never recorded
    assert wp("publish", str(draft["id"]), "--now").code == 0
    assert len(post_files(project, draft["uid"])) == 1
    assert _journal_row(draft["id"]).state == "done"


def test_crash_before_write_sends_once(wp: Any, project: Path) -> None:
    draft = new_draft(wp, "--title", "Alsnog", "Bijna verloren.")
    assert wp("publish", str(draft["id"]), "--now").code == 0
    (written,) = post_files(project, draft["uid"])
    _pretend_crash(draft["id"], delete_file=written)  # planned, never written
    assert wp("publish", str(draft["id"]), "--now").code == 0
    (again,) = post_files(project, draft["uid"])
    assert again == written  # the name fixed before the crash is kept


def test_slug_is_unique_within_a_month(wp: Any, project: Path) -> None:
    first = new_draft(wp, "--title", "Zelfde titel", "Een")
    second = new_draft(wp, "--title", "Zelfde titel", "Twee")
    for draft in (first, second):
        assert wp("publish", str(draft["id"]), "--now").code == 0
    (a,) = post_files(project, first["uid"])
    (b,) = post_files(project, second["uid"])
    assert a.stem.endswith("-zelfde-titel") and b.stem.endswith("-zelfde-titel-2")


def test_killed_publish_is_finished_by_a_rerun(wp: Any, project: Path) -> None:
    """SIGKILL a real `wijkpost publish` at different moments; a re-run always ends with exactly
    one post file and a published draft."""
    env = {**os.environ}
    for delay in (0.0, 0.15, 0.3, 0.45, 0.6, 0.9):
        draft = new_draft(wp, "--title", f"Gestopt na {delay}", "Tekst.")
        proc = subprocess.Popen([sys.executable, "-m", "wijkpost", "publish", str(draft["id"]),
                                 "--now"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert len(post_files(project, draft["uid"])) <= 1
        rerun = wp("publish", str(draft["id"]), "--now")
        assert rerun.code == 0, rerun
        assert len(post_files(project, draft["uid"])) == 1
        assert json.loads(wp("status", str(draft["id"]), "--json").out)["status"] == "published"


# --------------------------------------------------------------------------- office hours


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.fixture
def office_open(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """For tests that run `publish --due` on the clock: a Wednesday morning, inside the work
    hat's office hours, so that they pass on a Friday evening too (outside them, the draft
    rightly waits)."""
    import wijkpost.publish
    import wijkpost.timeutil

    moment = _at("2026-11-25T10:00:00+01:00")
    for module in (wijkpost.timeutil, wijkpost.publish):
        monkeypatch.setattr(module, "now_utc", lambda: moment)
    return moment


def test_office_hours_make_work_posts_wait(wp: Any, project: Path) -> None:
    config = load_config()
    draft_id = new_draft(wp, "Op zaterdag geschreven")["id"]
    saturday = _at("2026-11-28T10:00:00+01:00")
    with Store() as store:
        result = publish(store, config, drafts.get(store, draft_id), clock=saturday)
        assert not result.published
        assert result.waiting_until == datetime.fromisoformat("2026-11-30T08:30:00+01:00")
        draft = drafts.get(store, draft_id)
        assert draft.status == "queued" and journal.rows(store, draft_id) == []
        # Cron on Sunday: not due yet. Monday 08:30: out it goes.
        assert publish_due(store, config, clock=_at("2026-11-29T12:00:00+01:00")) == []
        (done,) = publish_due(store, config, clock=_at("2026-11-30T08:31:00+01:00"))
        assert done.published
    assert len(post_files(project, draft.uid)) == 1


def test_scheduled_draft_waits_for_its_time(wp: Any, project: Path) -> None:
    config = load_config()
    draft = new_draft(wp, "--at", "2026-12-02 10:00", "Gepland")
    assert draft["status"] == "queued"
    with Store() as store:
        assert publish_due(store, config, clock=_at("2026-12-02T09:59:00+01:00")) == []
        (done,) = publish_due(store, config, clock=_at("2026-12-02T10:00:00+01:00"))
        assert done.published and done.draft_id == draft["id"]


def test_a_scheduled_draft_says_when_it_goes_out(wp: Any, project: Path) -> None:
    """The time is echoed as understood, and moved to the first office hour after it when the
    hat has office hours: draft new, show, status and list all say the same."""
    saturday = "2030-11-30 10:00"  # jdevries/werk: ma-do 08:30-17:00, vr 08:30-12:30
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--at", saturday, "Op zaterdag gepland")
    assert result.code == 0, result
    expected = ("Gaat uit op 2030-12-02 08:30, de eerste kantoortijd na 2030-11-30 10:00, "
                "met 'wijkpost publish --due'.")
    assert expected in result.out
    draft_id = result.out.split()[1]
    assert expected in wp("draft", "show", draft_id).out
    assert expected in wp("status", draft_id).out
    assert "2030-12-02 08:30" in wp("draft", "list").out
    wednesday = wp("draft", "new", "--to", "voorbeeldwijk", "--at", "2030-11-27 10:00", "Woensdag")
    assert "Gaat uit op 2030-11-27 10:00, met 'wijkpost publish --due'." in wednesday.out
    unscheduled = wp("draft", "new", "--to", "voorbeeldwijk", "Zonder tijd")
    assert "Gaat uit" not in unscheduled.out + wp("draft", "show", unscheduled.out.split()[1]).out


def test_a_scheduled_draft_waits_in_local_time_everywhere(wp: Any, project: Path) -> None:
    """The store keeps UTC; people and --json get the project's time, in one form."""
    draft_id = new_draft(wp, "--at", "2030-11-27 10:00", "Woensdag")["id"]
    result = wp("publish", str(draft_id))
    assert result.code == 4 and "wacht tot 2030-11-27 10:00" in result.out, result
    waiting = json.loads(wp("publish", str(draft_id), "--json").out)["waiting_until"]
    assert waiting == "2030-11-27T10:00:00+01:00"
    (listed,) = json.loads(wp("draft", "list", "--json").out)
    assert listed["goes_out"] == "2030-11-27T10:00:00+01:00"
    assert json.loads(wp("status", str(draft_id), "--json").out)["goes_out"] == waiting
    dry = wp("publish", str(draft_id), "--dry-run").out
    assert f"Concept {draft_id}, proef" in dry and "wacht tot 2030-11-27 10:00" in dry


def test_a_draft_waiting_for_office_hours_says_when(wp: Any, project: Path) -> None:
    draft_id = new_draft(wp, "Op zaterdag geschreven")["id"]
    with Store() as store:
        publish(store, load_config(), drafts.get(store, draft_id),
                clock=_at("2030-11-30T10:00:00+01:00"))
    result = wp("draft", "show", str(draft_id))
    assert ("Gaat uit op 2030-12-02 08:30, de eerste kantoortijd, met 'wijkpost publish --due'."
            in result.out)


def test_a_new_time_replaces_the_office_hours_wait(wp: Any, project: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_drafts import editor

    draft_id = new_draft(wp, "--at", "2030-11-29 14:00", "Spreekuur verschoven")["id"]
    config = load_config()
    with Store() as store:  # Friday 14:00: the office shut at 12:30, so it waits for Monday
        result = publish(store, config, drafts.get(store, draft_id),
                         clock=_at("2030-11-29T14:00:00+01:00"))
        assert result.waiting_until == datetime.fromisoformat("2030-12-02T08:30:00+01:00")
    editor(tmp_path, monkeypatch,
           "---\nto: [voorbeeldwijk]\nat: 2030-11-28 10:00\n---\nSpreekuur verschoven\n")
    edited = wp("draft", "edit", str(draft_id))
    assert "Gaat uit op 2030-11-28 10:00, met 'wijkpost publish --due'." in edited.out, edited
    with Store() as store:
        (done,) = publish_due(store, config, clock=_at("2030-11-28T10:05:00+01:00"))
    assert done.published and done.draft_id == draft_id


@pytest.mark.usefixtures("office_open")
def test_publish_due_dry_run_sends_nothing(wp: Any, project: Path) -> None:
    draft = new_draft(wp, "--at", "2026-01-05 10:00", "Droog")
    result = wp("publish", "--due", "--dry-run")
    assert result.code == 0, result
    assert result.out.count("Als Jasmijn de Vries") == 1 and "zou 1 deel versturen" in result.out
    assert f"Concept {draft['id']}, proef (er wordt niets verstuurd):" in result.out
    assert post_files(project, draft["uid"]) == []
    assert json.loads(wp("status", str(draft["id"]), "--json").out)["status"] == "queued"
    data = json.loads(wp("publish", "--due", "--dry-run", "--json").out)
    assert [(d["draft"], d["dry_run"], d["published"]) for d in data] == [
        (draft["id"], True, False)]
    refused = wp("publish", "--due", "--now")
    assert refused.code == 2 and "--now past daar niet bij" in refused.err
    assert post_files(project, draft["uid"]) == []


def test_a_dry_run_of_a_waiting_draft_names_the_hat_once(wp: Any, project: Path) -> None:
    new_draft(wp, "--at", "2030-11-30 10:00", "Zaterdag")
    result = wp("publish", "1", "--dry-run")
    assert result.out.count("Als Jasmijn de Vries") == 1, result.out
    assert "wacht" in result.out and "zou 1 deel versturen" in result.out


def test_a_queued_draft_whose_hat_is_gone_still_lists(wp: Any, project: Path) -> None:
    draft_id = new_draft(wp, "--at", "2030-11-27 10:00", "Woensdag")["id"]
    with Store() as store:  # as if the hat was renamed in wijkpost.yaml since
        store.db.execute("UPDATE drafts SET profile = 'oud' WHERE id = ?", (draft_id,))
    listed = wp("draft", "list")
    assert listed.code == 0 and "2030-11-27 10:00" in listed.out, listed
    assert wp("status", str(draft_id)).code == 0
    refused = wp("draft", "show", str(draft_id))
    assert refused.code == 3 and "jdevries/oud bestaat niet meer" in refused.err, refused


def test_going_out_follows_the_clock(wp: Any, project: Path) -> None:
    config = load_config()
    waiting = new_draft(wp, "--at", "2030-11-30 10:00", "Zaterdag")["id"]
    plain = new_draft(wp, "Zonder tijd")["id"]
    with Store() as store:
        draft = drafts.get(store, waiting)
        monday = _at("2030-12-02T08:30:00+01:00")
        assert drafts.going_out(draft, config, _at("2030-11-29T12:00:00+01:00")) == monday
        later = _at("2030-12-03T09:00:00+01:00")  # cron did not run: due at once
        assert drafts.going_out(draft, config, later) == later
        friday_late = _at("2030-12-06T15:00:00+01:00")  # its time went by, and the office is shut
        assert drafts.going_out(draft, config, friday_late) == _at("2030-12-09T08:30:00+01:00")
        assert drafts.going_out(drafts.get(store, plain), config, later) is None  # not queued


@pytest.mark.parametrize(("at", "accepted"), [("2027-03-28 02:30", False),
                                               ("2027-03-28 03:30", True),
                                               ("2027-10-31 02:30", True)])  # twice; the first
def test_a_time_the_clock_skips_is_refused(wp: Any, project: Path, at: str, accepted: bool
                                           ) -> None:
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--at", at, "Zomertijd")
    if accepted:
        assert result.code == 0, result
        return
    assert result.code == 2, result
    assert f"--at: {at} bestaat niet in Europe/Amsterdam" in result.err
    assert wp("draft", "list").out.strip() == "Geen concepten."


def test_now_overrides_office_hours(wp: Any, project: Path) -> None:
    config = load_config()
    draft_id = new_draft(wp, "Dringend: weg afgesloten")["id"]
    sunday_night = _at("2026-11-29T23:00:00+01:00")
    with Store() as store:
        result = publish(store, config, drafts.get(store, draft_id), now=True, clock=sunday_night)
    assert result.published


def test_personal_profile_has_no_office_hours(wp: Any, project: Path) -> None:
    """Personal posts never wait: office hours are a work habit (and refused in config)."""
    config = load_config()
    profile = config.authors["jdevries"].profiles["prive"]
    assert profile.office_hours is None and not profile.is_work


def test_post_without_title_gets_its_first_sentence(wp: Any, project: Path) -> None:
    draft = new_draft(wp, "De **markt** gaat vrijdag door. Kom langs bij de kraam!")
    assert wp("publish", str(draft["id"]), "--now").code == 0
    (post,) = post_files(project, draft["uid"])
    assert "title: De markt gaat vrijdag door\n" in post.read_text(encoding="utf-8")
    assert post.name.endswith("-de-markt-gaat-vrijdag-door.md")


def test_dry_run_with_a_problem_exits_2(wp: Any, project: Path, tmp_path: Path) -> None:
    picture = make_png(tmp_path / "te-groot.png", size=11 * 1024 * 1024)  # the site takes 10 MB
    draft = new_draft(wp, "--image", str(picture), "--alt", "Een bankje", "Een grote foto")
    result = wp("publish", str(draft["id"]), "--now", "--dry-run")
    assert result.code == 2 and "accepteert hoogstens 10 MB" in result.out
    real = wp("publish", str(draft["id"]), "--now")
    assert real.code == 2 and "accepteert hoogstens 10 MB" in real.err
    assert post_files(project, draft["uid"]) == []  # refused before anything went out


@pytest.mark.usefixtures("office_open")
def test_the_drafts_of_a_moved_project_can_be_taken_over(wp: Any, project: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """After the project folder is moved, its drafts are not lost out of sight: list and the
    cron line say so, and `draft adopt` brings each into the project where it now is."""
    waiting = new_draft(wp, "--at", "2026-01-05 10:00", "Gepland, voor de verhuizing")
    moved = project.parent / "verhuisd"
    project.rename(moved)
    monkeypatch.chdir(moved)
    listed = wp("draft", "list")
    assert listed.out.strip() == "Geen concepten."
    assert f"concept {waiting['id']} hoort bij een project dat er niet meer is" in listed.err
    due = wp("publish", "--due")  # cron's run fails: a draft whose time has come is stuck
    assert due.code == 3 and "Niets te publiceren." in due.out and "draft adopt" in due.err
    refused = wp("draft", "show", str(waiting["id"]))
    assert refused.code == 3 and "geen wijkpost.yaml meer" in refused.err
    assert f"'wijkpost draft adopt {waiting['id']}'" in refused.err
    adopted = wp("draft", "adopt", str(waiting["id"]))
    assert adopted.code == 0 and str(moved.resolve()) in adopted.out, adopted
    assert "draft adopt" not in wp("draft", "list").err
    assert wp("publish", "--due").code == 0
    assert len(post_files(moved, waiting["uid"])) == 1


def test_a_draft_of_a_gone_project_can_be_deleted(wp: Any, project: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when no project has its hat, so it can never be taken over."""
    first, second = new_draft(wp, "Een")["id"], new_draft(wp, "Twee")["id"]
    moved = project.parent / "verhuisd"
    project.rename(moved)
    monkeypatch.chdir(moved)
    note = wp("draft", "list").err
    assert f"de concepten {first}, {second} horen bij een project dat er niet meer is" in note
    config = moved / "wijkpost.yaml"
    config.write_text(config.read_text().replace("      werk:", "      wijk:", 1), encoding="utf-8")
    refused = wp("draft", "adopt", str(first))
    assert refused.code == 3 and "hoed jdevries/werk" in refused.err, refused
    assert f"'wijkpost draft delete {first}'" in refused.err
    assert wp("draft", "delete", str(first), "--yes").code == 0
    note = wp("draft", "list").err
    assert f"concept {second} hoort bij een project" in note and f"{first}," not in note


def test_a_draft_of_a_project_that_still_exists_is_not_taken_over(
        wp: Any, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    here = new_draft(wp, "Voor de eigen wijk")
    other = project.parent / "andere-wijk"
    shutil.copytree(project, other)
    monkeypatch.chdir(other)
    refused = wp("draft", "adopt", str(here["id"]))
    assert refused.code == 3 and "hoort bij het project in" in refused.err
    # Gone, but this project has no site of that name: the hat's targets must exist here.
    (project / "wijkpost.yaml").unlink()
    config = other / "wijkpost.yaml"
    config.write_text(config.read_text().replace("voorbeeldwijk", "anderewijk"), encoding="utf-8")
    refused = wp("draft", "adopt", str(here["id"]))
    assert refused.code == 2 and "doel 'voorbeeldwijk' bestaat niet" in refused.err, refused


@pytest.mark.usefixtures("office_open")
def test_a_draft_stays_in_the_project_it_was_written_in(wp: Any, project: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """One person's store holds the drafts of all their projects. A second neighbourhood with
    the same author, hat and site name must neither see nor publish the first one's drafts."""
    import shutil

    other = project.parent / "andere-wijk"
    shutil.copytree(project, other)
    here = new_draft(wp, "Voor de eigen wijk")
    due = new_draft(wp, "--at", "2026-01-05 10:00", "Gepland voor de eigen wijk")
    monkeypatch.chdir(other)
    listed = json.loads(wp("draft", "list", "--json").out)
    assert listed == []
    for command in (["publish", str(here["id"]), "--now"], ["draft", "show", str(here["id"])],
                    ["draft", "edit", str(here["id"])], ["status", str(here["id"])],
                    ["draft", "delete", str(here["id"]), "--yes"]):
        refused = wp(*command)
        assert refused.code == 3, (command, refused)
        assert (f"concept {here['id']} hoort bij het project in {project.resolve()}; werk daar, "
                f"of geef --config {project.resolve() / 'wijkpost.yaml'}") in refused.err
    assert wp("publish", "--due").code == 0  # the other project's cron line: nothing of ours
    assert post_files(other, here["uid"]) == post_files(other, due["uid"]) == []
    mine = new_draft(wp, "Voor de andere wijk")
    assert [d["id"] for d in json.loads(wp("draft", "list", "--json").out)] == [mine["id"]]
    monkeypatch.chdir(project)
    assert wp("publish", "--due").code == 0
    assert len(post_files(project, due["uid"])) == 1
    assert wp("publish", str(here["id"]), "--now").code == 0
    assert len(post_files(project, here["uid"])) == 1
    with Store() as store:  # a draft from before drafts had a project stays usable anywhere
        store.db.execute("UPDATE drafts SET project = NULL WHERE id = ?", (mine["id"],))
    assert wp("draft", "show", str(mine["id"])).code == 0
