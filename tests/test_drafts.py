"""Drafts through the CLI: writing, listing, preview, editing in $EDITOR, deleting, hat guards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_png

pytestmark = pytest.mark.usefixtures("project")


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *replies: str | None) -> Path:
    """Make $EDITOR a script that records what it was shown and saves the next reply (None:
    leaves the file as it was shown)."""
    log = tmp_path / "editor-log"
    log.mkdir(exist_ok=True)
    for n, reply in enumerate(replies):
        if reply is not None:
            (log / f"reply-{n}").write_text(reply, encoding="utf-8")
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys, pathlib\n"
        f"log = pathlib.Path({str(log)!r})\n"
        "n = len(list(log.glob('seen-*')))\n"
        "target = pathlib.Path(sys.argv[1])\n"
        "(log / f'seen-{n}').write_text(target.read_text(encoding='utf-8'), encoding='utf-8')\n"
        "reply = log / f'reply-{n}'\n"
        "if reply.exists():\n"
        "    target.write_text(reply.read_text(encoding='utf-8'), encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return log


def new(wp: Any, *args: str) -> int:
    result = wp("draft", "new", "--json", *args)
    assert result.code == 0, result
    draft_id: int = json.loads(result.out)["id"]
    return draft_id


def test_new_from_argument_list_and_show(wp: Any) -> None:
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--title", "Snoeiwerk",
                "--tag", "Groen", "--tag", "#groen", "De bomen aan de Beukenstraat gaan eraf.")
    assert result.code == 0, result
    assert "Concept 1 opgeslagen" in result.out and "Jasmijn de Vries" in result.out
    listed = wp("draft", "list")
    assert "jdevries/werk" in listed.out and "Snoeiwerk" in listed.out
    shown = json.loads(wp("draft", "show", "1", "--json").out)
    assert shown["tags"] == ["groen"]  # normalised and de-duplicated
    assert shown["targets"] == ["voorbeeldwijk"]
    assert shown["preview"][0]["parts"][0]["content"]["title"] == "Snoeiwerk"


def test_new_from_stdin(wp: Any) -> None:
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--json", input="Tekst via stdin\n")
    assert result.code == 0, result
    assert json.loads(result.out)["body"] == "Tekst via stdin"


def in_terminal(*args: str, typed: str = "") -> subprocess.CompletedProcess[str]:
    """Run wijkpost (a real subprocess) with a terminal on stdin, as a person does, who types
    ``typed``."""
    terminal, other_end = os.openpty()
    try:
        os.write(other_end, typed.encode())
        return subprocess.run([sys.executable, "-m", "wijkpost", *args], stdin=terminal,
                              capture_output=True, text=True, timeout=60, check=False)
    finally:
        os.close(terminal)
        os.close(other_end)


def test_new_in_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no text and a terminal on stdin, `draft new` opens $EDITOR on the options as front
    matter; what the user leaves there is what is saved."""
    log = editor(tmp_path, monkeypatch,
                 "---\ntitle: Uit de editor\nprofile: werk\nto: [voorbeeldwijk, mastodon-wijk]\n"
                 "tags: [groen, Bomen]\nat: 2026-12-01 10:00\n---\nGeschreven in vi.\n")
    result = in_terminal("draft", "new", "--to", "voorbeeldwijk", "--tag", "afval", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "Uit de editor" and data["body"] == "Geschreven in vi."
    assert data["tags"] == ["groen", "bomen"]
    assert data["targets"] == ["voorbeeldwijk", "mastodon-wijk"]
    assert data["status"] == "queued" and data["scheduled_at"].startswith("2026-12-01T09:00")
    shown = (log / "seen-0").read_text()  # the options given on the command line, to change
    assert "profile: werk" in shown and "to: [voorbeeldwijk]" in shown
    assert "tags: [afval]" in shown


def test_new_in_editor_keeps_a_text_that_fails_its_checks(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          wp: Any) -> None:
    broken = "---\ntitle: Bomen\ntagz: [groen]\n---\nZaterdag planten we bomen.\n"
    log = editor(tmp_path, monkeypatch, broken, None,
                 broken.replace("tagz", "tags"))  # (None: saved as it was shown)
    first = in_terminal("draft", "new")
    assert first.returncode == 2
    assert "concept:3: onbekende sleutel 'tagz'" in first.stderr
    assert "Je tekst is bewaard in" in first.stderr and "'wijkpost draft new'" in first.stderr
    second = in_terminal("draft", "new")  # starts from the kept text; unchanged, still wrong
    assert "Verder met je vorige" in second.stderr and second.returncode == 2
    assert (log / "seen-1").read_text() == broken
    third = in_terminal("draft", "new", "--json")
    assert third.returncode == 0, third.stderr
    assert json.loads(third.stdout)["tags"] == ["groen"]
    fourth = in_terminal("draft", "new")  # nothing left over: a fresh template, left as it is
    assert fourth.returncode == 2 and "het concept is leeg" in fourth.stderr
    assert "bewaard" not in fourth.stderr and "Verder" not in fourth.stderr
    assert len(json.loads(wp("draft", "list", "--json").out)) == 1


def test_new_in_editor_takes_plain_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor(tmp_path, monkeypatch, "Gewoon tekst, zonder voorwerk.\n")
    result = in_terminal("draft", "new", "--title", "Kort", "--tag", "buurt", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["body"] == "Gewoon tekst, zonder voorwerk." and data["title"] == "Kort"
    assert data["tags"] == ["buurt"]


def test_invisible_text_is_empty(wp: Any) -> None:
    for args in (["\u200b\u200b"], ["--title", "\u200b", "\u2060\u00ad "]):
        result = wp("draft", "new", "--to", "voorbeeldwijk", *args)
        assert result.code == 2 and "het concept is leeg" in result.err, result
    # a zero-width title on a real text is no title
    titled = json.loads(wp("draft", "new", "--json", "--to", "voorbeeldwijk", "--title",
                           "\u200b", "Tekst").out)
    assert titled["title"] is None


def test_a_title_is_one_line_and_text_cannot_turn_itself_around(wp: Any) -> None:
    draft_id = new(wp, "--title", "Bomen\nplanten", "Zaterdag \u202edlaw ni\u202c om tien uur.")
    listed = wp("draft", "list").out
    assert "Bomen planten" in listed and "\u202e" not in listed
    shown = wp("draft", "show", str(draft_id)).out
    assert "\u202e" not in shown and "dlaw ni" in shown


def test_an_alt_text_without_an_image_is_named_as_such(wp: Any) -> None:
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--alt", "zonder beeld", "Tekst")
    assert result.code == 2 and "--alt beschrijft een afbeelding: geef die met --image" in (
        result.err)


def test_images_are_shown_by_their_names_and_a_too_big_one_is_said_at_once(
        wp: Any, tmp_path: Path) -> None:
    big = make_png(tmp_path / "plattegrond.png", size=6 * 1024 * 1024)  # X takes 5 MB
    small = make_png(tmp_path / "bankje.png")
    result = wp("draft", "new", "--json", "--to", "x-wijk",
                "--image", str(big), "--alt", "Kaart", "--image", str(small), "--alt", "Bank",
                "--reply-to", "https://x.com/anna/status/123", "Tekst")
    assert result.code == 0, result
    assert "let op: plattegrond.png is 6,0 MB; x-wijk accepteert hoogstens 5 MB" in result.err
    shown = wp("draft", "show", str(json.loads(result.out)["id"])).out
    assert "Antwoord op https://x.com/anna/status/123" in shown
    assert "x-wijk (twitter): plattegrond.png is 6,0 MB" in shown
    other = make_png(tmp_path / "boom.png", size=2048)
    site = new(wp, "--image", str(small), "--alt", "Bank", "--image", str(other), "--alt", "Boom",
               "Twee foto's")
    shown = wp("draft", "show", str(site)).out  # by the names the author gave them
    assert "afbeelding bankje.png, alt: Bank" in shown
    assert "afbeelding boom.png, alt: Boom" in shown


def test_empty_draft_is_refused(wp: Any) -> None:
    result = wp("draft", "new", "--to", "voorbeeldwijk", input="  \n")
    assert result.code == 2 and "leeg" in result.err


def test_a_draft_past_the_size_limit_is_refused_with_the_limit(wp: Any) -> None:
    from wijkpost.drafts import MAX_BODY, MAX_TITLE

    most = "woord " * (MAX_BODY // 6)
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--title", "t" * MAX_TITLE, input=most)
    assert result.code == 0, result
    # Read from stdin (a log file piped in by mistake) and as an argument alike.
    for args, given in ((["--to", "voorbeeldwijk"], {"input": most + "x" * 10 * MAX_BODY}),
                        (["--to", "voorbeeldwijk", "a" * (MAX_BODY + 1)], {})):
        result = wp("draft", "new", *args, **given)
        assert result.code == 2 and "te lang: meer dan 100.000 tekens" in result.err, result
    english = wp("--lang", "en", "draft", "new", "--to", "voorbeeldwijk", "a" * (MAX_BODY + 1))
    assert english.code == 2 and "more than 100,000 characters" in english.err, english
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--title", "t" * (MAX_TITLE + 1), "x")
    assert result.code == 2 and f"{MAX_TITLE + 1} tekens, hoogstens {MAX_TITLE}" in result.err
    assert len(json.loads(wp("draft", "list", "--json").out)) == 1


def test_tags_separated_by_commas_are_several(wp: Any, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = new(wp, "--to", "voorbeeldwijk", "--tag", "Groen, #afval", "--tag", "afval", "x")
    assert json.loads(wp("draft", "show", str(draft_id), "--json").out)["tags"] == [
        "groen", "afval"]
    editor(tmp_path, monkeypatch, "---\ntags: verkeer, parkeren\n---\nTekst\n")
    assert wp("draft", "edit", str(draft_id)).code == 0
    assert json.loads(wp("draft", "show", str(draft_id), "--json").out)["tags"] == [
        "verkeer", "parkeren"]


@pytest.mark.parametrize("tag", ["!!!", "#", "…"])
def test_a_tag_without_a_letter_or_digit_is_refused(wp: Any, tag: str) -> None:
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--tag", tag, "x")
    assert result.code == 2, result
    assert "heeft geen letter of cijfer" in result.err


def test_a_wrong_type_in_front_matter_is_named_in_words(wp: Any, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = new(wp, "--to", "voorbeeldwijk", "x")
    editor(tmp_path, monkeypatch, "---\nto: 2.5\n---\nTekst\n", "---\nto: 2026-11-25\n---\n")
    result = wp("draft", "edit", str(draft_id))
    assert result.code == 2 and "to: verwacht lijst, kreeg kommagetal" in result.err, result
    assert f"concept {draft_id}:2: to:" in result.err
    result = wp("--lang", "en", "draft", "edit", str(draft_id))
    assert result.code == 2 and "to: expected list, got date" in result.err, result
    assert f"draft {draft_id}:2: to:" in result.err


def test_edit_round_trip(wp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = new(wp, "--to", "voorbeeldwijk", "--title", "Eerst", "Oude tekst")
    log = editor(tmp_path, monkeypatch,
                 "---\ntitle: Daarna\nprofile: werk\nto: [voorbeeldwijk, mastodon-wijk]\n"
                 "tags: [verkeer]\nat: 2026-12-01 10:00\n---\nNieuwe tekst\n")
    result = wp("draft", "edit", str(draft_id))
    assert result.code == 0, result
    assert (f"Concept {draft_id} bijgewerkt: Jasmijn de Vries, hoed werk → voorbeeldwijk, "
            "mastodon-wijk") in result.out
    seen = (log / "seen-0").read_text()
    assert "title: Eerst" in seen and "Oude tekst" in seen
    data = json.loads(wp("draft", "show", str(draft_id), "--json").out)
    assert data["title"] == "Daarna" and data["body"] == "Nieuwe tekst\n".strip("\n")
    assert data["targets"] == ["voorbeeldwijk", "mastodon-wijk"]
    assert data["scheduled_at"] == "2026-12-01T09:00:00Z"  # 10:00 in Amsterdam, winter time
    assert data["status"] == "queued"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("---\ntitle: [kapot\n---\ntekst\n", ":3:"),  # unclosed list, found at the closing ---
        ("---\ntitle: x\ntagz: [a]\n---\ntekst\n", "tagz"),  # unknown key, with a suggestion
        ("---\ntitle: x\nto: [x-politie]\n---\ntekst\n", "x-politie"),  # another person's account
        ("---\ntitle: x\nat: morgen vroeg\n---\ntekst\n", "morgen vroeg"),  # not a date
        ("geen voorwerk\n", ":1:"),
    ],
)
def test_invalid_edit_is_kept_and_resumed(wp: Any, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, reply: str,
                                          expected: str) -> None:
    draft_id = new(wp, "--to", "voorbeeldwijk", "Origineel")
    fixed = "---\ntitle: Hersteld\n---\nGoed nu\n"
    log = editor(tmp_path, monkeypatch, reply, fixed)
    result = wp("draft", "edit", str(draft_id))
    assert result.code in (2, 3), result
    assert expected in result.err and "bewaard" in result.err
    assert "Traceback" not in result.err
    # Nothing was saved...
    assert json.loads(wp("draft", "show", str(draft_id), "--json").out)["body"] == "Origineel"
    # ...and nothing was lost: the next edit starts from the rejected text.
    result = wp("draft", "edit", str(draft_id))
    assert result.code == 0, result
    assert (log / "seen-1").read_text() == reply
    assert json.loads(wp("draft", "show", str(draft_id), "--json").out)["title"] == "Hersteld"


def test_a_published_draft_is_not_opened_for_editing(wp: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = new(wp, "--to", "voorbeeldwijk", "Gaat de wijk in")
    assert wp("publish", str(draft_id), "--now").code == 0
    log = editor(tmp_path, monkeypatch, "---\ntitle: Te laat\n---\nAnders\n")
    result = wp("draft", "edit", str(draft_id))
    assert result.code == 3, result
    assert f"concept {draft_id} is gepubliceerd en kan niet meer veranderen" in result.err
    assert "bewaard" not in result.err and not list(log.glob("seen-*"))  # the editor never ran
    english = wp("--lang", "en", "draft", "edit", str(draft_id))
    assert english.code == 3 and "is published and can no longer be changed" in english.err


def test_delete(wp: Any) -> None:
    draft_id = new(wp, "--to", "voorbeeldwijk", "Weg ermee")
    assert wp("draft", "delete", str(draft_id)).code == 2  # no terminal, no --yes
    # Asked on a terminal, in Dutch: Enter or "n" keeps it, "j" (or "ja", "y") deletes.
    for typed in ("\n", "n\n", "nee\n"):
        kept = in_terminal("draft", "delete", str(draft_id), typed=typed)
        assert kept.returncode == 0 and "Niets verwijderd." in kept.stdout, kept
        assert f"Concept {draft_id} (Weg ermee) verwijderen? [j/N]" in kept.stdout
    assert wp("draft", "show", str(draft_id)).code == 0
    gone = in_terminal("draft", "delete", str(draft_id), typed="j\n")
    assert gone.returncode == 0 and "verwijderd" in gone.stdout, gone
    assert wp("draft", "show", str(draft_id)).code == 2
    draft_id = new(wp, "--to", "voorbeeldwijk", "Weg ermee")
    assert wp("draft", "delete", str(draft_id), "--yes").code == 0
    missing = wp("draft", "show", str(draft_id))
    assert missing.code == 2 and "bestaat niet" in missing.err


# --------------------------------------------------------------------------- hat guards


def test_the_hat_is_named_before_anything_goes_out(wp: Any) -> None:
    work = new(wp, "--to", "voorbeeldwijk", "Werk")
    personal = new(wp, "--as", "prive", "--to", "mastodon-jasmijn", "Thuis")
    shown = wp("draft", "show", str(work)).out
    assert "Als Jasmijn de Vries (jdevries), hoed werk → voorbeeldwijk" in shown  # no "(werk)"
    shown = wp("draft", "show", str(personal)).out
    assert "hoed prive (persoonlijk) → mastodon-jasmijn" in shown


def test_personal_hat_never_reaches_a_site(wp: Any) -> None:
    result = wp("draft", "new", "--as", "prive", "--to", "voorbeeldwijk", "Privé")
    assert result.code == 3 and "persoonlijk" in result.err


def test_wrong_hat_account_is_refused(wp: Any) -> None:
    result = wp("draft", "new", "--to", "x-politie", "Hallo")
    assert result.code == 3 and "mbakker/werk" in result.err
    # Work and personal accounts of the same person do not mix either.
    result = wp("draft", "new", "--as", "werk", "--to", "mastodon-jasmijn", "Hallo")
    assert result.code == 3 and "jdevries/prive" in result.err


def test_other_author_via_flag_and_env(wp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert wp("draft", "new", "--to", "x-politie", "Controle").code == 3  # not Jasmijn's
    result = wp("--author", "mbakker", "draft", "new", "--to", "x-politie", "Controle", "--json")
    assert result.code == 0, result
    assert json.loads(result.out)["author"] == "mbakker"
    monkeypatch.setenv("WIJKPOST_AUTHOR", "mbakker")
    result = wp("draft", "new", "--json", "Standaarddoelen van de wijkagent")
    assert json.loads(result.out)["targets"] == ["voorbeeldwijk", "mastodon-politie"]


def test_unknown_target_and_profile(wp: Any) -> None:
    result = wp("draft", "new", "--to", "facebook", "x")
    assert result.code == 2 and "facebook" in result.err and "voorbeeldwijk" in result.err
    result = wp("draft", "new", "--as", "vakantie", "x")
    assert result.code == 2 and "werk, prive" in result.err


@pytest.mark.parametrize("at", ["31-02-2026 25:00", "", "  "])
def test_bad_at(wp: Any, at: str) -> None:
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--at", at, "x")
    assert result.code == 2 and "--at" in result.err


def test_a_time_gone_by_is_kept_with_a_warning(wp: Any) -> None:
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--at", "2020-05-04 09:00", "--json", "x")
    assert result.code == 0 and json.loads(result.out)["status"] == "queued"
    assert "2020-05-04 09:00 is al voorbij" in result.err
    # When it goes: now, or the first office hour (this runs at any time of day).
    said = wp("draft", "new", "--to", "voorbeeldwijk", "--at", "2020-05-04 09:00", "x").out
    assert ("Is aan de beurt" in said or "de eerste kantoortijd, met" in said), said
    assert "voorbij" not in wp("draft", "new", "--to", "voorbeeldwijk", "--at", "2999-01-01",
                               "y").err


def test_taking_the_time_out_makes_a_queued_draft_a_draft_again(
        wp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = new(wp, "--to", "voorbeeldwijk", "--at", "2999-01-01 10:00", "Later")
    editor(tmp_path, monkeypatch, "---\ntitle: Later\nprofile: werk\nto: [voorbeeldwijk]\n---\n"
                                  "Later\n")
    assert wp("draft", "edit", str(draft_id)).code == 0
    shown = json.loads(wp("draft", "show", str(draft_id), "--json").out)
    assert shown["status"] == "draft" and shown["scheduled_at"] is None
    assert wp("publish", "--due", "--json").code == 0
    assert json.loads(wp("draft", "show", str(draft_id), "--json").out)["status"] == "draft"


# --------------------------------------------------------------------------- images


def test_image_is_kept_even_if_the_original_goes(wp: Any, tmp_path: Path) -> None:
    picture = make_png(tmp_path / "foto.png")
    draft_id = new(wp, "--to", "voorbeeldwijk", "--image", str(picture), "--alt", "Een rode stip",
                   "Met foto")
    picture.unlink()
    data = json.loads(wp("draft", "show", str(draft_id), "--json").out)
    image = data["images"][0]
    assert image["alt"] == "Een rode stip" and image["type"] == "image/png"
    assert Path(image["path"]).is_file()
    assert oct(Path(image["path"]).stat().st_mode & 0o777) == "0o600"


def test_image_problems(wp: Any, tmp_path: Path) -> None:
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--image", str(tmp_path / "nee.png"),
                "--alt", "x", "tekst")
    assert result.code == 2 and "bestaat niet" in result.err
    fake = tmp_path / "echt-geen.png"
    fake.write_text("<svg/>")
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--image", str(fake), "--alt", "x", "t")
    assert result.code == 2 and "geen ondersteunde afbeelding" in result.err
    picture = make_png(tmp_path / "a.png")
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--image", str(picture), "tekst")
    assert result.code == 2 and "--alt" in result.err
    for device in (str(tmp_path), "/dev/zero"):  # a folder; a file that never ends
        result = wp("draft", "new", "--to", "voorbeeldwijk", "--image", device, "--alt", "x", "t")
        assert result.code == 2 and f"{device} is geen bestand" in result.err, result
    # A file that cannot be read (here: the kernel refuses, as it would a file of another user's)
    result = wp("draft", "new", "--to", "voorbeeldwijk", "--image", "/proc/self/mem", "--alt",
                "x", "t")
    assert result.code == 2 and "kan /proc/self/mem niet lezen" in result.err, result


def test_oversize_and_missing_alt_show_per_target(wp: Any, tmp_path: Path) -> None:
    big = make_png(tmp_path / "groot.png", size=6 * 1024 * 1024)  # over X's 5 MB
    draft_id = new(wp, "--to", "voorbeeldwijk", "--to", "x-wijk", "--image", str(big),
                   "--alt", "Groot", "Grote foto")
    shown = json.loads(wp("draft", "show", str(draft_id), "--json").out)
    errors = {p["target"]: p["error"] for p in shown["preview"]}
    assert errors["voorbeeldwijk"] is None
    assert "x-wijk" in errors["x-wijk"] and "5 MB" in errors["x-wijk"]
    small = make_png(tmp_path / "klein.png")
    # An empty (or invisible) description is no description: refused when the draft is
    # written, not first when it is published; X alone does not demand one.
    for alt in ("", "  ", "\u200b"):
        refused = wp("draft", "new", "--to", "voorbeeldwijk", "--to", "x-wijk", "--image",
                     str(small), "--alt", alt, "Zonder alt")
        assert refused.code == 2, refused
        assert "klein.png heeft geen alt-tekst; voorbeeldwijk vereist die" in refused.err
    draft_id = new(wp, "--to", "x-wijk", "--image", str(small), "--alt", "", "Zonder alt")
    shown = json.loads(wp("draft", "show", str(draft_id), "--json").out)
    assert shown["preview"][0]["error"] is None and shown["images"][0]["alt"] == ""


def test_html_that_will_be_left_out_is_announced(wp: Any) -> None:
    """cmark's safe mode leaves raw HTML out everywhere; the author hears so when writing and
    when previewing, and a plain text (even with a literal-looking \\<tag>) raises no warning."""
    result = wp("draft", "new", "--to", "voorbeeldwijk",
                "Kom naar het <b>wijkcentrum</b> aan de Lindelaan.")
    assert result.code == 0, result
    assert "HTML in deze tekst wordt weggelaten" in result.err
    assert "weggelaten" in wp("draft", "show", "1").err
    assert json.loads(wp("draft", "show", "1", "--json").out)["html_left_out"] is True
    plain = wp("draft", "new", "--to", "voorbeeldwijk", "--json",
               "Kom naar het \\<wijkcentrum> of mail: ik <3 de buurt.")
    assert plain.code == 0 and plain.err == "", plain
    assert json.loads(wp("draft", "show", "2", "--json").out)["html_left_out"] is False
    english = wp("--lang", "en", "draft", "show", "1")
    assert "HTML in this text is left out" in english.err
