"""Uploaded scans and photos of a reply become clean pages and the reply codes read from them;
anything else is refused with its reason (letters.replies.intake)."""

from __future__ import annotations

import io

import pytest
from PIL import ExifTags, Image
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

from letters.replies import intake
from letters.replies.intake import (
    DamagedImage,
    DamagedPdf,
    EmptyFile,
    FileTooLarge,
    ImageTooLarge,
    NoFiles,
    NotAnImage,
    PdfEncrypted,
    PdfNotPlain,
    PdfTooComplex,
    TooManyPages,
    UploadTooLarge,
    read_upload,
    reply_code_in,
)
from tests.replies.scans import (
    CODE,
    LATITUDE,
    MAKER,
    OTHER_CODE,
    javascript,
    jpeg,
    jpeg_claiming,
    launch_action,
    paper,
    pdf_drawing_forever,
    pdf_of,
    pdf_with,
    phone_exif,
    phone_photo,
    png,
    png_bomb,
    qr_picture,
)

MB = 1024 * 1024


def opened(page: intake.ScanPage) -> Image.Image:
    image = Image.open(io.BytesIO(page.data))
    image.load()
    return image


@pytest.fixture(scope="module")
def photo() -> bytes:
    return phone_photo()


def test_a_phone_photo_is_matched_by_its_qr_code_and_loses_its_metadata(photo):
    source = Image.open(io.BytesIO(photo))
    gps = source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert gps[ExifTags.GPS.GPSLatitude] == LATITUDE  # the photo did say where it was taken
    assert 3.5 * MB < len(photo) < 8 * MB

    scan = read_upload([("IMG_2041.JPG", photo)])

    assert scan.codes == (CODE,)
    [page] = scan.pages
    assert page.media_type == "image/jpeg"
    assert (page.width, page.height) == (2400, 1800)  # capped, proportions kept
    image = opened(page)
    assert image.format == "JPEG" and image.size == (2400, 1800)
    assert not image.getexif()
    assert not {"exif", "xmp", "icc_profile", "comment"} & image.info.keys()
    assert MAKER.encode() not in page.data and b"taken at home" not in page.data
    assert b"Exif" not in page.data
    assert len(page.data) < len(photo) / 3


def test_a_photo_is_turned_upright_by_its_exif_orientation():
    upright = Image.new("RGB", (600, 900), "white")
    upright.paste((255, 0, 0), (0, 0, 150, 150))  # a red corner, top left when upright
    upright.paste(qr_picture(CODE, 6), (250, 500))
    stored = upright.rotate(90, expand=True)  # as the sensor saw it: lying on its side
    data = jpeg(stored, phone_exif(orientation=6))

    [page] = read_upload([("sideways.jpg", data)]).pages

    assert (page.width, page.height) == (600, 900)
    image = opened(page)
    red, green, blue = image.getpixel((20, 20))
    assert red > 200 and green < 60 and blue < 60
    assert not image.getexif()  # no orientation left to apply a second time


def test_several_files_are_one_reply_in_order_and_codes_are_kept_once_each():
    first = png(paper((800, 1100), CODE, qr_scale=6))
    second = jpeg(paper((800, 1100)))  # a page without a code
    third = jpeg(paper((800, 1100), OTHER_CODE.lower().replace("-", " "), qr_scale=6))
    again = jpeg(paper((800, 1100), CODE, qr_scale=6))

    scan = read_upload([("1.png", first), ("2.jpg", second), ("3.jpg", third), ("4.jpg", again)])

    assert len(scan.pages) == 4
    assert scan.codes == (CODE, OTHER_CODE)  # grouped as printed, whatever the QR says


def test_qr_codes_that_are_not_reply_codes_are_ignored():
    sheet = paper((900, 900))
    sheet.paste(qr_picture("https://example.org/K7QM-4ZPA-H3XT"), (50, 50))
    sheet.paste(qr_picture("K7QM-4ZPA-H3X0"), (450, 450))  # 0 is not in the alphabet
    scan = read_upload([("page.jpg", jpeg(sheet))])
    assert scan.codes == ()
    assert len(scan.pages) == 1  # a reply without a readable code is still a reply


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("K7QM-4ZPA-H3XT", "K7QM-4ZPA-H3XT"),
        (" k7qm 4zpa h3xt\n", "K7QM-4ZPA-H3XT"),
        ("K7QM4ZPAH3XT", "K7QM-4ZPA-H3XT"),
        ("K7QM-4ZPA-H3X", None),
        ("K7QM-4ZPA-H3XTT", None),
        ("K7QM-4ZPA-H3XO", None),
        ("K7QM_4ZPA_H3XT", "K7QM-4ZPA-H3XT"),  # as a code typed with other separators
        ("", None),
    ],
)
def test_only_texts_spelling_a_reply_code_are_codes(text, code):
    assert reply_code_in(text) == code


def test_a_small_qr_code_missed_on_the_grey_copy_is_found_in_full():
    # A far-away QR code: 2 pixels a module in a 4,000-pixel photo, 0.6 in the search copy.
    sheet = paper((4000, 3000))
    sheet.paste(qr_picture(CODE, 2), (3000, 2000))
    assert read_upload([("far.jpg", jpeg(sheet, quality=95))]).codes == (CODE,)


def test_a_greyscale_png_scan_stays_lossless_and_loses_its_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    scan = paper((1000, 1400), CODE, qr_scale=6).convert("L")
    info = PngInfo()
    info.add_text("Author", MAKER)
    buffer = io.BytesIO()
    scan.save(buffer, "PNG", pnginfo=info)

    [page] = read_upload([("scan.png", buffer.getvalue())]).pages

    assert page.media_type == "image/png"
    assert opened(page).mode == "L"
    assert MAKER.encode() not in page.data


def test_a_transparent_png_is_shown_on_white_paper():
    picture = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    [page] = read_upload([("clear.png", png(picture))]).pages
    assert page.media_type == "image/jpeg"
    assert min(opened(page).getpixel((100, 100))) > 240


def test_a_pdf_of_scans_is_rasterised_page_by_page():
    document = pdf_of(paper((1240, 1754), CODE, qr_scale=8), paper((1240, 1754)))

    scan = read_upload([("scan.pdf", document)])

    assert scan.codes == (CODE,)
    assert [page.media_type for page in scan.pages] == ["image/jpeg", "image/jpeg"]
    for page in scan.pages:
        assert page.data.startswith(b"\xff\xd8")  # a picture: nothing of the PDF is kept
        assert b"%PDF" not in page.data
        assert max(page.width, page.height) <= intake.PAGE_LONGEST_SIDE


@pytest.fixture(scope="module")
def plain_pdf() -> bytes:
    return pdf_of(paper((600, 800), CODE, qr_scale=5))


def open_action(writer):
    writer._root_object[NameObject("/OpenAction")] = writer.pages[0].indirect_reference


def form(writer):
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject()}
    )


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (javascript, "JavaScript"),
        (open_action, "an action that runs when it is opened"),
        (lambda writer: writer.add_attachment("notes.txt", b"hello"), "an embedded file"),
        (launch_action, "a command that starts a program"),
        (form, "a form"),
    ],
    ids=["javascript", "open-action", "embedded-file", "launch", "form"],
)
def test_a_pdf_holding_more_than_pages_is_refused(plain_pdf, change, what):
    document = pdf_with(plain_pdf, change)
    with pytest.raises(PdfNotPlain) as refused:
        read_upload([("reply.pdf", document)])
    assert refused.value.params == {"name": "reply.pdf", "what": what}
    assert "reply.pdf" in refused.value.message("ru")
    assert refused.value.message("ru") != refused.value.message("en")


def test_an_encrypted_pdf_is_refused(plain_pdf):
    document = pdf_with(plain_pdf, lambda writer: writer.encrypt("", "owner"))
    with pytest.raises(PdfEncrypted):
        read_upload([("locked.pdf", document)])


def test_a_damaged_pdf_is_refused(plain_pdf):
    with pytest.raises(DamagedPdf):
        read_upload([("cut.pdf", plain_pdf[:200])])


@pytest.mark.parametrize(
    "bomb",
    [png_bomb, lambda: jpeg_claiming(20_000, 20_000), lambda: jpeg_claiming(8000, 7000)],
    ids=["png-20000x20000", "jpeg-header-20000x20000", "jpeg-header-56-megapixels"],
)
def test_a_decompression_bomb_is_refused_from_its_header(bomb, monkeypatch):
    data = bomb()
    assert len(data) < MB

    def never_decoded(self, *args, **kwargs):
        raise AssertionError("a bomb was decoded")

    monkeypatch.setattr(Image.Image, "load", never_decoded)
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", never_decoded)
    with pytest.raises(ImageTooLarge) as refused:
        read_upload([("bomb.png", data)])
    assert refused.value.params == {"name": "bomb.png", "limit": 50}


def test_a_pdf_with_a_bomb_image_is_refused_before_it_is_drawn(plain_pdf):
    def enlarge(writer):
        for image in writer.pages[0]["/Resources"]["/XObject"].values():
            image = image.get_object()
            image[NameObject("/Width")] = NumberObject(20_000)
            image[NameObject("/Height")] = NumberObject(20_000)

    with pytest.raises(ImageTooLarge):
        read_upload([("bomb.pdf", pdf_with(plain_pdf, enlarge))])


def test_a_truncated_photo_is_refused(photo):
    with pytest.raises(DamagedImage) as refused:
        read_upload([("IMG_2041.JPG", photo[: len(photo) // 2])])
    assert "IMG_2041.JPG" in str(refused.value)


def test_a_50_mb_upload_is_refused_before_it_is_read():
    with pytest.raises(FileTooLarge) as refused:
        read_upload([("huge.jpg", b"\xff\xd8\xff" + bytes(50 * MB))])
    assert refused.value.params == {"name": "huge.jpg", "size": 51, "limit": 20}
    with pytest.raises(UploadTooLarge) as refused:
        read_upload([(f"{n}.jpg", b"\xff\xd8\xff" + bytes(17 * MB)) for n in range(3)])
    assert refused.value.params == {"size": 52, "limit": 40}


def test_too_many_pages_are_refused():
    page = png(Image.new("L", (50, 50), 255))
    assert len(read_upload([("p.png", page)] * intake.MAX_PAGES).pages) == intake.MAX_PAGES
    with pytest.raises(TooManyPages):
        read_upload([("p.png", page)] * (intake.MAX_PAGES + 1))
    long_pdf = pdf_of(*[Image.new("L", (50, 50), 255)] * (intake.MAX_PAGES + 1))
    with pytest.raises(TooManyPages):
        read_upload([("long.pdf", long_pdf)])


@pytest.mark.parametrize(
    ("files", "refusal"),
    [
        ([], NoFiles),
        ([("empty.jpg", b"")], EmptyFile),
        ([("letter.txt", "Здравствуйте!".encode())], NotAnImage),
        ([("photo.jpg", b"GIF89a" + bytes(100))], NotAnImage),
        ([("photo.gif", png(Image.new("L", (9, 9))).replace(b"PNG", b"GIF", 1))], NotAnImage),
        ([("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(200))], DamagedImage),
    ],
    ids=["nothing", "empty", "text", "gif", "broken-signature", "jpeg-header-only"],
)
def test_what_is_not_a_jpeg_png_or_pdf_is_refused_with_its_reason(files, refusal):
    with pytest.raises(refusal) as refused:
        read_upload(files)
    message = refused.value.message("ru")
    assert message and message != refused.value.message("en")


def test_a_gif_is_refused_even_though_pillow_reads_it():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "GIF")
    with pytest.raises(NotAnImage):
        read_upload([("photo.gif", buffer.getvalue())])


def sixteen_bit_grey() -> bytes:
    buffer = io.BytesIO()
    Image.new("I;16", (64, 48), 0x8000).save(buffer, "PNG")
    return buffer.getvalue()


def cmyk_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("CMYK", (64, 48), (0, 0, 0, 128)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (sixteen_bit_grey(), "image/png"),  # a scanner's 16-bit greyscale: not clipped to white
        (png(Image.new("1", (64, 48), 1).convert("L").point(lambda v: 128)), "image/png"),
        (png(Image.new("RGB", (64, 48), (128, 128, 128)).convert("P")), "image/jpeg"),
        (cmyk_jpeg(), "image/jpeg"),
        (jpeg(Image.new("L", (64, 48), 128)), "image/jpeg"),  # a grey photo stays a JPEG
    ],
    ids=["png-16-bit-grey", "png-grey", "png-palette", "jpeg-cmyk", "jpeg-grey"],
)
def test_every_kind_of_picture_keeps_its_tones(data, media_type):
    [page] = read_upload([("page", data)]).pages
    assert page.media_type == media_type
    image = opened(page).convert("L")
    assert 100 < image.getpixel((32, 24)) < 170  # mid-grey (a web palette's 153) stays so


def test_a_phones_jpeg_with_a_second_picture_keeps_only_the_photo():
    # Phones store depth maps and previews as further pictures of one JPEG (MPO).
    buffer = io.BytesIO()
    photo = paper((900, 1200), CODE, qr_scale=5)
    photo.save(buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (300, 400))])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    scan = read_upload([("PXL_0001.jpg", buffer.getvalue())])

    assert scan.codes == (CODE,)
    [page] = scan.pages
    assert (page.width, page.height) == (900, 1200)
    assert b"MPF" not in page.data  # the second picture's index is gone with it


def test_a_pdf_that_would_draw_for_minutes_is_refused_when_its_time_is_spent(monkeypatch):
    document = pdf_drawing_forever()
    assert len(document) < 100_000
    monkeypatch.setattr(intake, "PDF_DRAWING_SECONDS", 0.3)
    with pytest.raises(PdfTooComplex) as refused:
        read_upload([("slow.pdf", document)])
    assert refused.value.params == {"name": "slow.pdf"}


def test_a_pdf_of_countless_objects_is_refused_before_they_are_all_read(plain_pdf):
    def crowd(writer):
        extra = [writer._add_object(DictionaryObject()) for _ in range(intake.MAX_PDF_OBJECTS)]
        writer._root_object[NameObject("/Extra")] = ArrayObject(extra)

    with pytest.raises(PdfTooComplex):
        read_upload([("crowded.pdf", pdf_with(plain_pdf, crowd))])
