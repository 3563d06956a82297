"""The neighbourhood site as a channel: publishing writes the post file (the site's source of
truth, shared in git) and copies its images; the publish path rebuilds the site afterwards.

The file name is fixed in ``prepare`` and recorded in the journal before the file is written, so
a re-run after a crash finds the post it already wrote (by its ``uid``) instead of making a
second one.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from wijkpost.channels import Delivered, Outgoing
from wijkpost.config import Config, Site
from wijkpost.errors import InputError
from wijkpost.i18n import t
from wijkpost.paths import atomic_write
from wijkpost.site.posts import parse_post, render_post_file
from wijkpost.slugs import post_relpath, post_slug, post_url


class SiteChannel:
    network = "site"

    def __init__(self, site: Site) -> None:
        self.site = site

    def url_for(self, relpath: str) -> str:
        return post_url(self.site.base_url, relpath)

    def prepare(self, item: Outgoing) -> str:
        date = datetime.fromisoformat(item.content["date"])
        slug = post_slug(item.content)
        # URLs are /YYYY/MM/slug/: the slug must be unique within its month, whatever the day.
        month_dir = self.site.posts_dir / post_relpath(date, slug).rsplit("/", 1)[0]
        taken = {p.stem.split("-", 1)[-1] for p in month_dir.glob("*.md")}
        candidate, n = slug, 1
        while candidate in taken:
            n += 1
            candidate = f"{slug}-{n}"
        return post_relpath(date, candidate)

    def send(self, item: Outgoing) -> Delivered:
        assert item.planned is not None, "prepare() runs first"
        path = self.site.posts_dir / item.planned
        images = []
        for n, image in enumerate(item.content.get("images", []), start=1):
            source = Path(image["path"])
            if not source.is_file():
                raise InputError(t("site.draft_image_missing", path=source))
            relative = Path("media") / Path(item.planned).parent / (
                f"{Path(item.planned).stem.split('-', 1)[1]}-{n}{source.suffix}")
            target = self.site.directory / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            images.append({"src": relative.as_posix(), "alt": image["alt"]})
        meta = {
            "title": item.content.get("title") or "",
            "date": item.content["date"],
            "author": item.content["author"],
            "profile": item.content["profile"],
            "tags": item.content.get("tags", []),
            "images": images,
            "uid": item.draft_uid,
        }
        text = render_post_file({k: v for k, v in meta.items() if v not in ([], "")},
                                item.content["body"])
        atomic_write(path, text.encode("utf-8"))
        return Delivered(remote_id=item.planned, url=self.url_for(item.planned))

    def find(self, item: Outgoing) -> Delivered | None:
        if item.planned is None:
            return None
        path = self.site.posts_dir / item.planned
        if not path.is_file():
            return None
        post = parse_post(path.read_text(encoding="utf-8"), path)
        if post.uid != item.draft_uid:
            return None
        return Delivered(remote_id=item.planned, url=self.url_for(item.planned))

    def add_syndication(self, relpath: str, urls: list[str]) -> bool:
        """Record where the Mastodon/X copies are, so residents see where to reply."""
        path = self.site.posts_dir / relpath
        post = parse_post(path.read_text(encoding="utf-8"), path)
        merged = list(dict.fromkeys([*post.syndication, *urls]))
        if merged == list(post.syndication):
            return False
        meta = post.meta()
        meta["syndication"] = merged
        atomic_write(path, render_post_file(meta, post.body).encode("utf-8"))
        return True


def make_channel(config: Config, target: str) -> SiteChannel:
    return SiteChannel(config.sites[target])
