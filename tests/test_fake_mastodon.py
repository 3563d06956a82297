"""The fake Mastodon server is faithful: the real Mastodon.py client drives it.

Shapes are compared with the recorded answers of a real server (tests/fakes/data/mastodon/,
from Mastodon.py's cassettes). Nothing here touches the internet.
"""

from __future__ import annotations

import re
import struct
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonInternalServerError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServiceUnavailableError,
    MastodonUnauthorizedError,
)

from tests.fakes.common import FakeServer, json_response, parse_multipart
from tests.fakes.mastodon import FakeMastodon, load_recorded, status_length

ISO_RESET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")  # "2026-08-01T15:00:00.754511Z"


def png(width: int = 800, height: int = 600, extra: bytes = b"") -> bytes:
    """Enough of a PNG for the server to read its size; ``extra`` pads it (binary-safe)."""
    ihdr = struct.pack(">II", width, height) + b"\x08\x02\x00\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\0\0\0\0"
            + extra)


@pytest.fixture
def server() -> Iterator[FakeMastodon]:
    with FakeMastodon(username="voorbeeldwijk") as fake:
        yield fake


def client(server: FakeMastodon, token: str | None = None, timeout: float = 5) -> Mastodon:
    return Mastodon(access_token=token or server.token_for(), api_base_url=server.base_url,
                    request_timeout=timeout, ratelimit_method="throw",
                    version_check_mode="none")


@pytest.fixture
def api(server: FakeMastodon) -> Mastodon:
    return client(server)


def raw(server: FakeMastodon, method: str, path: str, token: str | None = None) -> Any:
    """The JSON exactly as served (Mastodon.py's typed objects add absent keys as None, so
    comparing their keys would prove nothing)."""
    resp = requests.request(method, server.base_url + path, timeout=5, headers={
        "Authorization": f"Bearer {token or server.token_for()}"})
    return resp.json()


def recorded_keys(name: str, *path: str | int) -> set[str]:
    body: Any = load_recorded(name)["json"]
    for step in path:
        body = body[step]
    return set(body)


# ------------------------------------------------------------------ accounts & statuses


def test_verify_credentials_has_the_recorded_shape(server: FakeMastodon, api: Mastodon) -> None:
    me = api.account_verify_credentials()
    assert me.acct == me.username == "voorbeeldwijk"
    assert me.url == f"{server.base_url}/@voorbeeldwijk"
    assert isinstance(me.id, str) and me.id.isdigit()
    assert set(raw(server, "GET", "/api/v1/accounts/verify_credentials")) == recorded_keys(
        "account_credential.json")


def test_status_post_plain(server: FakeMastodon, api: Mastodon) -> None:
    status = api.status_post("Straatfeest op zaterdag!\n\nKom ook & neem 'n stoel mee.",
                             language="nl", visibility="unlisted")
    assert status.content == ("<p>Straatfeest op zaterdag!</p>"
                              "<p>Kom ook &amp; neem &#39;n stoel mee.</p>")
    assert status.url == f"{server.base_url}/@voorbeeldwijk/{status.id}"
    assert (status.visibility, status.language) == ("unlisted", "nl")
    assert status.in_reply_to_id is None and status.sensitive is False
    assert status.application.name == "wijkpost"
    served = raw(server, "GET", f"/api/v1/statuses/{status.id}")
    assert set(served) == recorded_keys("status_reply.json")
    assert set(served["account"]) == recorded_keys("status_reply.json", "account")
    [stored] = server.statuses_of("voorbeeldwijk")
    assert stored["id"] == status.id
    # What Mastodon.py really sends: a form, with sensitive=0 although nobody asked for it.
    post = server.requests_to(r"^/api/v1/statuses$", "POST")[0]
    assert post.content_type == "application/x-www-form-urlencoded"
    assert post.form()["sensitive"] == ["0"]


def test_links_mentions_and_tags_are_converted_like_mastodon(server: FakeMastodon,
                                                             api: Mastodon) -> None:
    server.add_account("anna@buurt.example")
    status = api.status_post("Zie https://voorbeeldwijk.nl/nieuws/straatfeest-zomer-2025 "
                             "@anna@buurt.example #Straatfeest @onbekend")
    assert ('<a href="https://voorbeeldwijk.nl/nieuws/straatfeest-zomer-2025" target="_blank" '
            'rel="nofollow noopener" translate="no"><span class="invisible">https://</span>'
            '<span class="ellipsis">voorbeeldwijk.nl/nieuws/straat</span>'
            '<span class="invisible">feest-zomer-2025</span></a>') in status.content
    assert ('<span class="h-card" translate="no"><a href="https://buurt.example/@anna" '
            'class="u-url mention">@<span>anna</span></a></span>') in status.content
    assert (f'<a href="{server.base_url}/tags/straatfeest" class="mention hashtag" rel="tag">'
            '#<span>Straatfeest</span></a>') in status.content
    assert status.content.endswith(" @onbekend</p>")  # unknown accounts stay text
    assert [m.acct for m in status.mentions] == ["anna@buurt.example"]
    assert [t.name for t in status.tags] == ["straatfeest"]


def test_reply_thread_and_context(server: FakeMastodon, api: Mastodon) -> None:
    first = api.status_post("Deel 1")
    second = api.status_post("Deel 2", in_reply_to_id=first)
    # status_reply asks verify_credentials first and prepends "@author " even to a self-reply:
    # a thread of one's own posts wants status_post(in_reply_to_id=...) instead.
    third = api.status_reply(second, "Deel 3")
    assert int(first.id) < int(second.id) < int(third.id)
    assert second.in_reply_to_id == first.id
    assert second.in_reply_to_account_id == first.account.id
    context = api.status_context(second)
    assert [s.id for s in context.ancestors] == [first.id]
    assert [s.id for s in context.descendants] == [third.id]
    assert set(raw(server, "GET", f"/api/v1/statuses/{first.id}/context")) == recorded_keys(
        "context.json")
    assert api.status(first).replies_count == 1
    assert [s["content"] for s in server.statuses_of()][:2] == ["<p>Deel 1</p>",
                                                               "<p>Deel 2</p>"]
    assert server.requests_to(r"^/api/v1/statuses$")[-1].form()["status"] == [
        "@voorbeeldwijk Deel 3"]
    assert [m.acct for m in third.mentions] == ["voorbeeldwijk"]


def test_reply_to_a_missing_status_is_404(api: Mastodon) -> None:
    with pytest.raises(MastodonNotFoundError):
        api.status_post("Hallo", in_reply_to_id="1234")


def test_delete_answers_with_the_source_text(server: FakeMastodon, api: Mastodon) -> None:
    status = api.status_post("Weg ermee")
    deleted = api.status_delete(status)
    assert deleted.text == "Weg ermee" and deleted.content is None
    other = api.status_post("Ook weg")
    assert set(raw(server, "DELETE", f"/api/v1/statuses/{other.id}")) == recorded_keys(
        "status_deleted.json")
    assert server.statuses_of() == []
    with pytest.raises(MastodonNotFoundError):
        api.status(status.id)


def test_empty_and_too_long_statuses_are_422(server: FakeMastodon, api: Mastodon) -> None:
    with pytest.raises(MastodonAPIError) as empty:
        api.status_post("")
    assert empty.value.args[1] == 422
    assert empty.value.args[3] == "Validation failed: Text can't be blank"
    with pytest.raises(MastodonAPIError) as long:
        api.status_post("x" * 501)
    assert long.value.args[1] == 422
    assert long.value.args[3] == "Validation failed: Text character limit of 500 exceeded"
    # A URL counts as 23 characters and @user@domain as @user, however long they are.
    text = "x" * 450 + " https://voorbeeldwijk.nl/" + "a" * 200 + " @anna@" + "b" * 30 + ".nl"
    assert status_length(text) == 450 + 1 + 23 + 1 + 5
    api.status_post(text)
    server.max_characters = 100
    with pytest.raises(MastodonAPIError, match="character limit of 100 exceeded"):
        api.status_post("y" * 101)
    assert len(server.statuses_of()) == 1


# ------------------------------------------------------------------ idempotency


def test_idempotency_key_returns_the_same_status(server: FakeMastodon, api: Mastodon) -> None:
    first = api.status_post("Eén keer", idempotency_key="wijkpost-42")
    again = api.status_post("Eén keer", idempotency_key="wijkpost-42")
    assert again.id == first.id
    assert len(server.statuses_of()) == 1
    # Mastodon.py sends the key as the Idempotency-Key header.
    headers = [r.headers for r in server.requests_to(r"^/api/v1/statuses$", "POST")]
    assert [h["Idempotency-Key"] for h in headers] == ["wijkpost-42", "wijkpost-42"]
    other = api.status_post("Eén keer", idempotency_key="wijkpost-43")
    assert other.id != first.id
    server.advance_time(3601)  # keys are kept for an hour
    later = api.status_post("Eén keer", idempotency_key="wijkpost-42")
    assert later.id not in (first.id, other.id)
    assert len(server.statuses_of()) == 3


def test_idempotency_key_is_per_account(server: FakeMastodon, api: Mastodon) -> None:
    server.add_account("buurman")
    neighbour = client(server, server.token_for("buurman"))
    mine = api.status_post("Hoi", idempotency_key="k")
    theirs = neighbour.status_post("Hoi", idempotency_key="k")
    assert mine.id != theirs.id


def test_dropped_answer_then_retry_with_the_same_key(server: FakeMastodon,
                                                     api: Mastodon) -> None:
    server.accept_then_drop(r"^/api/v1/statuses$", method="POST")
    with pytest.raises(MastodonNetworkError):
        api.status_post("Belangrijk bericht", idempotency_key="uuid-1")
    assert [s["content"] for s in server.statuses_of()] == ["<p>Belangrijk bericht</p>"]
    retry = api.status_post("Belangrijk bericht", idempotency_key="uuid-1")
    assert retry.id == server.statuses_of()[0]["id"]
    assert len(server.statuses_of()) == 1


# ------------------------------------------------------------------ media


def test_media_post_with_description(server: FakeMastodon, api: Mastodon) -> None:
    data = png(extra=bytes(range(256)) * 4 + b"\r\n--\r\n")
    media = api.media_post(data, mime_type="image/png", description="Het plein met vlaggetjes",
                           focus=(0.1, -0.5))
    assert media.type == "image" and media.url.startswith(server.base_url)
    assert media.meta.original.width == 800 and media.meta.focus.y == -0.5
    assert set(raw(server, "GET", f"/api/v1/media/{media.id}")) == recorded_keys(
        "media_image.json")
    assert server.media[media.id].data == data  # multipart arrived byte for byte
    assert requests.get(media.url, timeout=5).content == data
    status = api.status_post("Kijk!", media_ids=[media])
    assert status.media_attachments[0].id == media.id
    assert status.media_attachments[0].description == "Het plein met vlaggetjes"
    # The first media_post asks for the instance (version check) before uploading.
    assert [r.path for r in server.requests][:3] == ["/api/v1/instance/", "/api/v2/instance/",
                                                     "/api/v2/media"]


def test_media_update_description(server: FakeMastodon, api: Mastodon) -> None:
    media = api.media_post(png(), mime_type="image/png")
    assert media.description is None
    updated = api.media_update(media, description="Nieuwe beschrijving")
    assert updated.description == "Nieuwe beschrijving"
    assert api.media(media).description == "Nieuwe beschrijving"


def test_media_processed_asynchronously(server: FakeMastodon, api: Mastodon) -> None:
    server.media_async = True
    server.media_polls = 1
    media = api.media_post(png(), mime_type="image/png", description="later klaar")
    assert media.url is None
    assert set(server.media[media.id].json) == recorded_keys("media_processing.json")
    with pytest.raises(MastodonAPIError) as not_ready:
        api.status_post("Te vroeg", media_ids=[media])
    assert not_ready.value.args[1] == 422
    assert api.media(media).url is None  # 206: still processing
    assert api.media(media).url is not None
    assert api.status_post("Nu wel", media_ids=[media]).media_attachments[0].url


def test_video_is_asynchronous_like_the_real_server(api: Mastodon) -> None:
    assert api.media_post(b"\0" * 64, mime_type="video/mp4").url is None
    assert api.media_post(png(), mime_type="image/png").url is not None


def test_media_too_large_or_unsupported_is_422(server: FakeMastodon, api: Mastodon) -> None:
    server.image_size_limit = 1024
    with pytest.raises(MastodonAPIError) as big:
        api.media_post(png(extra=b"\0" * 2048), mime_type="image/png")
    assert big.value.args[1] == 422
    assert big.value.args[3] == "Validation failed: File file size must be less than 1 KB"
    with pytest.raises(MastodonAPIError, match="content type is invalid"):
        api.media_post(b"%PDF-1.4", mime_type="application/pdf")


# ------------------------------------------------------------------ instance


def test_instance_reports_max_characters(server: FakeMastodon, api: Mastodon) -> None:
    server.max_characters = 1000
    v2 = api.instance()
    assert v2.configuration.statuses.max_characters == 1000
    assert v2.configuration.statuses.characters_reserved_per_url == 23
    assert v2.configuration.media_attachments.image_size_limit == 16 * 1024 * 1024
    assert v2.version == "4.3.0" and v2.domain == f"127.0.0.1:{server.port}"
    assert set(raw(server, "GET", "/api/v2/instance")) == recorded_keys("instance_v2.json")
    v1 = api.instance_v1()
    assert v1.configuration.statuses.max_characters == 1000
    assert set(raw(server, "GET", "/api/v1/instance")) == recorded_keys("instance_v1.json")


# ------------------------------------------------------------------ paging


def test_account_statuses_paging(server: FakeMastodon, api: Mastodon) -> None:
    ids = [server.add_status("voorbeeldwijk", f"Bericht {n}")["id"] for n in range(7)]
    me = api.me()
    page1 = api.account_statuses(me, limit=3)
    assert [s.id for s in page1] == ids[::-1][:3]
    assert server.requests[-1].path == f"/api/v1/accounts/{me.id}/statuses"
    page2 = api.fetch_next(page1)
    assert page2 is not None and [s.id for s in page2] == ids[::-1][3:6]
    page3 = api.fetch_next(page2)
    assert page3 is not None and [s.id for s in page3] == ids[:1]
    assert api.fetch_next(page3) is None  # a short page has no "next" link
    previous = api.fetch_previous(page2)
    assert previous is not None and [s.id for s in previous] == [s.id for s in page1]
    assert [s.id for s in api.account_statuses(me, since_id=ids[4])] == ids[:4:-1]
    assert [s.id for s in api.account_statuses(me, min_id=ids[1], limit=2)] == ids[3:1:-1]


def test_link_header_looks_like_the_recording(server: FakeMastodon) -> None:
    for n in range(3):
        server.add_status("voorbeeldwijk", f"Bericht {n}")
    me = server.account("voorbeeldwijk").id
    resp = requests.get(f"{server.base_url}/api/v1/accounts/{me}/statuses?limit=2", timeout=5)
    ids = [s["id"] for s in resp.json()]
    base = f"{server.base_url}/api/v1/accounts/{me}/statuses"
    # test_fetch_next_previous.json: '<…?limit=5&max_id=…>; rel="next", <…?limit=5&min_id=…>; …'
    assert resp.headers["Link"] == (f'<{base}?limit=2&max_id={ids[-1]}>; rel="next", '
                                    f'<{base}?limit=2&min_id={ids[0]}>; rel="prev"')


def test_notifications_paging_and_types(server: FakeMastodon, api: Mastodon) -> None:
    mentions = [server.add_remote_status("anna@buurt.example", f"Vraag {n}") for n in range(5)]
    server.add_notification("favourite", "bert@buurt.example", mentions[0]["id"])
    page = api.notifications(limit=2)
    assert [n.type for n in page] == ["favourite", "mention"]
    assert page[1].status.id == mentions[4]["id"]
    served = raw(server, "GET", "/api/v1/notifications?limit=2")[1]
    assert set(served) == recorded_keys("notification_mention.json")
    # The recorded mention came from a local account; remote statuses carry no "application".
    assert set(served["status"]) == recorded_keys("notification_mention.json", "status") - {
        "application"}
    assert set(served["account"]) == recorded_keys("notification_mention.json", "account")
    rest = api.fetch_remaining(page)
    assert len(rest) == 6
    only = api.notifications(types=["mention"], limit=3)
    assert [n.status.id for n in only] == [m["id"] for m in mentions[::-1][:3]]
    older = api.fetch_next(only)
    assert older is not None
    assert [n.status.id for n in older] == [m["id"] for m in mentions[1::-1]]
    newest = page[0].id
    assert api.notifications(since_id=newest) == []
    server.add_remote_status("anna@buurt.example", "Nog eentje")
    assert [n.status.content for n in api.notifications(since_id=newest)] == [
        f'<p><span class="h-card" translate="no"><a href="{server.base_url}/@voorbeeldwijk" '
        'class="u-url mention">@<span>voorbeeldwijk</span></a></span> Nog eentje</p>']
    oldest = rest[-1]
    assert oldest.status.id == mentions[0]["id"]
    just_above = api.notifications(min_id=oldest, limit=1)
    assert [n.status.id for n in just_above] == [mentions[1]["id"]]


def test_remote_reply_to_our_post(server: FakeMastodon, api: Mastodon) -> None:
    ours = api.status_post("Wie helpt opruimen?")
    reply = server.add_remote_status("anna@buurt.example", "Ik!", in_reply_to_id=ours.id,
                                     tags=["opruimen"])
    assert reply["in_reply_to_account_id"] == ours.account.id
    assert reply["url"] == f"https://buurt.example/@anna/{reply['id']}"
    assert reply["account"]["acct"] == "anna@buurt.example"
    assert "application" not in reply and "pinned" not in reply
    [note] = api.notifications()
    assert note.status.id == reply["id"] and note.account.acct == "anna@buurt.example"
    assert [s.id for s in api.status_context(ours).descendants] == [reply["id"]]
    assert [s.id for s in api.timeline_hashtag("opruimen")] == [reply["id"]]


def test_hashtag_timeline_newest_first(server: FakeMastodon, api: Mastodon) -> None:
    a = server.add_remote_status("anna@buurt.example", "Mooi #Wijkfeest", mention_us=False)
    b = api.status_post("Ook #wijkfeest")
    server.add_remote_status("anna@buurt.example", "Niets", mention_us=False)
    assert [s.id for s in api.timeline_hashtag("wijkfeest")] == [b.id, a["id"]]
    assert [s.id for s in api.timeline_hashtag("wijkfeest", local=True)] == [b.id]
    assert api.notifications() == []


def test_search_resolves_a_status_url(server: FakeMastodon, api: Mastodon) -> None:
    remote = server.add_remote_status("anna@buurt.example", "Waar is de markt?")
    found = api.search_v2(remote["url"], resolve=True)
    assert [s.id for s in found.statuses] == [remote["id"]]
    assert set(raw(server, "GET", "/api/v2/search?q=anna")) == recorded_keys("search_v2.json")
    ours = api.status_post("Hier")
    assert [s.id for s in api.search_v2(ours.url, result_type="statuses").statuses] == [ours.id]
    assert api.search_v2("https://buurt.example/@anna/1").statuses == []
    assert [a.acct for a in api.search_v2("anna").accounts] == ["anna@buurt.example"]


def test_account_lookup(server: FakeMastodon, api: Mastodon) -> None:
    server.add_account("anna@buurt.example", display_name="Anna")
    assert api.account_lookup("anna@buurt.example").display_name == "Anna"
    assert api.account_lookup("voorbeeldwijk").acct == "voorbeeldwijk"
    with pytest.raises(MastodonNotFoundError):
        api.account_lookup("niemand")


# ------------------------------------------------------------------ errors and faults


def test_invalid_or_missing_token_is_401(server: FakeMastodon) -> None:
    with pytest.raises(MastodonUnauthorizedError) as bad:
        client(server, "not-a-token").status_post("Hoi")
    assert bad.value.args[3] == "The access token is invalid"
    anonymous = Mastodon(api_base_url=server.base_url, request_timeout=5,
                         ratelimit_method="throw")
    with pytest.raises(MastodonUnauthorizedError):
        anonymous.account_verify_credentials()
    resp = requests.post(f"{server.base_url}/api/v1/statuses", data={"status": "x"}, timeout=5)
    assert resp.json() == {"error": "The access token is invalid"}
    assert 'error="invalid_token"' in resp.headers["WWW-Authenticate"]
    assert server.statuses_of() == []


def test_read_only_token_cannot_post(server: FakeMastodon) -> None:
    reader = client(server, server.token_for(scopes=["read"]))
    assert reader.account_verify_credentials().acct == "voorbeeldwijk"
    with pytest.raises(MastodonAPIError) as denied:
        reader.status_post("Hoi")
    assert denied.value.args[1] == 403


def test_injected_401_then_recovery(server: FakeMastodon, api: Mastodon) -> None:
    server.fail(r"^/api/v1/statuses$", 401)
    with pytest.raises(MastodonUnauthorizedError):
        api.status_post("Eerste poging")
    assert api.status_post("Tweede poging").content == "<p>Tweede poging</p>"
    assert len(server.statuses_of()) == 1


def test_injected_429_carries_rate_limit_headers(server: FakeMastodon, api: Mastodon) -> None:
    server.fail(r"^/api/v1/statuses$", 429, method="POST")
    with pytest.raises(MastodonRatelimitError):
        api.status_post("Te snel")
    assert api.ratelimit_remaining == 0
    assert api.ratelimit_reset is not None
    assert 0 < api.ratelimit_reset - time.time() < 10
    assert server.statuses_of() == []
    assert api.status_post("Nu wel").id


def test_rate_limit_headers_like_the_real_server(server: FakeMastodon, api: Mastodon) -> None:
    api.account_verify_credentials()
    api.status_post("Hoi")
    resp = requests.get(f"{server.base_url}/api/v1/accounts/verify_credentials", timeout=5,
                        headers={"Authorization": f"Bearer {api.access_token}"})
    assert resp.headers["X-RateLimit-Limit"] == "300"
    assert resp.headers["X-RateLimit-Remaining"] == "298"
    assert ISO_RESET.match(resp.headers["X-RateLimit-Reset"])
    assert api.ratelimit_limit == 300 and api.ratelimit_remaining == 299  # posting: own bucket
    reset = time.strptime(resp.headers["X-RateLimit-Reset"][:19], "%Y-%m-%dT%H:%M:%S")
    assert reset.tm_min % 5 == 0 and reset.tm_sec == 0  # recorded: on a 5-minute boundary


def test_real_rate_limit_is_enforced(server: FakeMastodon, api: Mastodon) -> None:
    server.rate_limits["statuses"] = (2, 3 * 3600)
    api.status_post("1")
    api.status_post("2")
    with pytest.raises(MastodonRatelimitError):
        api.status_post("3")
    assert len(server.statuses_of()) == 2
    server.advance_time(3 * 3600)
    api.status_post("3")


def test_server_errors(server: FakeMastodon, api: Mastodon) -> None:
    server.fail(r"^/api/v1/statuses$", 500)
    server.fail(r"^/api/v1/statuses$", 503)
    with pytest.raises(MastodonInternalServerError):
        api.status_post("a")
    with pytest.raises(MastodonServiceUnavailableError):
        api.status_post("b")
    assert server.pending_faults == 0
    assert api.status_post("c").content == "<p>c</p>"
    assert [s["content"] for s in server.statuses_of()] == ["<p>c</p>"]


def test_stall_past_the_timeout_is_a_network_error(server: FakeMastodon) -> None:
    impatient = client(server, timeout=0.3)
    server.stall(r"^/api/v1/accounts/verify_credentials$", 3)
    started = time.monotonic()
    with pytest.raises(MastodonNetworkError):
        impatient.account_verify_credentials()
    assert time.monotonic() - started < 2
    assert impatient.account_verify_credentials().acct == "voorbeeldwijk"


def test_stalled_post_still_lands_and_the_key_prevents_a_double(server: FakeMastodon) -> None:
    impatient = client(server, timeout=0.2)
    server.stall(r"^/api/v1/statuses$", 0.5, method="POST")
    with pytest.raises(MastodonNetworkError):
        impatient.status_post("Traag", idempotency_key="k-1")
    retry = impatient.status_post("Traag", idempotency_key="k-1")  # lands first
    assert server.wait_idle()  # the stalled request has now done its work too
    assert [s["id"] for s in server.statuses_of()] == [retry.id]


def test_delay_all(server: FakeMastodon, api: Mastodon) -> None:
    server.delay_all(0.15)
    started = time.monotonic()
    api.account_verify_credentials()
    assert time.monotonic() - started >= 0.15
    server.delay_all(0)


# ------------------------------------------------------------------ OAuth


def test_oauth_code_flow(server: FakeMastodon) -> None:
    client_id, client_secret = Mastodon.create_app("wijkpost", api_base_url=server.base_url,
                                                   request_timeout=5)
    assert server.apps[client_id]["name"] == "wijkpost"
    app_api = Mastodon(client_id=client_id, client_secret=client_secret,
                       api_base_url=server.base_url, request_timeout=5,
                       ratelimit_method="throw")
    # Mastodon.py refuses http:// OAuth endpoints unless allow_http=True.
    with pytest.raises(MastodonIllegalArgumentError, match="https"):
        app_api.auth_request_url()
    url = app_api.auth_request_url(allow_http=True)
    assert url.startswith(f"{server.base_url}/oauth/authorize?client_id={client_id}")
    with pytest.raises(MastodonIllegalArgumentError):
        app_api.log_in(code=server.issue_code("voorbeeldwijk"))
    token = app_api.log_in(code=server.issue_code("voorbeeldwijk"), allow_http=True)
    assert app_api.account_verify_credentials().acct == "voorbeeldwijk"
    assert app_api.status_post("Via OAuth").application.name == "wijkpost"
    # log_in read the discovery document and then the instance (version check).
    paths = [r.path for r in server.requests]
    token_at = paths.index("/oauth/token")
    assert paths[token_at - 1] == "/.well-known/oauth-authorization-server"
    assert paths[token_at + 1:token_at + 3] == ["/api/v1/instance/", "/api/v2/instance/"]
    with pytest.raises(MastodonIllegalArgumentError):  # a code works once
        app_api.log_in(code="used-or-unknown", allow_http=True)
    app_api.revoke_access_token(allow_http=True)
    with pytest.raises(MastodonUnauthorizedError):
        client(server, token).account_verify_credentials()


def test_oauth_authorize_redirects_with_a_code(server: FakeMastodon) -> None:
    callback = "http://127.0.0.1:8765/callback"
    client_id, client_secret = Mastodon.create_app("wijkpost", api_base_url=server.base_url,
                                                   redirect_uris=callback, request_timeout=5)
    app_api = Mastodon(client_id=client_id, client_secret=client_secret,
                       api_base_url=server.base_url, request_timeout=5)
    server.authorize_as = "voorbeeldwijk"
    url = app_api.auth_request_url(redirect_uris=callback, state="xyz", allow_http=True)
    resp = requests.get(url, allow_redirects=False, timeout=5)
    assert resp.status_code == 302
    location = resp.headers["Location"]
    assert location.startswith(callback + "?code=") and location.endswith("&state=xyz")
    code = location.split("code=")[1].split("&")[0]
    app_api.log_in(code=code, redirect_uri=callback, allow_http=True)
    assert app_api.me().acct == "voorbeeldwijk"


def test_client_credentials_token_is_an_app_token(server: FakeMastodon) -> None:
    app = server.default_app
    resp = requests.post(f"{server.base_url}/oauth/token", timeout=5, data={
        "grant_type": "client_credentials", "client_id": app["client_id"],
        "client_secret": app["client_secret"], "scope": "read"})
    assert set(resp.json()) == recorded_keys("oauth_token.json")
    app_api = client(server, resp.json()["access_token"])
    assert app_api.app_verify_credentials().name == "wijkpost"
    with pytest.raises(MastodonAPIError, match="requires an authenticated user"):
        app_api.account_verify_credentials()


def test_token_endpoint_rejects_a_wrong_secret(server: FakeMastodon) -> None:
    app = server.default_app
    resp = requests.post(f"{server.base_url}/oauth/token", timeout=5, data={
        "grant_type": "authorization_code", "code": server.issue_code(),
        "client_id": app["client_id"], "client_secret": "wrong",
        "redirect_uri": "urn:ietf:wg:oauth:2.0:oob"})
    assert resp.status_code == 401 and resp.json()["error"] == "invalid_client"


# ------------------------------------------------------------------ the shared framework


def test_fake_server_framework() -> None:
    fake = FakeServer()
    fake.route("GET", r"/echo/(?P<n>\d+)", lambda req: json_response({"n": req.match["n"]}
                                                                      if req.match else {}))
    with fake:
        assert requests.get(f"{fake.base_url}/echo/7?x=1", timeout=5).json() == {"n": "7"}
        assert requests.get(f"{fake.base_url}/nope", timeout=5).status_code == 404
        assert requests.post(f"{fake.base_url}/echo/7", timeout=5).status_code == 405
        fake.fail("/echo", 503, times=2, headers={"Retry-After": "1"}, body="down")
        first = requests.get(f"{fake.base_url}/echo/1", timeout=5)
        assert (first.status_code, first.text, first.headers["Retry-After"]) == (503, "down", "1")
        assert requests.get(f"{fake.base_url}/echo/1", timeout=5).status_code == 503
        assert requests.get(f"{fake.base_url}/echo/1", timeout=5).status_code == 200
        assert fake.requests[0].query == {"x": ["1"]}
        assert len(fake.requests_to("/echo", "GET")) == 4


def test_multipart_parser_is_byte_exact() -> None:
    body = (b"--b0undary\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n"
            b"Caf\xc3\xa9\r\n--b0undary\r\nContent-Disposition: form-data; name=\"file\"; "
            b"filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            b"\x00\r\n\xff\r\n--b0undary--\r\n")
    parts = parse_multipart("multipart/form-data; boundary=b0undary", body)
    assert [(p.name, p.filename, p.data) for p in parts] == [
        ("description", None, "Café".encode()), ("file", "a.bin", b"\x00\r\n\xff")]
