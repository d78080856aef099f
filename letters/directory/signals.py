"""What other packages add to the directory's pages, without the directory importing them.

Reports, batches and writing build on the directory (they import it), so it may not import
them back. Where its pages show their data, the directory sends a signal and they answer it,
connected in their ``init_app`` (blinker signals, as Flask and Indico use them). A signal's
sender is the SQLAlchemy session; each receiver returns its part.
"""

from __future__ import annotations

from blinker import Namespace
from markupsafe import Markup

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

prisoner_mail = _signals.signal(
    "prisoner-mail",
    doc="""How the post went for some prisoners: letters posted, come back, answered.

    Each receiver gets the prisoners' ids (``prisoner_ids``) and returns ``{prisoner id: line}``,
    a short line (``Markup``) shown on the coordinators' pages beside returned mail: a prisoner
    who answers is reachable.""",
)

empty_search = _signals.signal(
    "empty-search",
    doc="""Whom the search page suggests before anything is searched for.

    Each receiver returns a list of prisoners (those who got the fewest letters).""",
)


def answers(signal, session, **arguments) -> list:
    """What the receivers of ``signal`` returned for ``session`` (``None`` left out)."""
    return [value for _receiver, value in signal.send(session, **arguments) if value is not None]


def lines_by_prisoner(session, prisoner_ids) -> dict:
    """The receivers' lines of :data:`prisoner_mail` for these prisoners, joined per prisoner."""
    lines: dict = {}
    for answer in answers(prisoner_mail, session, prisoner_ids=list(prisoner_ids)):
        for prisoner_id, line in answer.items():
            lines[prisoner_id] = (
                Markup(" ").join((lines[prisoner_id], line)) if prisoner_id in lines else line
            )
    return lines
