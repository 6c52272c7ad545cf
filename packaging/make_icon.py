"""Renders packaging/icons/npmassess.svg to the PNG, ICO and ICNS icons the bundles need."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

HERE = Path(__file__).resolve().parent / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> QImage:
    """The SVG drawn on a transparent square image of the given size."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"error: {svg} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """The image encoded as PNG."""
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(buf.data())


def write_ico(svg: Path, out: Path, sizes=(16, 24, 32, 48, 64, 128, 256)) -> None:
    """A multi-size Windows .ico with PNG-compressed entries (Vista and later read them)."""
    blobs = [png_bytes(render(svg, s)) for s in sizes]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries = b""
    for size, blob in zip(sizes, blobs):
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    out.write_bytes(header + entries + b"".join(blobs))


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts/plugins need it
    svg = HERE / "npmassess.svg"
    written = []
    for size in SIZES:
        out = HERE / f"npmassess-{size}.png"
        if not render(svg, size).save(str(out), "PNG"):
            raise SystemExit(f"error: could not write {out}")
        written.append(out)
    main_png = HERE / "npmassess.png"  # the 256 px icon used by the .desktop entry and the window
    render(svg, 256).save(str(main_png), "PNG")
    written.append(main_png)
    write_ico(svg, HERE / "npmassess.ico")
    written.append(HERE / "npmassess.ico")
    icns = HERE / "npmassess.icns"
    formats = {bytes(f).decode() for f in QImageWriter.supportedImageFormats()}
    if "icns" in formats and render(svg, 512).save(str(icns), "ICNS"):
        written.append(icns)
    else:
        print("warning: this Qt cannot write .icns; PyInstaller converts the PNG if Pillow is installed")
    for path in written:
        print(f"wrote {path.relative_to(HERE.parent.parent)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
