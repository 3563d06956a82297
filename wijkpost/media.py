"""Images attached to a draft: checked when attached, kept safe until published.

The type is read from the file's first bytes, not its name: a renamed file should not reach a
service that then refuses it half-way through a publish.
"""

# (annotations as written, not as text: see wijkpost.config)
from typing import TYPE_CHECKING, NamedTuple

from wijkpost.errors import InputError
from wijkpost.i18n import t

if TYPE_CHECKING:
    from pathlib import Path

    from wijkpost.config import Config, Profile

# The services' documented image limits (bytes). Mastodon's default server setting is 16 MB
# (the instance may announce another value; issue 3 reads it). X accepts images up to 5 MB.
NETWORK_IMAGE_LIMITS = {"mastodon": 16 * 1024 * 1024, "twitter": 5 * 1024 * 1024}

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
)


class Image(NamedTuple):
    path: str  # where the draft keeps its own copy
    alt: str
    type: str
    size: int
    name: str  # the original file name, for messages

    def as_dict(self) -> dict[str, str | int]:
        return self._asdict()


def sniff(path: "Path") -> tuple[str, str] | None:
    with open(path, "rb") as fh:
        head = fh.read(16)
    for magic, mime, ext in _SIGNATURES:
        if head.startswith(magic):
            return mime, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None


def check_image(path: "Path") -> tuple[str, str, int]:
    """Return (mime, extension, size) of a supported image, or raise InputError naming the file."""
    if not path.exists():
        raise InputError(t("media.missing", path=path))
    if not path.is_file():  # a folder, or a device such as /dev/zero that never ends
        raise InputError(t("media.not_a_file", path=path))
    try:
        kind = sniff(path)
    except OSError as exc:  # no permission, or gone since
        raise InputError(t("media.unreadable", path=path, reason=exc.strerror or exc)) from None
    if kind is None:
        raise InputError(t("media.type", path=path))
    return kind[0], kind[1], path.stat().st_size


def alt_required(config: "Config", profile: "Profile", network: str) -> bool:
    """X does not demand alt text, but the site (WCAG) and Mastodon's etiquette do, unless the
    configuration lowers that to a warning."""
    required = profile.require_alt if profile.require_alt is not None \
        else config.compose.require_alt
    return required and network in ("site", "mastodon")


def limit_for(network: str, site_limit: int) -> int:
    return site_limit if network == "site" else NETWORK_IMAGE_LIMITS[network]


def keep_copy(source: "Path", store_dir: "Path") -> "tuple[Path, str, int]":
    """Copy an image into the draft's own folder, so a moved or deleted original loses nothing."""
    import hashlib  # loads OpenSSL: only when an image is attached, not for every command
    import shutil  # and bz2/lzma with it

    mime, ext, size = check_image(source)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    store_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = store_dir / f"{digest}{ext}"
    if not target.exists():
        shutil.copyfile(source, target)
        target.chmod(0o600)
    return target, mime, size
