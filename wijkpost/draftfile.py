"""A draft as a Markdown file with YAML front matter, for editing in ``$EDITOR``.

The edited text is validated before anything is saved; an invalid edit is kept in the store's
folder so the next ``draft edit`` starts from it instead of losing the work.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import yaml

from wijkpost import paths
from wijkpost.drafts import Draft, DraftInput
from wijkpost.errors import InputError
from wijkpost.i18n import did_you_mean, t
from wijkpost.timeutil import parse_when
from wijkpost.yamlsource import LinedDict, load_yaml

_KEYS = ("title", "profile", "to", "tags", "images", "at", "fit", "reply_to")


def render(draft: Draft, tz: Any) -> str:
    """A saved draft as the file ``draft edit`` opens."""
    return as_text(draft.profile, DraftInput(
        body=draft.body, title=draft.title, targets=draft.targets, tags=draft.tags,
        images=[(Path(i.path), i.alt) for i in draft.images], scheduled_at=draft.scheduled_at,
        fit=draft.fit, reply_to=draft.reply_to), tz)


def as_text(profile: str, fields: DraftInput, tz: Any) -> str:
    """Front matter and body: what ``draft new`` opens (with what its options gave) and
    ``draft edit`` opens (with the saved draft)."""
    meta: dict[str, Any] = {"title": fields.title or "", "profile": profile,
                            "to": list(fields.targets), "tags": list(fields.tags)}
    if fields.images:
        meta["images"] = [{"path": str(path), "alt": alt} for path, alt in fields.images]
    if fields.scheduled_at:
        meta["at"] = fields.scheduled_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    if fields.fit:
        meta["fit"] = fields.fit
    if fields.reply_to:
        meta["reply_to"] = fields.reply_to
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None)
    return f"---\n{head}---\n{fields.body}\n"


def parse(text: str, source: str, tz: Any) -> tuple[str, DraftInput]:
    """(profile name, fields) from an edited draft file, or InputError with file:line."""
    if not text.startswith("---\n"):
        raise InputError(f"{source}:1: {t('draftfile.no_front_matter')}")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise InputError(f"{source}:1: {t('draftfile.no_front_matter')}")
    meta = load_yaml(text[4:end + 1], source, first_line=2) or LinedDict()
    if not isinstance(meta, LinedDict):
        raise InputError(f"{source}:2: {t('draftfile.no_front_matter')}")
    for key in meta:
        if key not in _KEYS:
            raise InputError(f"{source}:{meta.line_of(key) + 1}: "
                             f"{t('config.unknown_key', key=key)}{did_you_mean(key, _KEYS)}")

    def line(key: str) -> str:
        return f"{source}:{meta.line_of(key) + 1}"

    def str_list(key: str) -> list[str]:
        value = meta.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            from wijkpost.configcheck import type_name

            raise InputError(f"{line(key)}: {key}: "
                             + t("config.type", expected=type_name([]), got=type_name(value)))
        return [str(v) for v in value]

    images = []
    for item in meta.get("images") or []:
        if not isinstance(item, dict) or "path" not in item:
            raise InputError(f"{line('images')}: images: {t('draftfile.image')}")
        images.append((Path(str(item["path"])), str(item.get("alt") or "")))
    at = meta.get("at")
    scheduled = parse_when(str(at), tz, where=line("at")) if at else None
    fit = meta.get("fit")
    if fit is not None and fit not in ("thread", "link", "refuse"):
        raise InputError(f"{line('fit')}: fit: "
                         + t("config.choice", value=fit, choices="thread, link, refuse"))
    fields = DraftInput(
        body=text[end + 5:], title=str(meta.get("title") or "") or None,
        targets=str_list("to"), tags=str_list("tags"), images=images, scheduled_at=scheduled,
        fit=fit, reply_to=str(meta["reply_to"]) if meta.get("reply_to") else None,
    )
    return str(meta.get("profile") or ""), fields


def rejected_path(draft_id: int | str) -> Path:
    """Where an edit that failed its checks waits: per draft, and "new" for ``draft new``."""
    return paths.home() / "rejected" / f"draft-{draft_id}.md"


def run_editor(text: str, suffix: str = ".md") -> str:
    """Open ``$VISUAL``/``$EDITOR`` on ``text`` and return what the user saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    # The temporary file lives in the private home: a draft is not public, /tmp may be shared.
    folder = paths.home() / "tmp"
    folder.mkdir(exist_ok=True, mode=0o700)
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="wijkpost-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            result = subprocess.run([*shlex.split(editor), name], check=False)
        except FileNotFoundError:
            raise InputError(t("draftfile.no_editor", editor=editor)) from None
        if result.returncode != 0:
            raise InputError(t("draftfile.editor_failed", editor=editor, code=result.returncode))
        return Path(name).read_text(encoding="utf-8")
    finally:
        Path(name).unlink(missing_ok=True)


def keep_rejected(draft_id: int | str, text: str) -> Path:
    path = rejected_path(draft_id)
    path.parent.mkdir(exist_ok=True, mode=0o700)
    paths.private_file(path)
    path.write_text(text, encoding="utf-8")
    return path
