"""PDF rendering of letters, envelopes and address labels (plain Python, no Flask).

See :mod:`letters.pdf.render` for the entry points; the data they take is in
:mod:`letters.pdf.model`, the page geometry in :mod:`letters.pdf.layout`.

The names below are imported on first use (PEP 562), so that a module needing only the
layout tables (a command's options, say) does not load ReportLab's page layout engine.
"""

from __future__ import annotations

import importlib

_HOMES = {
    "reply_envelope_job": "envelope",
    "InvalidPostcode": "errors",
    "LabelLayoutError": "errors",
    "LayoutError": "errors",
    "PdfError": "errors",
    "UnsupportedCharacters": "errors",
    "Address": "model",
    "BatchItem": "model",
    "EnvelopeJob": "model",
    "Letter": "model",
    "MAX_PART": "render",
    "RenderedPart": "render",
    "render_envelopes_pdf": "render",
    "render_labels_pdf": "render",
    "render_letter_pdf": "render",
    "render_letters_pdf": "render",
    "render_part": "render",
    "render_plans": "render",
    "PrintPlan": "plans",
    "check_printable": "plans",
}
__all__ = list(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
