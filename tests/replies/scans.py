"""Real scans and photos of replies, made with Pillow, segno and pypdf (tests and benchmarks)."""

from __future__ import annotations

import io
import struct
import zlib

import segno
from PIL import ExifTags, Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

CODE = "K7QM-4ZPA-H3XT"
OTHER_CODE = "H3XT-K7QM-4ZPA"
# Where the phone was: what must not survive the upload.
LATITUDE = (55.0, 45.0, 21.0)
MAKER = "PhoneMakerX"


def qr_picture(text: str, scale: int = 10) -> Image.Image:
    """The QR code of ``text`` as the reply sheet prints it (quiet zone included)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return Image.open(buffer).convert("RGB")


def paper(size: tuple[int, int], code: str | None = None, qr_scale: int = 10) -> Image.Image:
    """A photographed sheet: grainy off-white, with a reply code's QR code when given."""
    grain = Image.effect_noise(size, 40).convert("RGB")
    sheet = Image.blend(Image.new("RGB", size, (205, 195, 175)), grain, 0.25)
    if code:
        qr = qr_picture(code, qr_scale)
        sheet.paste(qr, (size[0] - qr.width - size[0] // 10, size[1] - qr.height - size[1] // 10))
    return sheet


def phone_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = MAKER
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (37.0, 37.0, 5.0)
    return exif


def jpeg(image: Image.Image, exif: Image.Exif | None = None, quality: int = 92) -> bytes:
    buffer = io.BytesIO()
    extra = {"exif": exif} if exif is not None else {}
    image.save(buffer, "JPEG", quality=quality, comment=b"taken at home", **extra)
    return buffer.getvalue()


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def phone_photo(code: str | None = CODE) -> bytes:
    """A 12-megapixel phone photo of the reply sheet, about 4-5 MB, with GPS in its EXIF."""
    return jpeg(paper((4032, 3024), code, qr_scale=14), phone_exif())


def pdf_of(*images: Image.Image) -> bytes:
    """A PDF of scanned pages, as scanners and phone apps make them (one image a page)."""
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def pdf_with(plain_pdf: bytes, change) -> bytes:
    """``plain_pdf`` changed by ``change(writer)`` (pypdf): a script, a form, an attachment."""
    writer = PdfWriter(clone_from=io.BytesIO(plain_pdf))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def javascript(writer: PdfWriter) -> None:
    """A document-level script, as Acrobat runs it when the file opens."""
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    names = ArrayObject([TextStringObject("hello"), writer._add_object(script)])
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): names})}
    )


def launch_action(writer: PdfWriter) -> None:
    """A link on the first page that starts a program."""
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/A"): action,
        }
    )
    writer.add_annotation(0, annotation)


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid one-bit PNG of ``width`` × ``height`` white pixels: 50 KB on disk, gigabytes
    decoded (Pillow makes every pixel a byte)."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose header says it is ``width`` × ``height``."""
    data = jpeg(Image.new("RGB", (64, 64), "white"))
    frame = data.index(b"\xff\xc0")
    return data[: frame + 5] + struct.pack(">HH", height, width) + data[frame + 9 :]


def pdf_drawing_forever(fills: int = 300_000) -> bytes:
    """A PDF of one blank-looking page that paints the whole page ``fills`` times: some 20 KB,
    and minutes of drawing (a processor-time bomb)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    content = DecodedStreamObject()
    content.set_data(b"1 g 0 0 595 842 re f\n" * fills)
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
