"""Hostile uploads (real files mutated, cut short, spliced; random bytes) are read or refused
with an UploadRefused: never another exception (property-based, derandomized).

``hostile_uploads`` is shared with the import command's test, which sends the same inputs
through ``letters replies import`` and compares the outcome with ``read_upload``'s.
"""

from __future__ import annotations

import io
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from letters.replies.intake import ReadScan, UploadRefused, read_upload
from tests.replies.scans import CODE, jpeg, paper, pdf_of, pdf_with, phone_exif, png, qr_picture

HOSTILE_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def real_files() -> tuple[bytes, ...]:
    """Small files of every kind taken: the raw material of the mutations."""
    sheet = paper((240, 320), CODE, qr_scale=2)
    grey = Image.new("L", (120, 90), 200)
    grey.paste(qr_picture(CODE, 2).convert("L"), (10, 5))
    sideways = paper((320, 240)).rotate(90, expand=True)
    plain = pdf_of(paper((200, 280), CODE, qr_scale=2), grey)
    buffer = io.BytesIO()
    Image.new("P", (40, 30)).save(buffer, "PNG", transparency=0)
    return (
        jpeg(sheet, phone_exif()),
        jpeg(sideways, phone_exif(orientation=8), quality=70),
        png(sheet),
        png(grey),
        buffer.getvalue(),
        plain,
        pdf_with(plain, lambda writer: writer.add_attachment("x.txt", b"x")),
    )


@st.composite
def hostile_file(draw) -> bytes:
    """A real file mutated: cut, bytes overwritten, another file's body after its header, or
    random bytes (sometimes behind a real signature)."""
    files = real_files()
    data = draw(st.sampled_from(files))
    kind = draw(st.sampled_from(["cut", "flip", "splice", "random", "signature"]))
    if kind == "cut":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "flip":
        changed = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(changed) - 1))
            changed[at] = draw(st.integers(0, 255))
        return bytes(changed)
    if kind == "splice":
        other = draw(st.sampled_from(files))
        cut = draw(st.integers(0, min(len(data), 400)))
        return data[:cut] + other[draw(st.integers(0, len(other))) :]
    noise = draw(st.binary(max_size=2000))
    if kind == "signature":
        return data[: draw(st.integers(1, 64))] + noise
    return noise


hostile_uploads = st.lists(
    st.tuples(
        st.sampled_from(["scan.jpg", "page.png", "reply.pdf", "../../x", ""]), hostile_file()
    ),
    min_size=1,
    max_size=3,
)


def outcome(files: list[tuple[str, bytes]]) -> ReadScan | UploadRefused:
    """What ``read_upload`` makes of ``files``: the scan, or the refusal. Anything else raised
    fails the test that calls it."""
    try:
        return read_upload(files)
    except UploadRefused as refused:
        assert refused.message("ru") and refused.message("en")
        return refused


@HOSTILE_SETTINGS
@given(hostile_uploads)
def test_a_hostile_upload_is_read_or_refused_never_an_error(files):
    result = outcome(files)
    if isinstance(result, ReadScan):
        assert len(result.pages) >= len(files)
        for page in result.pages:
            image = Image.open(io.BytesIO(page.data))
            assert (image.width, image.height) == (page.width, page.height)
            assert not image.getexif()


def test_the_real_files_are_read():
    # The mutations start from files the intake takes (the one with an attachment aside).
    *taken, attached = real_files()
    assert all(isinstance(outcome([("f", data)]), ReadScan) for data in taken)
    assert isinstance(outcome([("f", attached)]), UploadRefused)
