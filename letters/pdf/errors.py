"""Errors the PDF renderer raises, each carrying a translatable message.

The renderer has no Flask request or locale of its own: an error keeps its English msgid (marked
with ``N_`` so Babel extracts it) and its parameters, and the caller translates it with
:meth:`~letters.messages.TranslatableError.message` in the writer's locale.
"""

from __future__ import annotations

from letters.messages import N_, TranslatableError


def describe(chars: list[str]) -> str:
    """Characters named for a message: each as itself and its code point(s)."""
    return ", ".join(f"{c} ({' '.join(f'U+{ord(x):04X}' for x in c)})" for c in chars)


class PdfError(TranslatableError):
    """Base class: something in the input makes a correct printout impossible."""

    msgid = N_("The document could not be printed.")


class LayoutError(PdfError):
    """A text block does not fit its zone even at the smallest allowed font size."""

    msgid = N_(
        "The %(block)s does not fit on the %(format)s envelope even in the smallest type. "
        "Shorten it or choose a larger envelope."
    )
    translated_params = ("block",)

    def __init__(self, block: str, format: str):
        super().__init__(block=block, format=format)
        self.block = block
        self.format = format


class LabelLayoutError(PdfError):
    """An address does not fit on a label even at the smallest allowed font size."""

    msgid = N_(
        "The address of %(name)s does not fit on a %(layout)s label in type a sorter can read "
        "(%(size)s points at least). Print it on an envelope or on larger labels."
    )

    def __init__(self, name: str, layout: str, size: float = 8.0):
        super().__init__(name=name, layout=layout, size=f"{size:g}")


class UnsupportedCharacters(PdfError):
    """The text contains characters the printing font has no glyph for (emoji, rare symbols)."""

    msgid = N_(
        "These characters cannot be printed: %(chars)s. Please remove them or replace them "
        "with words."
    )

    def __init__(self, chars: list[str]):
        self.chars = chars
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in chars)
        super().__init__(chars=shown)


class UnprintableAddress(PdfError):
    """A part of an address has characters the envelope font cannot draw.

    An address is never printed with a character missing (a letter text may be, by the
    documented rule): the letter is held, naming the address, the part and the characters.
    """

    msgid = N_(
        "The %(block)s cannot be printed as it is: its %(part)s has %(chars)s, which the "
        "envelope's font cannot draw. Correct that part of the address."
    )
    translated_params = ("block", "part")

    def __init__(self, block: str, part: str, chars: list[str]):
        super().__init__(block=block, part=part, chars=describe(chars))
        self.block = block
        self.part = part
        self.chars = chars


# A warning, not an error: the letter printed without these (see letters.pdf.text).
MSG_UNPRINTABLE_REMOVED = N_("Removed what the print font cannot draw: %(chars)s.")


class InvalidPostcode(PdfError):
    """A Russian postcode must be six digits: the stencil has six cells."""

    msgid = N_("The Russian postcode must be exactly six digits, not “%(postcode)s”.")

    def __init__(self, postcode: str):
        super().__init__(postcode=postcode)
        self.postcode = postcode


# Names of the blocks for LayoutError, translated with the message's other parameters by callers
# that want them in the user's language.
BLOCK_RECIPIENT = N_("recipient's address")
BLOCK_SENDER = N_("sender's address")
# Names of an address's parts, for UnprintableAddress (keys: the fields of pdf.model.Address).
ADDRESS_PART_NAMES = {
    "name_lines": N_("name"),
    "facility": N_("facility"),
    "street_line": N_("street and house"),
    "locality": N_("town or village"),
    "district": N_("district"),
    "region": N_("region"),
    "postcode": N_("postcode"),
    "country": N_("country"),
}
