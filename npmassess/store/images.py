"""The images of figures in the store: one row per PNG or JPEG, keyed by its SHA-256 (table figure_images)."""

from __future__ import annotations

from typing import Iterable

from npmassess.assessment import Assessment, now
from npmassess.errors import ValidationError
from npmassess.figures import Figure, image_digests
from npmassess.i18n import _
from npmassess.store.base import StoreBase


class FigureImages(StoreBase):
    """Mixin of Store: keeping, reading and forgetting the images figures show."""

    def _store_images(self, figures: Iterable[Figure], images: dict[str, bytes] | None) -> None:
        """Inside a write: store the new images (checked against their digest and size) and make sure every
        image figure's image is in the file; ValidationError naming the figure otherwise, nothing written."""
        from npmassess.figure_images import digest_of, header  # with its number formats: not at open
        images = images or {}
        for digest, data in images.items():
            head = header(bytes(data)) if isinstance(data, (bytes, bytearray)) else None
            if head is None or digest_of(bytes(data)) != digest:
                raise ValidationError("figures", _("the image {digest} is not the PNG or JPEG it claims to be")
                                      .format(digest=digest[:12]))
        wanted = {f.image: f for f in figures if f.is_image}
        for digest, fig in wanted.items():
            if digest in images:
                kind, w, h = header(bytes(images[digest])) or ("png", 0, 0)
                if (w, h) != (fig.width, fig.height):
                    raise ValidationError("figures", _("figure {n}: its size ({w} x {h}) is not its image's")
                                          .format(n=fig.number, w=fig.width, h=fig.height))
                self.db.execute("insert or ignore into figure_images (digest, kind, width, height, data, added)"
                                " values (?, ?, ?, ?, ?, ?)", [digest, kind, w, h, bytes(images[digest]), now()])
            elif self.db.execute("select 1 from figure_images where digest = ?", [digest]).fetchone() is None:
                raise ValidationError("figures", _("figure {n}: its image is not in this file; pick the image "
                                                   "again").format(n=fig.number))

    def images(self, digests: Iterable[str]) -> dict[str, bytes]:
        """The bytes of the stored images among these digests (missing ones are left out)."""
        wanted = sorted(set(digests))
        out: dict[str, bytes] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            out.update({d: bytes(b) for d, b in self.db.execute(
                f"select digest, data from figure_images where digest in ({marks})", chunk)})
        return out

    def fill_images(self, a: Assessment) -> None:
        """Give a snapshot the bytes of every image its figures show (after a figure edit patched it)."""
        used = image_digests(a.figures)
        missing = used - set(a.images)
        if missing:
            a.images.update(self.images(missing))
        for digest in set(a.images) - used:
            del a.images[digest]

    def _forget_unused_images(self) -> None:
        """Inside a write: delete the images no figure of any assessment shows any more."""
        self.db.execute(
            "delete from figure_images where digest not in (select json_extract(j.value, '$.image')"
            " from figures f, json_each(f.figures) j where json_extract(j.value, '$.image') is not null)")
