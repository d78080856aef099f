"""A batch's files, derived from the database alone: regenerating gives identical bytes.

The zip holds ``letters.pdf`` (each letter on a front page when duplex is on), the envelopes or
labels PDF in the same order, ``manifest.csv`` and ``cover.pdf``.

Every letter's envelope (or label) is laid out before anything is drawn: a letter that cannot
be printed is set aside with its reason (:attr:`BatchFiles.set_aside`, then
:func:`letters.batches.holds.set_aside`) and the others print.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import object_session

from letters import addressing, spreadsheets
from letters.batches.cover import CoverFacts, render_cover_pdf
from letters.batches.holds import Reason
from letters.batches.models import Batch, QueuedLetter
from letters.batches.postage import Tariff, estimate, load_tariff
from letters.directory.address import MSG_UNPLACED, AddressParseError, parse_address
from letters.draft import Draft
from letters.pdf import (
    Address,
    BatchItem,
    PdfError,
    render_labels_pdf,
    render_part,
    reply_envelope_job,
)
from letters.pdf.labels import STENCIL_COLUMN
from letters.pdf.layout import ENVELOPES, LABEL_OUTPUTS
from letters.pdf.letter import remove_unprintable_from_letter
from letters.pdf.text import describe
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
    sender = draft.sender_block()
    reply = None
    if letter.reply_kit and reply_from is not None:
        reply = reply_envelope_job(reply_from, draft.reply_recipient(organisation))
    return BatchItem(
        letter=draft.letter(organisation=organisation),
        recipient=recipient,
        sender=sender,
        from_abroad=draft.sender.abroad,
        reply=reply,
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


def _place(letter: QueuedLetter) -> str:
    if letter.prisoner is not None and letter.prisoner.facility is not None:
        return letter.prisoner.facility.name
    return (letter.address_text or "").strip()[:120]


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
    letters, items, set_aside = _printable(
        sorted(batch.letters, key=lambda letter: letter.batch_position or 0),
        batch.envelope_format,
    )
    # What the font cannot draw goes by the documented rule, and the manifest says what went.
    cleaned = [remove_unprintable_from_letter(item.letter) for item in items]
    items = [dataclasses.replace(i, letter=c) for i, (c, _) in zip(items, cleaned, strict=True)]
    removed = [describe(gone) for _, gone in cleaned]
    total = len(items)
    letter_parts: list[bytes] = []
    envelope_parts: list[bytes] = []
    pages_each: list[int] = []
    envelope_format = batch.envelope_format if batch.envelope_format in ENVELOPES else None
    for start in range(0, total, PROGRESS_CHUNK):
        chunk = items[start : start + PROGRESS_CHUNK]
        part = render_part(
            chunk, envelope_format, invariant=True, duplex=batch.duplex, on_unsupported="drop"
        )
        letter_parts.append(part.letters_pdf)
        if part.envelopes_pdf is not None:
            envelope_parts.append(part.envelopes_pdf)
        pages_each += part.letter_pages
        if progress:
            progress(min(start + len(chunk), total), total)
    letters_pdf, pages = _merge(letter_parts)
    files = {"letters.pdf": letters_pdf}
    envelopes = labels = 0
    if batch.envelope_format in LABEL_OUTPUTS:
        recipients = [item.recipient for item in items]
        files["labels.pdf"] = render_labels_pdf(
            recipients, LABEL_OUTPUTS[batch.envelope_format], batch.start_label,
            from_abroad=[item.from_abroad for item in items],
            invariant=True,
        )  # fmt: skip
        labels = len(recipients)
    elif envelope_format is not None:
        files["envelopes.pdf"], envelopes = _merge(envelope_parts)
    files["manifest.csv"] = _manifest(letters, batch, pages_each, removed)
    per_facility = Counter(_place(letter) for letter in letters)
    files["cover.pdf"] = render_cover_pdf(
        CoverFacts(
            batch_id=batch.id,
            created=batch.created_at.strftime("%Y-%m-%d %H:%M UTC"),
            envelope_format=batch.envelope_format,
            duplex=batch.duplex,
            per_facility=list(dict.fromkeys((p, per_facility[p]) for p in map(_place, letters))),
            letters=total,
            sheets=(pages + 1) // 2 if batch.duplex else pages,
            envelopes=envelopes or labels,
            labels=labels,
            postage=estimate(
                tariff or load_tariff(),
                [
                    (
                        (count + 1) // 2 if batch.duplex else count,
                        batch.envelope_format,
                        item.reply is not None,
                    )
                    for count, item in zip(pages_each, items, strict=True)
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


def _printable(letters: list[QueuedLetter], envelope_format: str):
    """Each letter's item, laid out as it will print; the letters that cannot be, apart."""
    from letters.pdf.render import envelope_plans

    kept: list[QueuedLetter] = []
    items: list[BatchItem] = []
    set_aside: list[tuple[QueuedLetter, Reason | None]] = []
    organisation = reply_address(object_session(letters[0])) if letters else None
    for letter in letters:
        try:
            item = batch_item(letter, organisation)
            if envelope_format in LABEL_OUTPUTS:
                render_labels_pdf(
                    [item.recipient], LABEL_OUTPUTS[envelope_format],
                    from_abroad=item.from_abroad,
                )  # fmt: skip
            elif envelope_format in ENVELOPES:
                envelope_plans(item, envelope_format)
        except UnprintableLetter as error:
            set_aside.append((letter, error.reason))
            continue
        except PdfError as error:
            set_aside.append((letter, Reason.of(error)))
            continue
        kept.append(letter)
        items.append(item)
    return kept, items, set_aside


def _manifest(
    letters: list[QueuedLetter], batch: Batch, pages_each: list[int], removed: list[str]
) -> bytes:
    labels = batch.envelope_format in LABEL_OUTPUTS
    out = io.StringIO()
    writer = spreadsheets.writer(out, lineterminator="\n")
    writer.writerow(
        ["position", "reference", "recipient", "birth_year", "facility", "region", "postcode",
         "pages", "envelope", "reply_kit", "readdressed", "removed_characters"]
        + ([STENCIL_COLUMN] if labels else [])
    )  # fmt: skip
    for letter, pages, gone in zip(letters, pages_each, removed, strict=True):
        prisoner = letter.prisoner
        facility = prisoner.facility if prisoner else None
        readdressed = bool(prisoner and letter.queued_facility_id != prisoner.facility_id)
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
                batch.envelope_format,
                "yes" if letter.reply_kit else "no",
                "yes" if readdressed else "no",
                gone,
            ]
            + ([facility.postcode if facility else ""] if labels else [])
        )
    return out.getvalue().encode("utf-8")
