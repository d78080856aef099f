"""PDF rendering of letters, envelopes and address labels (plain Python, no Flask).

See :mod:`letters.pdf.render` for the entry points; the data they take is in
:mod:`letters.pdf.model`, the page geometry in :mod:`letters.pdf.layout`.
"""

from letters.pdf.envelope import reply_envelope_job
from letters.pdf.errors import (
    InvalidPostcode,
    LabelLayoutError,
    LayoutError,
    PdfError,
    UnsupportedCharacters,
)
from letters.pdf.model import Address, BatchItem, EnvelopeJob, Letter
from letters.pdf.render import (
    BatchPart,
    render_batch,
    render_envelopes_pdf,
    render_labels_pdf,
    render_letter_pdf,
    render_letter_with_envelope,
    render_letters_pdf,
)

__all__ = [
    "Address",
    "BatchItem",
    "BatchPart",
    "EnvelopeJob",
    "InvalidPostcode",
    "LabelLayoutError",
    "LayoutError",
    "Letter",
    "PdfError",
    "UnsupportedCharacters",
    "render_batch",
    "render_envelopes_pdf",
    "render_labels_pdf",
    "render_letter_pdf",
    "render_letter_with_envelope",
    "render_letters_pdf",
    "reply_envelope_job",
]
