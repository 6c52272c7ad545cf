"""Images of figures (PNG or JPEG): checked once when picked, stored by their SHA-256, drawn by every export.

The header is read by our own small parser (type and pixel size, before anything is decoded: a
40-megapixel limit stops a decompression bomb); Pillow, which reportlab already depends on, then
decodes the whole image once so a damaged or truncated file is refused when it is picked, not in
the middle of an export.
"""

from __future__ import annotations

import io
import os
import struct
from dataclasses import dataclass

from npmassess.errors import ValidationError
from npmassess.fsutil import describe_os_error
from npmassess.i18n import _, current_language
from npmassess.numbers import fmt

MAX_BYTES = 10 * 1024 * 1024  # 10 MB a file
MAX_PIXELS = 40_000_000  # 40 megapixels
KINDS = {"png": "image/png", "jpeg": "image/jpeg"}


@dataclass(frozen=True)
class ImageInfo:
    """What an image is: its kind ('png' or 'jpeg'), width and height in pixels, and its SHA-256."""

    kind: str
    width: int
    height: int
    digest: str


def digest_of(data: bytes) -> str:
    """The key an image is stored under: its SHA-256 in hex."""
    import hashlib  # not at start-up: the empty start page loads no hashing
    return hashlib.sha256(data).hexdigest()


def header(data: bytes) -> tuple[str, int, int] | None:
    """(kind, width, height) from a PNG or JPEG header, or None when it is neither."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        w, h = struct.unpack(">II", data[16:24])
        return "png", w, h
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            if i + 9 > len(data):
                return None
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return "jpeg", w, h
        i += 2 + length
    return None


def _mb(size: int) -> str:
    return fmt(size / 1048576, "measure", current_language(), decimals=1)


def check_bytes(data: bytes, name: str = "") -> ImageInfo:
    """The image's info, or ValidationError naming it: not PNG/JPEG, too large, damaged."""
    name = name or _("the image")
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise ValidationError(name, _("is empty, not an image"))
    if len(data) > MAX_BYTES:
        raise ValidationError(name, _("is {size} MB; an image may be at most {limit} MB").format(
            size=_mb(len(data)), limit=MAX_BYTES // 1048576))
    head = header(bytes(data))
    if head is None:
        if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff":
            kind = "PNG" if data[:1] == b"\x89" else "JPEG"
            raise ValidationError(name, _("is a damaged {kind} image (its header cannot be read)").format(kind=kind))
        raise ValidationError(name, _("is not a PNG or JPEG image"))
    kind, w, h = head
    if w <= 0 or h <= 0:
        raise ValidationError(name, _("is a damaged {kind} image (its size is {w} x {h} pixels)").format(
            kind=kind.upper(), w=w, h=h))
    if w * h > MAX_PIXELS:
        raise ValidationError(name, _("is {w} x {h} pixels ({mp} megapixels); an image may have at most {limit} "
                                      "megapixels").format(w=w, h=h, mp=fmt(w * h / 1e6, "count", current_language()),
                                                           limit=MAX_PIXELS // 1_000_000))
    from PIL import Image
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()  # decodes every pixel: a truncated or corrupt file fails here
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for bad data
        raise ValidationError(name, _("is a damaged {kind} image ({problem})").format(
            kind=kind.upper(), problem=str(exc)[:120])) from None
    return ImageInfo(kind, w, h, digest_of(bytes(data)))


def read_image(path: os.PathLike | str) -> tuple[bytes, ImageInfo]:
    """Read and check an image file: (its bytes, its info), or ValidationError naming the file."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > MAX_BYTES:
            raise ValidationError(name, _("is {size} MB; an image may be at most {limit} MB").format(
                size=_mb(size), limit=MAX_BYTES // 1048576))
        with open(name, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ValidationError(name, _("cannot be read ({problem})").format(problem=describe_os_error(exc, reading=True))) from None
    info = check_bytes(data, name)
    upright = _upright(data) if info.kind == "jpeg" else None
    return (upright, check_bytes(upright, name)) if upright is not None else (data, info)


def _upright(data: bytes) -> bytes | None:
    """A photo taken turned (EXIF orientation 2-8) re-encoded the right way up, as viewers show it; else None.

    PDF and Word draw the pixels as stored, ignoring the orientation tag a phone writes.
    """
    from PIL import Image, ImageOps
    with Image.open(io.BytesIO(data)) as im:
        if im.getexif().get(0x0112, 1) in (1, None):
            return None
        turned = ImageOps.exif_transpose(im)
        buf = io.BytesIO()
        turned.save(buf, "JPEG", quality=92, icc_profile=im.info.get("icc_profile"))
    return buf.getvalue()


def image_figure(path: os.PathLike | str, number: str, caption: str, alt: str = "", source: str = ""):
    """A figure showing the image file at path, with its bytes: (Figure, {digest: bytes}); ValidationError if bad."""
    from npmassess.figures import Figure
    data, info = read_image(path)
    return (Figure(number, caption, "image", alt=alt, source=source, image=info.digest, width=info.width,
                   height=info.height), {info.digest: data})


def info_of(data: bytes) -> tuple[str, int, int]:
    """(kind, width, height) of an image already checked (stored images): no decoding."""
    head = header(data)
    return head if head is not None else ("png", 1, 1)


def scaled(width: int, height: int, max_width: float, max_height: float) -> tuple[float, float]:
    """The size an image of width x height pixels is drawn at: the text width, kept in proportion and
    never taller than max_height."""
    w, h = max(width, 1), max(height, 1)
    out_w = max_width
    out_h = out_w * h / w
    if out_h > max_height:
        out_h, out_w = max_height, max_height * w / h
    return out_w, out_h
