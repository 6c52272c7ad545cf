"""Image figures: a PNG or JPEG checked once, stored by SHA-256, carried by packages, drawn by the PDF and Word."""

from __future__ import annotations

import io
import sqlite3
import struct
import zipfile
import zlib

import pytest
from PIL import Image, ImageDraw

from npmassess.errors import ValidationError
from npmassess.exchange import interchange, packages
from npmassess.exchange.importing import import_file
from npmassess.figure_images import MAX_BYTES, check_bytes, image_figure, read_image
from npmassess.figures import Figure
from npmassess.frameworks import library
from npmassess.store import Store
from npmassess.store.changes import inverse


def _picture(path, size=(600, 300), fmt="PNG") -> bytes:
    im = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(im)
    d.rectangle([size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4], fill="#1f4e79")
    im.save(path, fmt)
    return path.read_bytes()


def _png_header(w: int, h: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk


@pytest.fixture
def award(store):
    fw = library().get("baldrige", "2023-2024")
    aid = store.create_assessment(fw, "Org", "Unit", "2026", None, participants=[("Ann", "")])
    return store, fw, aid


def test_good_png_and_jpeg_are_read_with_their_size_and_digest(tmp_path):
    for name, fmt in (("a.png", "PNG"), ("b.jpg", "JPEG")):
        data = _picture(tmp_path / name, (640, 480), fmt)
        got, info = read_image(tmp_path / name)
        assert got == data and (info.kind, info.width, info.height) == (fmt.lower(), 640, 480)
        assert len(info.digest) == 64


def test_bad_files_are_refused_with_one_line_naming_the_file(tmp_path):
    (tmp_path / "notes.png").write_text("not a picture at all")
    good = _picture(tmp_path / "good.png")
    (tmp_path / "cut.png").write_bytes(good[: len(good) // 2])  # truncated: the header is fine, the pixels not
    jpeg = _picture(tmp_path / "good.jpg", fmt="JPEG")
    (tmp_path / "cut.jpg").write_bytes(jpeg[:600])
    (tmp_path / "huge.png").write_bytes(_png_header(8000, 6000) + b"\0" * 100)  # 48 megapixels, refused unread
    with open(tmp_path / "big.png", "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    (tmp_path / "empty.png").write_bytes(b"")
    cases = {"notes.png": "not a PNG or JPEG", "cut.png": "damaged PNG", "cut.jpg": "damaged JPEG",
             "huge.png": "megapixels", "big.png": "at most 10 MB", "empty.png": "empty",
             "missing.png": "cannot be read"}
    for name, words in cases.items():
        with pytest.raises(ValidationError) as err:
            read_image(tmp_path / name)
        message = str(err.value)
        assert str(tmp_path / name) in message and words in message and "\n" not in message, message


def test_store_keeps_the_image_once_and_undo_redo_replay_the_figure(award, tmp_path):
    store, fw, aid = award
    fig, images = image_figure(_write(tmp_path / "org.png"), "P.1-1", "Organisation chart & units")
    old = store.set_figures(aid, "P.1", [fig], images)
    assert old == []
    change = store.last_changes[-1]
    assert change.table == "figures" and fig.image in change.new and "base64" not in change.new  # digest, not bytes
    a = store.load(aid)
    assert a.figures["P.1"] == [fig] and a.images == images
    store.set_figures(aid, "P.2", [Figure("P.2-1", "Same picture", "image", image=fig.image,
                                         width=fig.width, height=fig.height)])  # stored already: no bytes needed
    assert store.db.execute("select count(*) from figure_images").fetchone()[0] == 1
    store.apply_changes(inverse([change]))  # undo
    assert "P.1" not in store.load(aid).figures
    store.apply_changes([change])  # redo: the image is still there
    assert store.load(aid).images[fig.image] == images[fig.image]
    store.delete_assessment(aid)
    assert store.db.execute("select count(*) from figure_images").fetchone()[0] == 0  # left with its assessment


def test_store_refuses_a_figure_without_its_image_and_changes_nothing(award, tmp_path):
    store, fw, aid = award
    fig, images = image_figure(_write(tmp_path / "org.png"), "P.1-1", "Chart")
    with pytest.raises(ValidationError, match="its image is not in this file"):
        store.set_figures(aid, "P.1", [fig])
    with pytest.raises(ValidationError, match="not the PNG or JPEG it claims"):
        store.set_figures(aid, "P.1", [fig], {fig.image: b"\x89PNG\r\n\x1a\nforged"})
    with pytest.raises(ValidationError, match="needs its PNG or JPEG"):
        store.set_figures(aid, "P.1", [Figure("P.1-1", "x", "image")])
    assert store.load(aid).figures == {}
    assert store.db.execute("select count(*) from figure_images").fetchone()[0] == 0


def test_migration_adds_the_image_table_after_a_backup(tmp_path):
    path = tmp_path / "old.db"
    Store(path).close()
    conn = sqlite3.connect(path)  # the file as the previous version left it
    conn.execute("drop table figure_images")
    conn.execute("delete from _sqlite_migrations where name = 'm_figures_002_images'")
    conn.commit()
    conn.close()
    with Store(path) as st:
        assert st.backup_path is not None and st.backup_path.exists()
        assert st.db.execute("select count(*) from figure_images").fetchone()[0] == 0
        old = sqlite3.connect(st.backup_path)
        assert not old.execute("select name from sqlite_master where name = 'figure_images'").fetchall()
        old.close()


def test_json_and_package_carry_the_images_both_ways(award, tmp_path):
    store, fw, aid = award
    fig, images = image_figure(_write(tmp_path / "map.jpg", "JPEG"), "6.1-1", "Process map")
    store.set_figures(aid, "6.1", [fig], images)
    packages.export_package(store, aid, tmp_path / "a.npmassess")
    interchange.write_json(store.load(aid), fw, tmp_path / "a.json")
    for name in ("a.npmassess", "a.json"):
        other = Store(tmp_path / f"other-{name}.db")
        import_file(other, tmp_path / name)
        b = other.load(aid)
        assert b.figures["6.1"] == [fig] and b.images == images
        other.close()


def test_import_refuses_a_damaged_or_missing_image(award, tmp_path):
    store, fw, aid = award
    fig, images = image_figure(_write(tmp_path / "map.png"), "6.1-1", "Process map")
    store.set_figures(aid, "6.1", [fig], images)
    doc = interchange.to_dict(store.load(aid), fw)
    import base64
    doc["images"][fig.image] = base64.b64encode(images[fig.image][:300]).decode()
    with pytest.raises(ValidationError, match="damaged PNG"):
        interchange.from_dict(doc, library())
    del doc["images"]
    with pytest.raises(ValidationError, match="its image is not in the file"):
        interchange.from_dict(doc, library())


def _write(path, fmt="PNG"):
    _picture(path, (900, 600), fmt)
    return path


def test_pdf_draws_the_image_at_the_text_width_and_the_budget_counts_it(award, tmp_path):
    from pypdf import PdfReader

    from npmassess.exports.pdf.application import export_application
    from npmassess.exports.pdf.budget import page_budget
    store, fw, aid = award
    store.set_narrative(aid, "6.1", "Our work processes are designed with the people who use them.")
    before = page_budget(store.load(aid), fw, "Letter").items["6.1"]
    fig, images = image_figure(_write(tmp_path / "map.png"), "6.1-1", "Process map <intake> & triage")
    store.set_figures(aid, "6.1", [fig], images)
    a = store.load(aid)
    budget = page_budget(a, fw, "Letter")
    export_application(a, fw, tmp_path / "app.pdf")
    reader = PdfReader(tmp_path / "app.pdf")
    found = [(i, img) for i, page in enumerate(reader.pages) for img in page.images]
    assert len(found) == 1 and found[0][1].image.size == (900, 600)
    assert "Process map <intake> & triage" in reader.pages[found[0][0]].extract_text()
    # 6.5 in of text width at 900 x 600 px: 4.33 in high, about half of a Letter frame more than before
    assert budget.items["6.1"] - before > 0.4
    assert budget.total_pages == len(reader.pages)


def test_word_holds_the_image_with_its_alt_text(award, tmp_path):
    from npmassess.exports.docx.application import export_application_docx
    store, fw, aid = award
    fig, images = image_figure(_write(tmp_path / "map.jpg", "JPEG"), "6.1-1", "Process map", alt="Intake, triage")
    store.set_figures(aid, "6.1", [fig], images)
    export_application_docx(store.load(aid), fw, tmp_path / "app.docx")
    with zipfile.ZipFile(tmp_path / "app.docx") as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert any(zf.read(n) == images[fig.image] for n in media)
        body = zf.read("word/document.xml").decode()
    assert 'descr="Intake, triage"' in body and "Figure 6.1-1: Process map" in body
    import re
    cx, cy = map(int, re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', body).groups())
    assert abs(cx / cy - 1.5) < 0.01 and cx > 5.5 * 914400  # the text width, in proportion


def test_image_is_refused_by_bytes_too():
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, "PNG")
    assert check_bytes(buf.getvalue()).width == 10
    with pytest.raises(ValidationError, match="not a PNG or JPEG"):
        check_bytes(b"GIF89a....")


def test_a_turned_photo_is_stored_upright_and_every_pixel_format_reaches_pdf_and_word(award, tmp_path):
    from pypdf import PdfReader

    from npmassess.exports.docx.application import export_application_docx
    from npmassess.exports.pdf.application import export_application
    store, fw, aid = award
    exif = Image.Exif()
    exif[0x0112] = 6  # the phone was held on its side: viewers turn it 90 degrees
    Image.new("RGB", (400, 200), "red").save(tmp_path / "photo.jpg", exif=exif)
    data, info = read_image(tmp_path / "photo.jpg")
    assert (info.width, info.height) == (200, 400) and Image.open(io.BytesIO(data)).size == (200, 400)
    kinds = {"rgba.png": Image.new("RGBA", (300, 200), (0, 0, 255, 128)), "p.png": Image.new("P", (300, 200)),
             "grey.jpg": Image.new("L", (300, 200), 128), "cmyk.jpg": Image.new("CMYK", (300, 200), (0, 50, 50, 0)),
             "i16.png": Image.new("I;16", (300, 200))}
    figs, images = [], {}
    for i, (name, im) in enumerate(kinds.items(), 1):
        im.save(tmp_path / name)
        fig, data = image_figure(tmp_path / name, f"6.1-{i}", name)
        figs.append(fig)
        images.update(data)
    store.set_figures(aid, "6.1", figs, images)
    a = store.load(aid)
    export_application(a, fw, tmp_path / "a.pdf")
    export_application_docx(a, fw, tmp_path / "a.docx")  # the CMYK JPEG has no JFIF header: Word gets a PNG
    assert sum(len(p.images) for p in PdfReader(tmp_path / "a.pdf").pages) == len(kinds)
    with zipfile.ZipFile(tmp_path / "a.docx") as zf:
        assert len([n for n in zf.namelist() if n.startswith("word/media/")]) == len(kinds)
