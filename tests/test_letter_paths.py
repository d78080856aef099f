"""One input, one result: the same letter sent through every path that prints it.

Hypothesis makes real-shaped letters: recipients as published blocks (with and without
captions, in the orders pages use), writers in Russia and abroad (one line or several, Latin or
Cyrillic, with captions typed in), texts with emoji. Each goes through the writer's "print it
myself", the writer's queue and a volunteer's batch, the evening's page, a postcard,
``letters render``, ``letters queue import`` and a batch, and a held letter corrected by a
volunteer (who types the writer's details again). Every path must lay out the same envelope
blocks (the writer's lines, the recipient's lines, the postcode; the country lines are among
them) and, where there is a letter, sign it alike — or hold it with the same reasons. With
replies through the organisation, the paths that queue a letter (and so register its reply
code) print the organisation's address and a code alike, and the others refuse.

The paths are taken where they part from one another (a form, a file's record, a queued row),
without HTTP, and compared on the laid-out blocks, so that hundreds of examples run in seconds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from letters.batches import holds
from letters.batches.files import UnprintableLetter, batch_item
from letters.batches.holds import Reason
from letters.batches.models import LetterEvent, QueuedLetter
from letters.batches.queue import enqueue, import_letters
from letters.bulk.records import InputRecord, resolve_record
from letters.directory.address import address_parts, parse_address
from letters.directory.models import Facility, FacilityKind, Prisoner, PrisonerStatus
from letters.draft import REPLIES_ORGANISATION, REPLIES_OWN
from letters.extensions import db
from letters.i18n import stored_message
from letters.pdf import PdfError
from letters.pdf.envelope import EnvelopePlan, plan_jobs
from letters.pdf.layout import ENVELOPES
from letters.pdf.plans import plan_envelopes
from letters.pdf.postcards import plan_postcard
from letters.postcards.forms import PostcardForm
from letters.postcards.views import _job as postcard_job
from letters.replies.address import current_block
from letters.spreadsheets import writer
from letters.writing import compose
from letters.writing.submission import envelopes_refused, letter_form
from tests.replies.conftest import add_reply_address

EXAMPLES = int(os.environ.get("LETTERS_PATH_EXAMPLES", "500"))
EN = {"Accept-Language": "en"}
ENVELOPE = "C6"

# --- real-shaped letters --------------------------------------------------------------------

PEOPLE = [
    ("Миронову Сергею Геннадьевичу", 1981),
    ("Петровой Анне Ивановне", 1990),
    ("Кара-Мурзе Владимиру Владимировичу", 1981),
]
PLACES = [
    ("ФКУ СИЗО-2 УФСИН России по Волгоградской области", "ул. Рабочая, д. 38", "г. Камышин",
     "Волгоградская область", "403882"),
    ("ФКУ ИК-6 УФСИН России по Омской области", "ул. 4-я Кирпичная, д. 39", "г. Омск",
     "Омская область", "644015"),
    ("ФКУ ИК-11 УФСИН России по Республике Мордовия", "ул. Центральная, д. 1",
     "п. Молочница", "Республика Мордовия", "431210"),
]  # fmt: skip


@st.composite
def published_blocks(draw) -> str:
    """A prisoner's address as pages publish it."""
    name, year = draw(st.sampled_from(PEOPLE))
    facility, street, locality, region, postcode = draw(st.sampled_from(PLACES))
    person = f"{name}, {year} г. р."
    place = [facility, street, locality, region, postcode]
    shape = draw(st.sampled_from(("name first", "postcode first", "captions", "RU caption")))
    if shape == "name first":
        return ", ".join([person, *place])
    if shape == "postcode first":
        return ", ".join([*place[::-1], person])
    if shape == "captions":
        return f"Кому: {person}\nКуда: {', '.join(place[::-1])}"
    return f"RU: {', '.join(place[::-1])}, {person}."


RUSSIAN_SENDERS = [
    ("Анна Иванова", ["ул. Баумана, д. 1, кв. 5", "г. Казань", "420111"]),
    ("Смирнов Олег Петрович", ["ул. Садовая, д. 3, кв. 4", "г. Санкт-Петербург", "191186"]),
    ("Вера", ["170000, г. Тверь, ул. Ленина, д. 5"]),
    ("Иван Петров", ["ул. Ленина, 5", "620014 Екатеринбург", "Россия"]),
]
FOREIGN_SENDERS = [
    ("Olga Brown", ["22 Acacia Avenue", "Reading RG1 1AA", "UK"]),
    ("Giorgi Kapanadze", ["12 Rustaveli Ave", "Tbilisi 0179", "Georgia"]),
    ("Anna Schmidt", ["Musterstraße 12", "10115 Berlin", "Germany"]),
    ("Aigerim", ["050000 Almaty / Kazakhstan"]),
    ("Жанна Дюпон", ["12 rue de la Paix", "75002 Paris", "ФРАНЦИЯ"]),
    ("Мария Коэн", ["ул. Герцль, 5", "Хайфа 3303000", "Израиль"]),
    ("Tom Smith", ["10 Downing Street", "London SW1A 2AA"]),  # no country: held everywhere
]
SENTENCES = [
    "Здравствуйте! Пишу Вам из дома.",
    "У нас выпал первый снег, и я вспомнила о Вас.",
    "Что Вы сейчас читаете?",
    "Обнимаю 😊!",
    "Держитесь 💪, мы с Вами.",
]


@dataclass(frozen=True)
class Typed:
    """A letter as a person types it: the recipient's block, the writer, the text."""

    to: str
    name: str
    address: str  # the return address as typed into the form's box
    record_from: str  # the same writer as a file's ``from``
    text: str


@st.composite
def letters(draw) -> Typed:
    name, lines = draw(st.sampled_from(RUSSIAN_SENDERS + FOREIGN_SENDERS))
    one_line = draw(st.booleans())
    captions = draw(st.booleans())
    address = ", ".join(lines) if one_line else "\n".join(lines)
    if captions:
        name, address = f"Кому: {name}", f"Адрес: {address}"
    record_from = f"{name}, {address}" if one_line else f"{name}\n{address}"
    text = " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4)))
    return Typed(draw(published_blocks()), name, address, record_from, text)


# --- what a path yields ---------------------------------------------------------------------


@dataclass(frozen=True)
class Printed:
    """The envelope's blocks as laid out, and how the letter is signed (None: a postcard)."""

    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    postcode: str | None
    signed: tuple[str | None, str | None, bool] | None


@dataclass(frozen=True)
class Held:
    """The reasons the letter is not printed, in English."""

    reasons: frozenset[str]


def _lines(fitted) -> tuple[str, ...]:
    return tuple(line for section, _ in fitted.sections for line in section.lines)


def printed(plan: EnvelopePlan, letter=None) -> Printed:
    signed = None
    code = None
    if letter is not None:  # the reply code's value is each letter's own: whether there is one
        signed = (letter.sender_name, letter.return_address, letter.reply_code is not None)
        code = letter.reply_code
    sender = tuple(  # the code's place on the envelope is compared, not its value
        line.replace(code, "<code>") if code else line for line in _lines(plan.sender_block)
    )
    return Printed(sender, _lines(plan.recipient_block), plan.postcode, signed)


def held(*reasons: str) -> Held:
    return Held(frozenset(part for reason in reasons for part in reason.split("; ") if part))


def form_errors(form) -> Held:
    return held(*(str(error) for field in form for error in field.errors))


def _batch(letter: QueuedLetter) -> Printed | Held:
    """A volunteer's batch takes the queued letter: its item, laid out as the batch lays it."""
    try:
        item = batch_item(letter, current_block(db.session))
        plan = plan_envelopes(item, ENVELOPE)[0]
    except UnprintableLetter as error:
        return held(error.reason.message("en") if error.reason else "directory")
    except PdfError as error:
        return held(error.message("en"))
    return printed(plan, item.letter)


# --- the paths ------------------------------------------------------------------------------


class Paths:
    """Every path, for one app and its directory."""

    def __init__(self, app, work: Path, replies: str = REPLIES_OWN):
        self.app = app
        self.work = work
        self.prisoners: dict[str, int] = {}
        # Through the organisation the writer gives a name and no address (the form's rule).
        self.replies = replies

    def prisoner(self, to: str) -> Prisoner:
        """The directory's record of the published block (as a coordinator's import reads it)."""
        if to not in self.prisoners:
            parsed = parse_address(to)
            facility = Facility(name=parsed.facility, name_key=parsed.facility.lower(),
                                kind=FacilityKind.OTHER, **address_parts(parsed))  # fmt: skip
            surname, first, patronymic = parsed.recipient.split()
            person = Prisoner(  # one person in each place: the directory tells them apart
                surname=surname, first_name=first, patronymic=f"{patronymic}-{len(self.prisoners)}",
                dative_name=parsed.recipient, birth_year=parsed.birth_year,
                status=PrisonerStatus.REMAND, facility=facility, identity_key="",
            )  # fmt: skip
            db.session.add(person)
            db.session.commit()
            self.prisoners[to] = person.id
        return db.session.get(Prisoner, self.prisoners[to])

    def _form(self, typed: Typed, **extra):
        data = {"text": typed.text, "sender_name": typed.name, "sender_address": typed.address,
                "envelope_format": ENVELOPE, "paper": "A4", **extra}  # fmt: skip
        if self.replies == REPLIES_ORGANISATION:
            data.update(sender_address="", replies=REPLIES_ORGANISATION)
        return self.app.test_request_context("/", method="POST", data=data, headers=EN)

    def _written(self, typed: Typed, prisoner: Prisoner):
        """The letter form as the write page checks it: its draft, or why it is refused."""
        with self._form(typed):
            form = letter_form()
            if not form.validate() or envelopes_refused(prisoner, form):
                return form_errors(form)
            return form.draft()

    def writer_prints(self, typed: Typed) -> Printed | Held:
        prisoner = self.prisoner(typed.to)
        draft = self._written(typed, prisoner)
        if isinstance(draft, Held):
            return draft
        try:
            plan = envelope_plans_of(compose.envelope_job(prisoner, draft))
            letter = draft.letter()  # replies through the organisation: no code, refused
        except PdfError as error:
            return held(error.message("en"))
        return printed(plan, letter)

    def queued_by_writer(self, typed: Typed) -> QueuedLetter | Held:
        prisoner = self.prisoner(typed.to)
        draft = self._written(typed, prisoner)
        return draft if isinstance(draft, Held) else enqueue(db.session, prisoner, draft)

    def writer_queues(self, typed: Typed) -> Printed | Held:
        letter = self.queued_by_writer(typed)
        return letter if isinstance(letter, Held) else _batch(letter)

    def evening(self, typed: Typed) -> Printed | Held:
        # The evening's page takes the letter form as the writer's page does, into the queue.
        return self.writer_queues(typed)

    def postcard(self, typed: Typed) -> Printed | Held:
        prisoner = self.prisoner(typed.to)
        with self._form(typed):
            form = PostcardForm()
            form.text.data = "С днём рождения!"
            if not form.validate():
                return form_errors(form)
            try:
                plan = plan_postcard(postcard_job(prisoner, form)).address_side
            except PdfError as error:
                return held(error.message("en"))
        return printed(plan)

    def render(self, typed: Typed) -> Printed | Held:
        record = InputRecord(1, 2, typed.text, to=typed.to, sender=self._record_from(typed),
                             replies=self.replies)  # fmt: skip
        resolved = resolve_record(record, None, check_language=False)
        if not resolved.ok:
            return held(*resolved.errors, *resolved.held)
        try:
            plan = plan_envelopes(resolved.item, ENVELOPE)[0]
        except PdfError as error:
            return held(error.message("en"))
        return printed(plan, resolved.item.letter)

    def imported(self, typed: Typed) -> Printed | Held:
        path = self.work / "letters.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            table = writer(out)
            table.writerow(["text", "to", "from", "replies"])
            table.writerow([typed.text, typed.to, self._record_from(typed), self.replies])
        outcome = import_letters(db.session, path)
        if not outcome.written:
            return held(*(reason for *_, reason in outcome.failed + outcome.held))
        letter = db.session.query(QueuedLetter).order_by(QueuedLetter.id.desc()).first()
        return _batch(letter)

    def _record_from(self, typed: Typed) -> str:
        return typed.name if self.replies == REPLIES_ORGANISATION else typed.record_from

    def corrected(self, typed: Typed) -> Printed | Held:
        letter = self.queued_by_writer(typed)
        if isinstance(letter, Held):
            return letter
        letter.held_reason = Reason(holds.HOLD_REASONS["unprintable"]).dumps()
        db.session.commit()
        typed_again = {"sender_name": typed.name, "sender_address": typed.address}
        if holds.release(db.session, letter, None, typed_again) is not None:
            return held(stored_message(letter.held_reason))
        return _batch(letter)


def envelope_plans_of(job) -> EnvelopePlan:
    return next(plan_jobs([job], ENVELOPES[ENVELOPE]))


PATHS = ("writer_prints", "writer_queues", "evening", "postcard", "render", "imported",
         "corrected")  # fmt: skip


def _agree(outcomes: dict[str, Printed | Held]) -> list[str]:
    """What differs between the paths' outcomes (the postcard has no letter to sign)."""
    first = outcomes["writer_prints"]
    problems = []
    for path, outcome in outcomes.items():
        if type(outcome) is not type(first):
            problems.append(f"{path}: {outcome} but writer_prints: {first}")
        elif isinstance(outcome, Held) and outcome != first:
            problems.append(f"{path} holds for {set(outcome.reasons)}, not {set(first.reasons)}")
        elif isinstance(outcome, Printed):
            if (outcome.sender, outcome.recipient, outcome.postcode) != (
                first.sender, first.recipient, first.postcode,
            ):  # fmt: skip
                problems.append(f"{path}: {outcome} but writer_prints: {first}")
            elif outcome.signed is not None and outcome.signed != first.signed:
                problems.append(f"{path} signs {outcome.signed}, not {first.signed}")
    return problems


class Figures:
    """What one run found (Hypothesis calls the example function; the test reads these)."""

    examples = 0
    printed = 0
    disagreements: ClassVar[list[str]] = []


@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    # No shrinking: every disagreement is listed, with its letter.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(typed=letters())
def _every_path(paths: Paths, typed: Typed) -> None:
    with paths.app.app_context():
        outcomes = {path: getattr(paths, path)(typed) for path in PATHS}
        db.session.query(LetterEvent).delete()
        db.session.query(QueuedLetter).delete()
        db.session.commit()
    Figures.examples += 1
    if problems := _agree(outcomes):
        Figures.disagreements.append(f"{typed}\n  " + "\n  ".join(problems))


def test_every_path_prints_the_same_envelope_or_holds_for_the_same_reason(app, tmp_path):
    Figures.examples, Figures.disagreements = 0, []
    _every_path(Paths(app, tmp_path))
    assert Figures.examples >= EXAMPLES
    found = len(Figures.disagreements)
    assert not found, f"{found} of {Figures.examples} letters differ:\n" + "\n".join(
        Figures.disagreements[:10]
    )


# --- replies through the organisation ---------------------------------------------------------

# The paths that queue a letter give it a reply code and print it alike; printing it oneself
# and ``letters render`` register no code and refuse.
QUEUED = ("writer_queues", "evening", "imported")
UNREGISTERED = ("writer_prints", "render")


@settings(
    max_examples=max(EXAMPLES // 5, 20), deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(typed=letters())
def _replies_paths(paths: Paths, typed: Typed) -> None:
    with paths.app.app_context():
        outcomes = {path: getattr(paths, path)(typed) for path in (*QUEUED, *UNREGISTERED)}
        db.session.query(LetterEvent).delete()
        db.session.query(QueuedLetter).delete()
        db.session.commit()
    Figures.examples += 1
    first = outcomes["writer_queues"]
    Figures.printed += isinstance(first, Printed)
    problems = [
        f"{path}: {outcomes[path]} but writer_queues: {first}"
        for path in QUEUED
        if outcomes[path] != first
    ]
    if isinstance(first, Printed) and not (
        first.signed[2] and first.signed[1].startswith("АНО «Письма»\nа/я 15")
    ):
        problems.append(f"signed {first.signed}: not with the organisation and a code")
    if isinstance(first, Printed) and first.sender[:2] != ("АНО «Письма»", "Код ответа <code>"):
        problems.append(f"envelope from {first.sender}: not the organisation with the code")
    problems += [f"{path} printed: {outcomes[path]}" for path in UNREGISTERED
                 if not isinstance(outcomes[path], Held)]  # fmt: skip
    if problems:
        Figures.disagreements.append(f"{typed}\n  " + "\n  ".join(problems))


def test_replies_through_the_organisation_print_alike_where_a_code_is_registered(app, tmp_path):
    add_reply_address(app)
    Figures.examples, Figures.printed, Figures.disagreements = 0, 0, []
    _replies_paths(Paths(app, tmp_path, replies=REPLIES_ORGANISATION))
    assert Figures.examples >= 20
    assert Figures.printed >= Figures.examples // 2  # most letters print: the test compares
    found = len(Figures.disagreements)
    assert not found, f"{found} of {Figures.examples} letters differ:\n" + "\n".join(
        Figures.disagreements[:10]
    )
