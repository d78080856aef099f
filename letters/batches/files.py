"""A batch's files, derived from the database alone: regenerating gives identical bytes.

The zip holds ``letters.pdf`` (each letter on a front page when duplex is on), the envelopes or
labels in the same order, ``manifest.csv`` and ``cover.pdf``. An envelope feed takes one size
a job, so envelopes come in one file a stack (:func:`stack_file`): ``envelopes.pdf`` in the
batch's size; ``envelopes-C5.pdf`` for letters whose writer chose an envelope the batch's would
not take (:func:`letters.pdf.layout.envelope_for`); ``reply-envelopes-C6.pdf`` for the reply
kits' envelopes. The cover sheet names each file and what goes in it.

Every letter is checked and laid out once (:func:`letters.pdf.plans.check_printable`) before
anything is drawn, and the renderer draws those plans: a letter that cannot be printed is set
aside with its reason (:attr:`BatchFiles.set_aside`, then :func:`letters.batches.holds.set_aside`)
and the others print.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import object_session

from letters import addressing, spreadsheets
from letters.batches.cover import CoverFacts, EnvelopeStack, render_cover_pdf
from letters.batches.models import Batch, QueuedLetter, Reason
from letters.batches.postage import Tariff, estimate, load_tariff
from letters.directory.address import MSG_UNPLACED, AddressParseError, parse_address
from letters.draft import Draft
from letters.pdf import Address, BatchItem, PdfError, reply_envelope_job
from letters.pdf.errors import describe
from letters.pdf.labels import STENCIL_COLUMN, render_planned_labels_pdf
from letters.pdf.layout import ENVELOPES, LABEL_OUTPUTS
from letters.pdf.letter import remove_unprintable_from_letter
from letters.pdf.plans import PrintPlan, Stack, check_printable
from letters.pdf.render import render_plans, render_stacks
from letters.replies.address import current_block as reply_address

PROGRESS_CHUNK = 100  # letters per rendering step: the progress bar moves this often
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same batch always zips to the same bytes

Progress = Callable[[int, int], None]


class UnprintableLetter(Exception):
    """A letter in the batch cannot be addressed.

    ``reason`` says why, for the volunteer; it is None when the recipient changed since the
    letter was claimed (released, transferred): the directory then says why, and the letter
    waits for it like any other letter to that person.
    """

    def __init__(self, reference: str, reason: Reason | None = None):
        super().__init__(reference)
        self.reason = reason


def batch_item(letter: QueuedLetter, organisation: Address | None = None) -> BatchItem:
    """What to print for one letter: addressed from the directory as it is now; replies
    through the organisation go to ``organisation`` (the reply address's envelope block)."""
    draft = Draft.from_queued(letter)
    try:
        if letter.prisoner is not None:
            recipient = addressing.prisoner_address(letter.prisoner)
            reply_from = addressing.prisoner_as_sender(letter.prisoner)
        else:
            parsed = parse_address(letter.address_text or "")
            if parsed.unplaced:  # never print an envelope without words the writer gave
                words = ", ".join(f"«{part}»" for part in parsed.unplaced)
                raise UnprintableLetter(letter.reference, Reason(MSG_UNPLACED, {"words": words}))
            recipient = addressing.parsed_address(parsed)
            reply_from = None
    except addressing.NoPostalAddress as error:
        raise UnprintableLetter(letter.reference) from error
    except AddressParseError as error:
        raise UnprintableLetter(letter.reference, Reason.of(error)) from error
    sender = draft.sender_block(organisation)
    reply = None
    if letter.reply_kit and reply_from is not None:
        reply = reply_envelope_job(reply_from, draft.sender_block(organisation))
    return BatchItem(
        letter=draft.letter(organisation=organisation),
        recipient=recipient,
        sender=sender,
        from_abroad=draft.sender.abroad,
        reply=reply,
        envelope_format=letter.envelope_format,
    )


@dataclass
class BatchFiles:
    """The files of one batch, by name."""

    files: dict[str, bytes]
    # Letters that could not be printed, with why (None: the recipient's directory record says).
    set_aside: list[tuple[QueuedLetter, Reason | None]] = field(default_factory=list)

    def zip_bytes(self) -> bytes:
        """The files in a zip whose bytes depend on their content only."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(self.files):
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, self.files[name])
        return buffer.getvalue()


def _merge(pdfs: list[bytes]) -> tuple[bytes, int]:
    from pypdf import PdfReader, PdfWriter  # imported here: it slows every command's start-up

    if len(pdfs) == 1:
        return pdfs[0], len(PdfReader(io.BytesIO(pdfs[0])).pages)
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def stack_file(stack: Stack, output: str) -> str:
    """The file a stack of envelopes goes into when the batch prints ``output`` envelopes."""
    if stack.reply:
        return f"reply-envelopes-{stack.format}.pdf"
    return "envelopes.pdf" if stack.format == output else f"envelopes-{stack.format}.pdf"


def _place(item: BatchItem, labels: bool) -> str:
    """Where a letter goes, for the cover sheet: the facility, or the address's first place
    lines (a letter addressed by a typed block); with labels, the postcode to write by hand."""
    recipient = item.recipient
    place = recipient.facility or ", ".join(
        line for line in (recipient.street_line, recipient.locality) if line
    )
    if labels and recipient.postcode:
        place += f" — индекс {recipient.postcode}"
    return place


def build_files(
    batch: Batch,
    *,
    tariff: Tariff | None = None,
    held_back: int = 0,
    progress: Progress | None = None,
) -> BatchFiles:
    """Render every file of ``batch`` (its letters in batch order).

    Letters that cannot be printed are left out of the files and listed in ``set_aside``.
    """
    output = batch.envelope_format
    labels = output in LABEL_OUTPUTS
    letters, plans, set_aside = _printable(
        sorted(batch.letters, key=lambda letter: letter.batch_position or 0), output
    )
    # What the font cannot draw goes by the documented rule, and the manifest says what went.
    cleaned = [remove_unprintable_from_letter(plan.item.letter) for plan in plans]
    plans = [
        dataclasses.replace(plan, item=dataclasses.replace(plan.item, letter=letter))
        for plan, (letter, _) in zip(plans, cleaned, strict=True)
    ]
    removed = [describe(gone) for _, gone in cleaned]
    total = len(plans)
    letter_parts: list[bytes] = []
    pages_each: list[int] = []
    for start in range(0, total, PROGRESS_CHUNK):
        chunk = plans[start : start + PROGRESS_CHUNK]
        part = render_plans(
            chunk, invariant=True, duplex=batch.duplex, on_unsupported="drop", envelopes=False
        )
        letter_parts.append(part.letters_pdf)
        pages_each += part.letter_pages
        if progress:
            progress(min(start + len(chunk), total), total)
    letters_pdf, pages = _merge(letter_parts)
    files = {"letters.pdf": letters_pdf}
    if labels:
        files["labels.pdf"] = render_planned_labels_pdf(
            [plan.label for plan in plans],
            LABEL_OUTPUTS[output],
            batch.start_label,
            invariant=True,
        )
    # Envelopes are quick to draw and are drawn all at once, a file a stack: merging PDFs costs
    # more than drawing them.
    stacks: list[tuple[str, Stack, int]] = []
    drawn = render_stacks(plans, invariant=True)
    for stack in sorted(drawn, key=lambda s: (s.reply, s.format != output, s.format)):
        name = stack_file(stack, output)
        files[name] = drawn[stack]
        stacks.append((name, stack, sum(stack in plan.stacks for plan in plans)))
    formats = [plan.stacks[0].format if plan.envelopes else output for plan in plans]
    files["manifest.csv"] = _manifest(letters, batch, pages_each, removed, formats)
    places = [_place(plan.item, labels) for plan in plans]
    per_place = Counter(places)
    files["cover.pdf"] = render_cover_pdf(
        CoverFacts(
            batch_id=batch.id,
            created=batch.created_at.strftime("%Y-%m-%d %H:%M UTC"),
            envelope_format=output,
            duplex=batch.duplex,
            per_facility=[(place, per_place[place]) for place in dict.fromkeys(places)],
            letters=total,
            sheets=(pages + 1) // 2 if batch.duplex else pages,
            envelopes=sum(count for _, _, count in stacks) or (total if labels else 0),
            labels=total if labels else 0,
            stacks=[
                EnvelopeStack(name, stack.format, stack.reply, count)
                for name, stack, count in stacks
            ],
            postage=estimate(
                tariff or load_tariff(),
                [
                    (
                        (count + 1) // 2 if batch.duplex else count,
                        envelope,
                        plan.item.reply is not None,
                    )
                    for count, envelope, plan in zip(pages_each, formats, plans, strict=True)
                ],
            ),
            held_back=held_back + len(set_aside),
        )
    )
    return BatchFiles(files, set_aside)


def unprintable(letter: QueuedLetter) -> tuple[bool, Reason | None]:
    """Whether ``letter`` cannot be printed on its own envelope format as a batch lays it out,
    and why (None: its directory record says why, e.g. released)."""
    _, _, set_aside = _printable([letter], letter.envelope_format)
    return (True, set_aside[0][1]) if set_aside else (False, None)


def held_by_output(letters: list[QueuedLetter], outputs: Iterable[str]) -> dict[str, int]:
    """How many of ``letters`` a batch printing each of ``outputs`` would set aside: the batch
    form says so before the volunteer chooses (a 3 × 7 label is small for a long address)."""
    items = []
    organisation = reply_address(object_session(letters[0])) if letters else None
    for letter in letters:
        try:
            items.append(batch_item(letter, organisation))
        except UnprintableLetter:
            continue  # held whatever is chosen: the queue page lists why
    held = {}
    for output in outputs:
        check_on = output if output in ENVELOPES or output in LABEL_OUTPUTS else None
        held[output] = 0
        for item in items:
            try:
                check_printable(item, check_on, letter=False)
            except PdfError:
                held[output] += 1
    return held


def _printable(
    letters: list[QueuedLetter], output: str
) -> tuple[list[QueuedLetter], list[PrintPlan], list[tuple[QueuedLetter, Reason | None]]]:
    """Each letter checked and laid out as it will print; the letters that cannot be, apart."""
    kept: list[QueuedLetter] = []
    plans: list[PrintPlan] = []
    set_aside: list[tuple[QueuedLetter, Reason | None]] = []
    check_on = output if output in ENVELOPES or output in LABEL_OUTPUTS else None
    organisation = reply_address(object_session(letters[0])) if letters else None
    for letter in letters:
        try:
            plan = check_printable(batch_item(letter, organisation), check_on, letter=False)
        except UnprintableLetter as error:
            set_aside.append((letter, error.reason))
            continue
        except PdfError as error:
            set_aside.append((letter, Reason.of(error)))
            continue
        kept.append(letter)
        plans.append(plan)
    return kept, plans, set_aside


def _manifest(
    letters: list[QueuedLetter],
    batch: Batch,
    pages_each: list[int],
    removed: list[str],
    envelopes: list[str],
) -> bytes:
    labels = batch.envelope_format in LABEL_OUTPUTS
    out = io.StringIO()
    writer = spreadsheets.writer(out, lineterminator="\n")
    writer.writerow(
        ["position", "reference", "recipient", "birth_year", "facility", "region", "postcode",
         "pages", "envelope", "reply_kit", "readdressed", "removed_characters"]
        + ([STENCIL_COLUMN] if labels else [])
    )  # fmt: skip
    for letter, pages, gone, envelope in zip(letters, pages_each, removed, envelopes, strict=True):
        prisoner = letter.prisoner
        facility = prisoner.facility if prisoner else None
        writer.writerow(
            [
                letter.batch_position,
                letter.reference,
                prisoner.dative_name if prisoner else (letter.address_text or "").splitlines()[0],
                prisoner.birth_year if prisoner and prisoner.birth_year else "",
                facility.name if facility else "",
                facility.region if facility else "",
                facility.postcode if facility else "",
                pages,
                envelope,
                "yes" if letter.reply_kit else "no",
                "yes" if letter.readdressed else "no",
                gone,
            ]
            + ([facility.postcode if facility else ""] if labels else [])
        )
    return out.getvalue().encode("utf-8")
