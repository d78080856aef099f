"""Checking and printing a file's letters in parts, on every core (for ``letters render``).

The parent process reads the file and finds each recipient (quick, and the directory lookups
need its database session). Each part of at most 500 records then goes to a worker process,
which in one pass runs the language check on every letter, sets aside those that fail it or
cannot be printed, and renders the rest into a letters PDF and an envelopes PDF in the same
order. Checking in the worker, next to the rendering, keeps both cores busy the whole time and
sends nothing back but the PDFs and a few lines a record.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from letters.bulk.records import ResolvedRecord, check_printable, language_problems
from letters.messages import translator
from letters.pdf.errors import MSG_UNPRINTABLE_REMOVED, PdfError, describe
from letters.pdf.fit import Fitted
from letters.pdf.letter import remove_unprintable_from_letter
from letters.pdf.model import BatchItem
from letters.pdf.plans import PrintPlan
from letters.pdf.render import MAX_PART, RenderedPart, render_part, render_plans


@dataclass(frozen=True)
class PartOptions:
    """What to print for each letter, the same for every part."""

    envelope: str | None  # a format of ``ENVELOPES``; None: no envelopes PDF
    labels: str | None = None  # without envelopes: the ``LABEL_SHEETS`` addresses must fit
    locale: str = "en"  # of the messages


@dataclass
class Outcome:
    """What became of one record of a part."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None  # the letter's pages, when it was printed
    label: Fitted | None = None  # its address label laid out, when labels were asked for


@dataclass
class PrintedPart:
    """One part: its PDFs (``None`` when no letter of it could be printed) and each outcome."""

    letters_pdf: bytes | None
    envelopes_pdf: bytes | None
    outcomes: list[Outcome]


def _render_failure(item: BatchItem, envelope: str | None, locale: str) -> str | None:
    """Why ``item`` alone cannot be rendered, or ``None`` if it can."""
    try:
        render_part([item], envelope)
    except PdfError as error:
        return error.message(locale)
    except Exception as error:  # a ReportLab layout failure, say: keep the others going
        return f"{type(error).__name__}: {error}"
    return None


def _without_label(plan: PrintPlan) -> PrintPlan:
    # The labels of every part go on one set of sheets, drawn by the command at the end.
    return dataclasses.replace(plan, label=None) if plan.label else plan


def print_part(records: Sequence[ResolvedRecord], options: PartOptions) -> PrintedPart:
    """Check and render one part's records (each resolved, with an ``item``)."""
    outcomes = [Outcome() for _ in records]
    printable: list[int] = []
    plans: dict[int, PrintPlan] = {}
    for index, resolved in enumerate(records):
        outcome = outcomes[index]
        outcome.errors, outcome.warnings, _ = language_problems(
            resolved.record.text, options.locale
        )
        if outcome.errors:
            continue
        letter, removed = remove_unprintable_from_letter(resolved.item.letter)
        if removed:  # the documented rule, not a lost letter: printed and marked warn
            resolved.item = dataclasses.replace(resolved.item, letter=letter)
            message = translator(options.locale)(MSG_UNPRINTABLE_REMOVED)
            outcome.warnings.append(message % {"chars": describe(removed)})
        try:
            # The check lays the envelope out, and the renderer draws what it laid out. The text
            # went through the removal rule just above: only what the font draws is left in it.
            plans[index] = check_printable(
                resolved.item, options.envelope or options.labels, letter=False
            )
        except PdfError as error:
            outcome.errors.append(error.message(options.locale))
        else:
            printable.append(index)
    if not printable:
        return PrintedPart(None, None, outcomes)

    def render(indices: list[int]) -> RenderedPart:
        return render_plans([_without_label(plans[i]) for i in indices])

    try:
        part = render(printable)
    except Exception:
        # check_printable should have caught it: find the records that break the part alone.
        kept = []
        for index in printable:
            failure = _render_failure(records[index].item, options.envelope, options.locale)
            if failure is None:
                kept.append(index)
            else:
                outcomes[index].errors.append(failure)
        printable = kept
        if not printable:
            return PrintedPart(None, None, outcomes)
        part = render(printable)
    for index, count in zip(printable, part.letter_pages, strict=True):
        outcomes[index].pages = count
        outcomes[index].label = plans[index].label
    return PrintedPart(part.letters_pdf, part.envelopes_pdf, outcomes)


def _print_part_job(args: tuple[Sequence[ResolvedRecord], PartOptions]) -> PrintedPart:
    return print_part(*args)


def print_parts(
    records: Sequence[ResolvedRecord],
    options: PartOptions,
    *,
    part_size: int = MAX_PART,
    processes: int | None = None,
) -> Iterator[tuple[Sequence[ResolvedRecord], PrintedPart]]:
    """Each part of ≤ ``part_size`` records with what became of it, in the records' order.

    Parts are printed in forked worker processes (``processes``, default one per CPU) when
    there is more than one; a single part is printed in this process. Results are yielded as
    they come, so the caller can write each part to disk and let it go.
    """
    part_size = max(1, min(part_size, MAX_PART))
    parts = [records[i : i + part_size] for i in range(0, len(records), part_size)]
    workers = min(processes or os.cpu_count() or 1, len(parts))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for part in parts:
            yield part, print_part(part, options)
        return
    _warm_up()
    # Objects made so far (modules, fonts, dictionaries) stay out of the workers' garbage
    # collections, which would otherwise write to, and so copy, every page they live on.
    gc.freeze()
    # Forked workers share the parent's fonts and dictionaries instead of loading their own.
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        results = pool.map(_print_part_job, [(part, options) for part in parts])
        yield from zip(parts, results, strict=True)
    finally:
        # Should the caller stop early (a full disk, Ctrl-C), drop the parts not yet started.
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _warm_up() -> None:
    """Load the fonts and the morphology dictionaries once, before forking."""
    from letters.language import check
    from letters.pdf.fonts import register_fonts

    register_fonts()
    check("Проверка", "en")
