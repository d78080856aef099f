"""What other packages add to the directory's pages, without the directory importing them.

Reports, batches and writing build on the directory (they import it), so it may not import
them back. Where its pages show their data, the directory sends a signal and they answer it,
connected in their ``init_app`` (blinker signals, as Flask and Indico use them). A signal's
sender is the SQLAlchemy session; each receiver returns its part.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

attention_reasons = _signals.signal(
    "attention-reasons",
    doc="""Why prisoners need a coordinator's look, beyond their own record.

    Each receiver returns ``{prisoner id: [reason, …]}``, the reasons in the visitor's language
    (open reports from supporters). The prisoners join the attention list with these reasons
    first.""",
)

coordinator_sections = _signals.signal(
    "coordinator-sections",
    doc="""More sections for the coordinators' start page, after the attention list.

    Each receiver returns rendered HTML (``Markup``), or ``None`` when it has nothing to show
    (returned mail by facility).""",
)

empty_search = _signals.signal(
    "empty-search",
    doc="""Whom the search page suggests before anything is searched for.

    Each receiver returns a list of prisoners (those who got the fewest letters).""",
)


def answers(signal, session) -> list:
    """What the receivers of ``signal`` returned for ``session`` (``None`` left out)."""
    return [value for _receiver, value in signal.send(session) if value is not None]
