"""Find, register and inspect the bundled PT Serif / PT Sans fonts.

ReportLab's font registry is global to the process, and parsing a TrueType file costs a few
milliseconds, so :func:`register_fonts` does the work once behind a lock and later calls return
at once. Only these allow-listed faces are used anywhere in ``letters.pdf``.
"""

from __future__ import annotations

import codecs
import io
import itertools
import struct
import threading
from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the ``letters`` package

# Registered font names -> file names in the fonts folder.
SERIF = "PTSerif"
SERIF_BOLD = "PTSerif-Bold"
SERIF_ITALIC = "PTSerif-Italic"
SERIF_BOLD_ITALIC = "PTSerif-BoldItalic"
SANS = "PTSans"
SANS_BOLD = "PTSans-Bold"

FONT_FILES: dict[str, str] = {
    SERIF: "PTF55F.ttf",
    SERIF_ITALIC: "PTF56F.ttf",
    SERIF_BOLD: "PTF75F.ttf",
    SERIF_BOLD_ITALIC: "PTF76F.ttf",
    SANS: "PTS55F.ttf",
    SANS_BOLD: "PTS75F.ttf",
}

_lock = threading.Lock()
_registered = False

NBSP = "\u00a0"  # ReportLab encodes a no-break space as a space
_UNMAPPED = "\ufffe"  # a byte no character encodes to (the codecs' own mark)


class _Subsets:
    """One document's subsets of one font as C encoders, kept up to date with ReportLab's.

    ReportLab numbers each character a document uses in the order it first meets it (``state.
    assignments``: code point -> subset * 256 + byte; only ever added to, so in insertion
    order). Each subset is also a 256-byte code page, which :func:`codecs.charmap_build` turns
    into an encoder that fails on any character outside it.
    """

    __slots__ = ("encoders", "pages", "seen", "subset_of")

    def __init__(self) -> None:
        self.seen = 0  # how many assignments the tables hold
        self.subset_of: dict[str, int] = {}
        self.pages: dict[int, list[str]] = {}  # a subset's characters by byte
        # None: to build; False: not one character a byte
        self.encoders: dict[int, object | None] = {}

    def update(self, assignments: dict[int, int]) -> None:
        for code, number in itertools.islice(assignments.items(), self.seen, None):
            subset, byte = divmod(number, 256)
            page = self.pages.setdefault(subset, [_UNMAPPED] * 256)
            # One character a byte, as ReportLab assigns them; should two ever share a byte,
            # that subset is left to ReportLab's code.
            page[byte] = chr(code) if page[byte] == _UNMAPPED else ""
            self.subset_of[chr(code)] = subset
            self.encoders[subset] = None
        self.seen = len(assignments)

    def encoder(self, subset: int):
        encoder = self.encoders[subset]
        if encoder is None:
            page = self.pages[subset]
            encoder = codecs.charmap_build("".join(page)) if "" not in page else False
            if isinstance(encoder, dict):
                # A page that does not start with U+0000 (any subset but the first) is built
                # as a dict, which maps the unmapped mark too, to a byte: remove it.
                encoder.pop(ord(_UNMAPPED), None)
            self.encoders[subset] = encoder
        return encoder


class QuickTTFont(TTFont):
    """A TrueType font whose text encoding (``splitString``) is done at C speed when it can be.

    Every line drawn is encoded character by character into the font's subsets, in Python: an
    eighth of a letter's rendering time. A line whose characters the document has all met
    before, in one subset (nearly every line after the first letters), is encoded by a code
    page encoder into the same bytes; anything else (a new character, one the font lacks,
    several subsets) goes through ReportLab's own code, which assigns the codes.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._subsets: WeakKeyDictionary[object, _Subsets] = WeakKeyDictionary()

    def splitString(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc)
        if state is None or not text or not isinstance(text, str):
            return super().splitString(text, doc, encoding)
        subsets = self._subsets.get(doc)
        if subsets is None:
            subsets = self._subsets[doc] = _Subsets()
        if subsets.seen != len(state.assignments):
            subsets.update(state.assignments)
        line = text.replace(NBSP, " ") if NBSP in text else text
        subset = subsets.subset_of.get(line[0])
        encoder = subsets.encoder(subset) if subset is not None else None
        if encoder:
            try:
                return [(subset, codecs.charmap_encode(line, "strict", encoder)[0])]
            except UnicodeEncodeError:
                pass  # a character not in this subset yet
        return super().splitString(text, doc, encoding)


def fonts_dir() -> Path:
    """Return the folder holding the TTF files.

    An installed wheel carries it inside the package (``letters/fonts``, see the hatch
    ``force-include``); a source checkout has it at the top of the repository.
    """
    for candidate in (PACKAGE_DIR / "fonts", PACKAGE_DIR.parent / "fonts"):
        if (candidate / FONT_FILES[SERIF]).is_file():
            return candidate
    raise FileNotFoundError(
        "letters.pdf: the fonts folder (PT Serif, PT Sans) is missing from this installation"
    )


def register_fonts() -> None:
    """Register the six faces and the PT Serif / PT Sans families with ReportLab, once."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:  # another thread won the race
            return
        folder = fonts_dir()
        for name, filename in FONT_FILES.items():
            # TTFont embeds only the glyphs a document uses (subsetting); without the hinting
            # bytecode those glyphs take half the space (see strip_hinting).
            data = strip_hinting((folder / filename).read_bytes())
            pdfmetrics.registerFont(QuickTTFont(name, io.BytesIO(data)))
        # Family mappings let <b> and <i> in Platypus paragraphs pick the right face.
        pdfmetrics.registerFontFamily(
            SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD_ITALIC
        )
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
        )
        for family, bold, italic, face in ((SANS, 0, 1, SANS), (SANS, 1, 1, SANS_BOLD)):
            addMapping(family, bold, italic, face)
        _registered = True


@lru_cache(maxsize=len(FONT_FILES))
def covered_codepoints(font_name: str) -> frozenset[int]:
    """Code points the font has a real glyph for (from its ``cmap``), computed once per face."""
    register_fonts()
    face = pdfmetrics.getFont(font_name).face
    return frozenset(cp for cp, glyph in face.charToGlyph.items() if glyph != 0)


@lru_cache(maxsize=4)
def common_coverage(font_names: tuple[str, ...]) -> frozenset[int]:
    """Code points every one of ``font_names`` can draw."""
    sets = [covered_codepoints(name) for name in font_names]
    return frozenset.intersection(*sets)


LETTER_FONTS = (SERIF, SERIF_BOLD, SERIF_ITALIC)
ENVELOPE_FONTS = (SANS, SANS_BOLD)


# --- Hinting removal ---------------------------------------------------------------------------
#
# PT Serif and PT Sans carry TrueType hinting: bytecode in every glyph plus the fpgm/prep/cvt
# tables. Hints only help rasterising small text on coarse screens; printers and PDF viewers at
# print resolution do not need them, yet they make up about half of every embedded subset (a
# one-page letter with its envelope went from ~110 KB to well under 60 KB without them). The fonts
# on disk stay untouched: we strip the instructions from an in-memory copy once per process,
# the same kind of reduction as the subsetting ReportLab already does when it embeds a font.

_HINT_TABLES = {"fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX"}
_ARGS_ARE_WORDS, _HAVE_SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO, _HAVE_INSTR = (
    0x1,
    0x8,
    0x20,
    0x40,
    0x80,
    0x100,
)


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}L", data)) & 0xFFFFFFFF


def _strip_glyph(glyph: bytes) -> bytes:
    """One glyph without its instructions (simple and composite glyphs)."""
    if len(glyph) < 10:
        return glyph
    contours = struct.unpack(">h", glyph[:2])[0]
    if contours >= 0:
        at = 10 + 2 * contours
        length = struct.unpack(">H", glyph[at : at + 2])[0]
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length :]
    out = bytearray(glyph)
    pos, flags = 10, _MORE
    while flags & _MORE:
        flags = struct.unpack(">H", glyph[pos : pos + 2])[0]
        struct.pack_into(">H", out, pos, flags & ~_HAVE_INSTR)
        pos += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        if flags & _HAVE_SCALE:
            pos += 2
        elif flags & _XY_SCALE:
            pos += 4
        elif flags & _TWO_BY_TWO:
            pos += 8
    return bytes(out[:pos])  # drop the composite's trailing instructions


def strip_hinting(data: bytes) -> bytes:
    """Return the TrueType font ``data`` without hinting instructions and hint tables."""
    num_tables = struct.unpack(">H", data[4:6])[0]
    tables: dict[str, bytes] = {}
    for i in range(num_tables):
        tag, _, offset, length = struct.unpack(">4sLLL", data[12 + 16 * i : 28 + 16 * i])
        tables[tag.decode("latin-1")] = data[offset : offset + length]
    if "glyf" not in tables:
        return data
    head = bytearray(tables["head"])
    num_glyphs = struct.unpack(">H", tables["maxp"][4:6])[0]
    long_loca = struct.unpack(">h", head[50:52])[0] == 1
    if long_loca:
        loca = struct.unpack(f">{num_glyphs + 1}L", tables["loca"][: 4 * (num_glyphs + 1)])
    else:
        loca = [
            2 * v
            for v in struct.unpack(f">{num_glyphs + 1}H", tables["loca"][: 2 * (num_glyphs + 1)])
        ]
    glyf, offsets = bytearray(), []
    for i in range(num_glyphs):
        offsets.append(len(glyf))
        glyf += _strip_glyph(tables["glyf"][loca[i] : loca[i + 1]])
        glyf += b"\0" * (-len(glyf) % 4)
    offsets.append(len(glyf))
    struct.pack_into(">h", head, 50, 1)  # long loca offsets
    struct.pack_into(">L", head, 8, 0)  # checkSumAdjustment, recomputed below
    tables.update(
        glyf=bytes(glyf), loca=struct.pack(f">{len(offsets)}L", *offsets), head=bytes(head)
    )
    for tag in _HINT_TABLES:
        tables.pop(tag, None)

    tags = sorted(tables)
    n = len(tags)
    search = 1 << (n.bit_length() - 1)
    out = bytearray(
        struct.pack(
            ">LHHHH", 0x00010000, n, search * 16, search.bit_length() - 1, n * 16 - search * 16
        )
    )
    offset = 12 + 16 * n
    body = bytearray()
    head_at = 0
    for tag in tags:
        table = tables[tag]
        if tag == "head":
            head_at = offset
        out += struct.pack(">4sLLL", tag.encode("latin-1"), _checksum(table), offset, len(table))
        body += table + b"\0" * (-len(table) % 4)
        offset += len(table) + (-len(table) % 4)
    font = out + body
    struct.pack_into(">L", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)
