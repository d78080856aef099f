"""A picture of the envelope, from the very PDF the writer will download."""

from __future__ import annotations

import base64
import io

import pypdfium2

PREVIEW_WIDTH_PX = 720
# A 16-colour palette keeps text and the envelope's marks crisp at a tenth of the size: the
# pictures travel inline in the page, and writers may be on slow connections.
PREVIEW_COLOURS = 16


def pdf_page_png(
    pdf: bytes,
    page_index: int = 0,
    width_px: int = PREVIEW_WIDTH_PX,
    crop: tuple[float, float, float, float] | None = None,
) -> bytes:
    """Render one page of ``pdf`` as a PNG ``width_px`` wide; ``crop`` (left, top, right,
    bottom as fractions of the page) shows a part of it, such as one card of a sheet."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[page_index]
        left, top, right, bottom = crop or (0.0, 0.0, 1.0, 1.0)
        scale = width_px / (page.get_width() * (right - left))
        image = page.render(scale=scale).to_pil()
        if crop:
            width, height = image.size
            image = image.crop(
                (
                    round(left * width),
                    round(top * height),
                    round(right * width),
                    round(bottom * height),
                )
            )
        image = image.quantize(PREVIEW_COLOURS)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True, bits=4)
        return buffer.getvalue()
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has: the sheets a writer prints and posts (one-sided)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def data_url(png: bytes) -> str:
    """Inline the picture in the page: nothing is stored or fetched."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
