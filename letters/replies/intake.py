"""A reply's uploaded files made safe: clean page pictures and the reply codes read from them.

Volunteers upload scans or phone photos of one reply (JPEG, PNG or PDF, several files). Nothing
of what was sent is kept as it came: each image is decoded, turned upright (EXIF orientation),
size-capped and encoded anew without any metadata (EXIF with GPS, XMP, ICC, comments); each PDF
page is rasterised. Sizes are checked before anything is decoded, so a "decompression bomb"
costs only its header. Plain Python, no database: the web page and ``letters replies import``
both call :func:`read_upload` and store what it returns (``letters.replies.inbox``).
"""

from __future__ import annotations

import io
import math
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from PIL import Image, ImageOps

from letters.batches.models import REFERENCE_ALPHABET, reply_code_as_typed
from letters.messages import N_, TranslatableError

MEGABYTE = 1024 * 1024
# A phone photo is 3-8 MB and a scanned page at 300 dpi a few MB; a reply is a few pages.
MAX_FILE_BYTES = 20 * MEGABYTE
MAX_REPLY_BYTES = 40 * MEGABYTE
MAX_PAGES = 20
# 50 megapixels: the largest photos phones take; decoding one needs some 150 MB, a 20,000 ×
# 20,000 "bomb" would need 1.2 GB. Checked from the header, before decoding.
MAX_PIXELS = 50_000_000
# Kept pages: enough to read handwriting on an A4 sheet (about 290 dpi), a fifth of a raw
# phone photo's bytes.
PAGE_LONGEST_SIDE = 2400
JPEG_QUALITY = 85
# QR codes are looked for on a smaller grey copy first (fast; the code on a reply sheet is
# 24 mm wide, some 140 pixels across at this size), then on the full picture.
QR_SEARCH_LONGEST_SIDE = 1200
PDF_DPI = 200  # scanners' usual resolution for text; capped by PAGE_LONGEST_SIDE anyway
# Processor time all pages of one PDF may take to draw (20 scanned pages take about 2 s).
PDF_DRAWING_SECONDS = 10.0
# A scanned page is a handful of objects (page, picture, contents); a file of a million tiny
# ones would take pypdf minutes to look through.
MAX_PDF_OBJECTS = 5_000

JPEG_TYPE = "image/jpeg"
PNG_TYPE = "image/png"
# Pillow's name of a phone's JPEG with extra pictures (depth maps) is MPO: a JPEG too.
_IMAGE_FORMATS = ("JPEG", "PNG")
_IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
# Greyscale pictures stay grey; a greyscale or two-colour PNG scan also stays lossless (and
# small). Everything else is a photo: colour JPEG.
_GREY_MODES = ("1", "L", "LA", "I", "I;16", "I;16B", "I;16L")


@dataclass(frozen=True)
class ScanPage:
    """One page of a reply, as kept: a freshly encoded picture without metadata."""

    data: bytes
    media_type: str  # JPEG_TYPE or PNG_TYPE
    width: int
    height: int


@dataclass(frozen=True)
class ReadScan:
    """A reply's pages in upload order and the reply codes read from their QR codes."""

    pages: tuple[ScanPage, ...]
    codes: tuple[str, ...]  # grouped ("K7QM-4ZPA-H3XT"), each once, in page order


class UploadRefused(TranslatableError):
    """The upload cannot be taken; the message says why and what to do instead."""

    msgid = N_("These files could not be read as a reply.")


class NoFiles(UploadRefused):
    msgid = N_("Choose the scans or photos of the reply.")


class EmptyFile(UploadRefused):
    msgid = N_("%(name)s is empty.")


class NotAnImage(UploadRefused):
    msgid = N_("%(name)s is not a JPEG, PNG or PDF file.")


class DamagedImage(UploadRefused):
    msgid = N_(
        "%(name)s is damaged or cut short and could not be read to the end; "
        "copy it again from the camera or scanner."
    )


class ImageTooLarge(UploadRefused):
    msgid = N_("%(name)s is too large a picture: one may have at most %(limit)s million pixels.")

    def __init__(self, name: str):
        super().__init__(name=name, limit=MAX_PIXELS // 1_000_000)


class FileTooLarge(UploadRefused):
    msgid = N_("%(name)s is %(size)s MB; a file may be at most %(limit)s MB.")


class UploadTooLarge(UploadRefused):
    msgid = N_("The files are %(size)s MB together; one reply may be at most %(limit)s MB.")


class TooManyPages(UploadRefused):
    msgid = N_("The files have more than %(limit)s pages; one reply may have at most %(limit)s.")


class PdfNotPlain(UploadRefused):
    msgid = N_(
        "%(name)s contains %(what)s; only PDF files of scanned pages are taken. "
        "Upload the scans themselves, or print the file to PDF again."
    )
    translated_params = ("what",)


class PdfEncrypted(UploadRefused):
    msgid = N_("%(name)s is protected with a password; upload it without one.")


class DamagedPdf(UploadRefused):
    msgid = N_("%(name)s is a damaged PDF file and could not be read.")


class PdfTooComplex(UploadRefused):
    msgid = N_("%(name)s is too complex for a PDF of scanned pages; upload the scans themselves.")


class EmptyPdf(UploadRefused):
    msgid = N_("%(name)s has no pages.")


# What a PDF of scanned pages never needs, by the dictionary key that gives it away.
_PDF_ACTIVE_KEYS = {
    "/JS": N_("JavaScript"),
    "/JavaScript": N_("JavaScript"),
    "/OpenAction": N_("an action that runs when it is opened"),
    "/AA": N_("an action that runs when it is opened"),
    "/AcroForm": N_("a form"),
    "/XFA": N_("a form"),
    "/EmbeddedFiles": N_("an embedded file"),
    "/EmbeddedFile": N_("an embedded file"),
    "/RichMedia": N_("embedded media"),
}
# ... and by the kind of action or annotation (/S or /Subtype).
_PDF_ACTIVE_KINDS = {
    "/JavaScript": N_("JavaScript"),
    "/Launch": N_("a command that starts a program"),
    "/SubmitForm": N_("a form"),
    "/ImportData": N_("a form"),
    "/Widget": N_("a form"),
    "/FileAttachment": N_("an embedded file"),
    "/GoToE": N_("an embedded file"),
    "/RichMedia": N_("embedded media"),
    "/Movie": N_("embedded media"),
    "/Sound": N_("embedded media"),
    "/Screen": N_("embedded media"),
}


def read_upload(files: Sequence[tuple[str, bytes]]) -> ReadScan:
    """The pages of one reply from its uploaded files (name, content), in order, and the reply
    codes their QR codes carry. Raises an :class:`UploadRefused` subclass, and nothing else,
    for anything that is not a plain JPEG, PNG or PDF within the limits."""
    if not files:
        raise NoFiles()
    for name, data in files:
        check_file_size(name, len(data))
    total = sum(len(data) for _name, data in files)
    if total > MAX_REPLY_BYTES:
        raise UploadTooLarge(size=_megabytes(total), limit=MAX_REPLY_BYTES // MEGABYTE)
    pages: list[ScanPage] = []
    codes: list[str] = []
    for name, data in files:
        name = _shown_name(name)
        if not data:
            raise EmptyFile(name=name)
        pictures = _pdf_pages(name, data) if _is_pdf(data) else iter((_opened_image(name, data),))
        for picture in pictures:
            if len(pages) == MAX_PAGES:
                raise TooManyPages(limit=MAX_PAGES)
            page, found = _clean_page(name, picture)
            pages.append(page)
            codes.extend(code for code in found if code not in codes)
    return ReadScan(tuple(pages), tuple(codes))


def check_file_size(name: str, size: int) -> None:
    """Refuse a file of ``size`` bytes: the command line asks before reading one from disk."""
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // MEGABYTE
        raise FileTooLarge(name=_shown_name(name), size=_megabytes(size), limit=limit)


def reply_code_in(text: str) -> str | None:
    """The reply code ``text`` spells, grouped as printed, or None: what a QR code says is taken
    only when it is a code the app could have printed (its alphabet, its length)."""
    code = reply_code_as_typed(text)
    if code is None or any(ch not in REFERENCE_ALPHABET for ch in code.replace("-", "")):
        return None
    return code


def _shown_name(name: str) -> str:
    """The file's own name (no folders of the sender's machine), short enough for a message."""
    shown = PurePath(name.replace("\\", "/")).name or "?"
    return shown if len(shown) <= 80 else shown[:79] + "…"


def _megabytes(size: int) -> int:
    return math.ceil(size / MEGABYTE)


def _is_pdf(data: bytes) -> bool:
    # Readers accept the marker anywhere in the first kilobyte; so must this test, or a PDF
    # with junk in front would reach the image decoder instead of the PDF checks.
    return b"%PDF-" in data[:1024]


def _opened_image(name: str, data: bytes) -> Image.Image:
    """``data`` opened as a JPEG or PNG, its size checked from the header (nothing decoded)."""
    try:
        image = Image.open(io.BytesIO(data), formats=_IMAGE_FORMATS)
    # Pillow's own limits (a warning, an error at twice the size) are above MAX_PIXELS; the
    # warning is an error where warnings are (the tests), and refused below otherwise.
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageTooLarge(name) from None
    except Image.UnidentifiedImageError:
        # A JPEG or PNG cut short right after its signature is damaged, not something else.
        if data.startswith(_IMAGE_SIGNATURES):
            raise DamagedImage(name=name) from None
        raise NotAnImage(name=name) from None
    except Exception:  # a header Pillow recognised but cannot parse: hostile or damaged
        raise DamagedImage(name=name) from None
    _check_pixels(name, image.width, image.height)
    return image


def _check_pixels(name: str, width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ImageTooLarge(name)
    if width < 1 or height < 1:
        raise DamagedImage(name=name)


def _clean_page(name: str, image: Image.Image) -> tuple[ScanPage, list[str]]:
    """Decode ``image`` (header already checked), turn it upright, read its QR codes and encode
    it anew, capped in size and without metadata."""
    try:
        # JPEG decodes at a half, quarter or eighth of its size where that is still twice
        # what is kept: faster, and less memory for a large photo.
        image.draft("RGB", _fitted(image.size, PAGE_LONGEST_SIDE * 2))
        image.load()
        upright = ImageOps.exif_transpose(image)
        grey = upright.mode in _GREY_MODES
        lossless = grey and image.format == "PNG"
        flat = _flattened(upright, "L" if grey else "RGB")
    except Exception:  # truncated data, a broken chunk, an EXIF block that lies about itself
        raise DamagedImage(name=name) from None
    finally:
        image.close()
    codes = _qr_codes(flat)
    kept = flat.resize(_fitted(flat.size, PAGE_LONGEST_SIDE), Image.Resampling.LANCZOS)
    kept.info = {}  # Pillow would write a comment it finds here back into the file
    buffer = io.BytesIO()
    if lossless:
        kept.save(buffer, format="PNG", optimize=False)
        media_type = PNG_TYPE
    else:
        kept.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        media_type = JPEG_TYPE
    return ScanPage(buffer.getvalue(), media_type, kept.width, kept.height), codes


def _flattened(image: Image.Image, mode: str) -> Image.Image:
    """``image`` in ``mode``, anything transparent shown on white paper."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, "white")
        paper.alpha_composite(rgba)
        image = paper
    if image.mode.startswith("I"):  # 16-bit greyscale: to 8 bits (convert would clip)
        image = image.convert("I").point(lambda value: value * (1 / 256))
    return image.convert(mode)


def _fitted(size: tuple[int, int], longest: int) -> tuple[int, int]:
    """``size`` scaled down (never up) so that its longer side is at most ``longest``."""
    width, height = size
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _qr_codes(image: Image.Image) -> list[str]:
    """Reply codes in the QR codes of ``image``: on a small grey copy first, then in full."""
    grey = image.convert("L")
    small = grey.resize(_fitted(grey.size, QR_SEARCH_LONGEST_SIDE), Image.Resampling.BILINEAR)
    for candidate in (small, grey) if small.size != grey.size else (grey,):
        codes = [code for code in map(reply_code_in, _qr_texts(candidate)) if code]
        if codes:
            return codes
    return []


def _qr_texts(image: Image.Image) -> list[str]:
    import zxingcpp  # a native library: loaded only where replies are read

    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [result.text for result in found]


def _pdf_pages(name: str, data: bytes) -> Iterator[Image.Image]:
    """The pages of a PDF of scans as pictures, once it is found to hold nothing but pages."""
    _check_plain_pdf(name, data)
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # pdfium's error for any file it cannot open (pypdf could)
        raise DamagedPdf(name=name) from None
    try:
        if len(document) == 0:
            raise EmptyPdf(name=name)
        if len(document) > MAX_PAGES:
            raise TooManyPages(limit=MAX_PAGES)
        budget = _DrawingBudget(name)
        for index in range(len(document)):
            yield _rendered(name, document, index, budget)
    finally:
        document.close()


class _DrawingBudget:
    """The processor time a PDF's pages may take to draw, all together: a page of 80 KB can
    fill the page two million times over, which would keep a server busy for hours. A scanned
    page draws in a few hundredths of a second."""

    def __init__(self, name: str):
        self.name = name
        self.ends = time.thread_time() + PDF_DRAWING_SECONDS

    def spent(self) -> bool:
        return time.thread_time() > self.ends


def _rendered(name: str, document, index: int, budget: _DrawingBudget) -> Image.Image:
    """One page drawn by pdfium at PDF_DPI (within PAGE_LONGEST_SIDE), in steps, so that
    drawing stops when the budget is spent."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    try:
        page = document[index]
    except Exception:
        raise DamagedPdf(name=name) from None
    try:
        width_pt, height_pt = page.get_size()
        scale = min(PDF_DPI / 72, PAGE_LONGEST_SIDE / max(width_pt, height_pt, 1))
        width, height = max(1, round(width_pt * scale)), max(1, round(height_pt * scale))
        bitmap = pypdfium2.PdfBitmap.new_native(
            width, height, format=pdfium.FPDFBitmap_BGR, rev_byteorder=True
        )
        bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, height)
        pause = pdfium.IFSDK_PAUSE(version=1)
        # Kept in a name while pdfium may call it (ctypes does not keep callbacks alive).
        need_to_pause = type(pause.NeedToPauseNow)(lambda _pause: budget.spent())
        pause.NeedToPauseNow = need_to_pause
        status = pdfium.FPDF_RenderPageBitmap_Start(
            bitmap, page, 0, 0, width, height, 0, pdfium.FPDF_ANNOT, pause
        )
        while status == pdfium.FPDF_RENDER_TOBECONTINUED and not budget.spent():
            status = pdfium.FPDF_RenderPage_Continue(page, pause)
        pdfium.FPDF_RenderPage_Close(page)
        if status == pdfium.FPDF_RENDER_TOBECONTINUED:
            raise PdfTooComplex(name=name)
        if status != pdfium.FPDF_RENDER_DONE:
            raise DamagedPdf(name=name)
        return bitmap.to_pil()
    except UploadRefused:
        raise
    except Exception:
        raise DamagedPdf(name=name) from None
    finally:
        page.close()


def _check_plain_pdf(name: str, data: bytes) -> None:
    """Refuse a PDF that is encrypted, damaged, too long, or holds more than pages: scripts,
    forms, actions, embedded files or media, or an image too large to decode."""
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about every repaired flaw
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise PdfEncrypted(name=name)
            if len(reader.pages) > MAX_PAGES:
                raise TooManyPages(limit=MAX_PAGES)
            for number, obj in enumerate(_pdf_objects(reader.trailer)):
                if number == MAX_PDF_OBJECTS:
                    raise PdfTooComplex(name=name)
                _check_pdf_object(name, obj)
    except UploadRefused:
        raise
    except Exception:  # pypdf repairs what it can, and fails in many ways on what it cannot
        raise DamagedPdf(name=name) from None


def _pdf_objects(root) -> Iterator[dict]:
    """Every dictionary reachable from ``root`` (streams' dictionaries too), each once; the
    stack, not recursion, so that a deeply nested file cannot exhaust Python's."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            yield obj
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


def _check_pdf_object(name: str, obj: dict) -> None:
    for key, what in _PDF_ACTIVE_KEYS.items():
        if key in obj:
            raise PdfNotPlain(name=name, what=what)
    for field in ("/S", "/Subtype"):
        what = _PDF_ACTIVE_KINDS.get(str(obj.get(field, "")))
        if what:
            raise PdfNotPlain(name=name, what=what)
    if obj.get("/Subtype") == "/Image":
        # pdfium would decode the whole picture to draw it, however small the page.
        width, height = _int(obj.get("/Width")), _int(obj.get("/Height"))
        if width * height > MAX_PIXELS:
            raise ImageTooLarge(name)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
