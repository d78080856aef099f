"""Pages of the writer's journey. Printing stores nothing; queueing stores the letter."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_currency, format_timedelta, refresh
from flask_babel import gettext as _

from letters.addressing import NoPostalAddress
from letters.batches import queue
from letters.batches.models import NOT_YET_POSTED, QueuedLetter
from letters.batches.postage import estimate, load_tariff
from letters.batches.queue import enqueue, find_by_reference, find_by_reply_code
from letters.batches.retention import forget_pages
from letters.batches.returns import RETURN_REASONS
from letters.directory.models import FacilityServicePage, Prisoner
from letters.directory.pages import card_for
from letters.directory.services import load_services
from letters.extensions import db, limiter
from letters.forms import BaseForm
from letters.i18n import current_locale
from letters.language import LANGUAGE_NAMES, REJECT, check
from letters.once import AlreadyDone, claim, settle
from letters.pdf import (
    PdfError,
    render_envelopes_pdf,
    render_letter_pdf,
)
from letters.pdf.errors import describe
from letters.pdf.layout import ENVELOPES
from letters.pdf.letter import remove_unprintable_from_letter
from letters.replies import address as replies
from letters.replies import inbox
from letters.replies.access import reply_code_of, reply_link
from letters.replies.models import Reply, ReplyState
from letters.replies.serving import page_response
from letters.translating.models import AfterTranslation, TranslationState
from letters.translating.queue import (
    languages_translated,
    of_letter,
    release_expired,
    request_translation,
    translators_read,
)
from letters.translating.queue import withdraw as withdraw_translation_request
from letters.writing import LOOKUP_SCOPE, compose, lookup_limit, progress
from letters.writing.compose import DRAFT_DAYS
from letters.writing.forms import LetterForm, ReferenceForm
from letters.writing.preview import data_url, page_count, pdf_page_png
from letters.writing.submission import (
    checked,
    envelopes_refused,
    letter_form,
    organisation_reply_address,
    queue_refused,
)

bp = Blueprint("writing", __name__)

_REPLY_LINK = "reply_link"  # the session's key for the link shown once after queueing
# Ways to begin, offered beside the letter (plain links, so they work without JavaScript).
OPENINGS = (
    "Здравствуйте! Меня зовут …, я живу в … . Узнал(а) о Вас и решил(а) написать, чтобы Вы "
    "знали: о Вас помнят.",
    "С днём рождения! Желаю Вам здоровья, сил и терпения. Пусть этот год принесёт хорошие новости.",
    "С Новым годом! Пусть в новом году будет больше писем, книг и хороших новостей.",
    "Добрый день! Расскажу немного о себе: я люблю читать, гулять и готовить. А что любите Вы?",
)


def _prisoner(prisoner_id: int) -> Prisoner:
    return db.session.get(Prisoner, prisoner_id) or abort(404)


def _render_write(
    prisoner: Prisoner,
    form: LetterForm,
    result=None,
    status: int = 200,
    name_offered=False,
    latin_offered=False,
    translation_offer: str | None = None,
):
    card = card_for(prisoner)
    services = load_services()
    form.greet(prisoner.first_name)
    return (
        render_template(
            "writing/write.html",
            card=card,
            form=form,
            result=result,
            services=services,
            handoff_services=[services[s] for s in card.services],
            name_offered=name_offered,
            latin_offered=latin_offered,
            openings=OPENINGS,
            draft_days=DRAFT_DAYS,
            translation_offer=translation_offer if card.can_post else None,
            # The live check shows the offer as soon as the text is in one of these.
            languages_translated=languages_translated(db.session) if card.can_post else [],
            LANGUAGE_NAMES_CHECK=LANGUAGE_NAMES,
        ),
        status,
    )


def _translation_offer(result) -> str | None:
    """The language of a letter the check turned away for being in it, when a volunteer
    translates from it."""
    if result is None or result.verdict != REJECT or result.language not in LANGUAGE_NAMES:
        return None
    return result.language if translators_read(db.session, result.language) else None


@bp.route("/prisoners/<int:prisoner_id>/write", methods=["GET", "POST"])
def write(prisoner_id: int):
    """The letter form; posting it checks the letter (the no-JavaScript path) or prepares it."""
    prisoner = _prisoner(prisoner_id)
    form = letter_form()
    if request.method == "GET":
        opening = request.args.get("opening", "")
        if opening.isdigit() and int(opening) < len(OPENINGS) and not form.text.data:
            form.text.data = OPENINGS[int(opening)]
        return _render_write(prisoner, form)
    action = request.form.get("action", "check")
    if _switch_language():
        if not (form.text.data or "").strip():
            return _render_write(prisoner, form)  # nothing to check yet
        action = "prepare" if request.form.get("page") == "prepare" else "check"
    if action == "accept_fixes" and form.text.data:
        # Without JavaScript: take the checker's corrected text, then check it again.
        form.text.data = check(form.text.data, current_locale()).fixed_text
        action = "check"
    result, sendable = checked(form)
    offer = _translation_offer(result)
    if action == "translate" and offer and card_for(prisoner).can_post:
        after = request.form.get("after", AfterTranslation.POST)
        if after not in set(AfterTranslation):
            abort(400)
        if envelopes_refused(prisoner, form):
            return _render_write(prisoner, form, result, 422, translation_offer=offer)
        letter = enqueue(db.session, prisoner, form.draft())
        request_translation(db.session, letter, offer, AfterTranslation(after))
        db.session.commit()
        return redirect(url_for("writing.status", reference=letter.reference))
    # A writer abroad sees the Cyrillic form of their name, and the Latin form of a return
    # address typed in Cyrillic, before anything is printed or queued.
    offered = sendable and form.offer_cyrillic_name()
    latin = sendable and form.offer_latin_address()
    if not sendable or action == "check" or offered or latin:
        status = 200 if sendable else 422
        return _render_write(prisoner, form, result, status, offered, latin, offer)
    if action != "queue" and _needs_the_queue(form):
        return _render_write(prisoner, form, result, 422)
    if action == "queue":
        if not card_for(prisoner).can_post:
            abort(409)
        if envelopes_refused(prisoner, form):
            return _render_write(prisoner, form, result, 422)
        try:
            claim(db.session, form.once.data)
        except AlreadyDone as done:  # sent twice (a double click): the letter is queued once
            return redirect(url_for("writing.status", reference=done.result))
        if queue_refused(prisoner, form):
            db.session.rollback()  # the one-time token stays unused: the writer may try again
            return _render_write(prisoner, form, result, 429)
        letter = enqueue(db.session, prisoner, form.draft())
        settle(db.session, form.once.data, letter.reference)
        db.session.commit()
        give_reply_link(letter)
        return redirect(url_for("writing.status", reference=letter.reference))
    return _render_prepare(prisoner, form, result)


@bp.app_template_global()
def addressee(prisoner: Prisoner) -> str:
    """The recipient's name after "to": in Russian in the dative («Кому: Миронову Сергею
    Геннадьевичу»), as on the envelope; on other pages as written."""
    russian = current_locale() == "ru" and prisoner.dative_name
    return prisoner.dative_name if russian else prisoner.full_name


def _needs_the_queue(form: LetterForm) -> bool:
    """Replies through the organisation need the reply code a letter gets in the queue: a
    letter printed here would carry none, and its answer could never be matched (the reason
    goes on the choice, the letter stays in the form)."""
    if not form.replies_through_organisation:
        return False
    form.replies.errors.append(
        _(
            "Replies through %(organisation)s need the reply code that a letter gets when "
            "volunteers print and post it: ask them to, or choose your own address for replies.",
            organisation=form.reply_organisation,
        )
    )
    return True


def give_reply_link(letter: QueuedLetter) -> None:
    """Keep the private link for the status page to show once (the writer's own session)."""
    if link := reply_link(letter):
        session[_REPLY_LINK] = {"reference": letter.reference, "link": link}


def ago(moment: datetime) -> str:
    """«3 дня назад» / "3 days ago": how long ago, in the page's language."""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return format_timedelta(moment - datetime.now(UTC), add_direction=True)


def _switch_language() -> bool:
    """Apply a language switch sent with the letter's form (the letter itself is kept)."""
    lang = request.form.get("switch_lang")
    if lang not in current_app.config["LOCALES"]:
        return False
    session["lang"] = lang
    refresh()  # this very response is already in the new language
    return True


def _render_prepare(prisoner: Prisoner, form: LetterForm, result):
    """The page before downloading: a picture of the envelope and the download buttons."""
    card = card_for(prisoner)
    preview = None
    error = None
    letter_preview = None
    postage = None
    draft = form.draft()
    letter, removed = remove_unprintable_from_letter(draft.letter())
    try:
        letter_pdf = render_letter_pdf(letter)
        letter_preview = data_url(pdf_page_png(letter_pdf))
        if not draft.sender.abroad:  # Russian Post's tariff is for posting in Russia
            postage = estimate(
                load_tariff(current_app.config["POSTAGE_TARIFF_FILE"]),
                [(page_count(letter_pdf), form.envelope_format.data, bool(form.reply_kit.data))],
            )
    except PdfError as exc:
        error = exc.message(current_locale())
    if card.can_post:
        try:
            envelope = render_envelopes_pdf(
                [compose.envelope_job(prisoner, form.draft())], form.envelope_format.data
            )
            preview = data_url(pdf_page_png(envelope))
        except PdfError as exc:
            error = exc.message(current_locale())
    return render_template(
        "writing/prepare.html",
        card=card,
        form=form,
        result=result,
        preview=preview,
        letter_preview=letter_preview,
        removed=describe(removed),
        error=error,
        reply=ENVELOPES[form.envelope_format.data].reply,
        postage=postage,
        # «48,00 ₽»; in English "48.00 Russian rubles" rather than "RUB48.00".
        postage_price=format_currency(
            postage.total, "RUB", format_type="standard" if current_locale() == "ru" else "name"
        )
        if postage
        else None,
    )


def _attachment(pdf: bytes, filename: str):
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response  # no-store, as every page (letters.web.security)


def _filename(prisoner: Prisoner, kind: str) -> str:
    latin = re.sub(r"[^A-Za-z0-9]+", "-", (prisoner.name_latin or f"prisoner-{prisoner.id}"))
    return f"{kind}-{latin.strip('-').lower()}.pdf"


@bp.post("/prisoners/<int:prisoner_id>/write/<any(letter, envelope, reply):kind>.pdf")
def download(prisoner_id: int, kind: str):
    """One of the PDFs, made from the posted form (checked again: nothing is trusted or kept)."""
    prisoner = _prisoner(prisoner_id)
    form = letter_form()
    result, sendable = checked(form)
    if not sendable or _needs_the_queue(form):
        return _render_write(prisoner, form, result, 422)
    draft = form.draft()
    try:
        if kind == "letter":
            # By the rule the prepare page told the writer: what the font lacks is left out.
            pdf = render_letter_pdf(remove_unprintable_from_letter(draft.letter())[0])
        elif kind == "envelope":
            pdf = render_envelopes_pdf(
                [compose.envelope_job(prisoner, draft)], draft.envelope_format
            )
        else:
            job = compose.reply_job(prisoner, draft, organisation_reply_address())
            pdf = render_envelopes_pdf([job], draft.envelope_format)
    except NoPostalAddress:
        abort(409)
    except PdfError as exc:
        form.text.errors.append(exc.message(current_locale()))
        return _render_write(prisoner, form, result, 422)
    return _attachment(pdf, _filename(prisoner, kind))


@bp.post("/prisoners/<int:prisoner_id>/handoff/<service_id>")
def handoff(prisoner_id: int, service_id: str):
    """Everything a service's form asks for, in its order, ready to copy."""
    prisoner = _prisoner(prisoner_id)
    card = card_for(prisoner)
    services = load_services()
    if service_id not in card.services:
        abort(404)
    service = services[service_id]
    form = letter_form()
    _switch_language()
    result, sendable = checked(form)
    if not sendable:
        return _render_write(prisoner, form, result, 422)
    text = compose.pasted_text(form.draft())
    if not service.fits(len(text)):
        form.text.errors.append(
            _(
                "%(service)s accepts at most %(limit)s characters; this letter has %(count)s "
                "with the greeting and signature. Shorten it or choose another way.",
                service=service.display_name(current_locale()),
                limit=service.max_chars,
                count=len(text),
            )
        )
        return _render_write(prisoner, form, result, 422)
    facility_page = (
        db.session.get(FacilityServicePage, (prisoner.facility_id, service_id))
        if prisoner.facility_id
        else None
    )
    target, target_kind = service.page_for(facility_page.url if facility_page else None)
    return render_template(
        "writing/handoff.html",
        card=card,
        service=service,
        form=form,
        text=text,
        target=target,
        target_kind=target_kind,
        facility_page=facility_page,
    )


@bp.get("/letters")
@limiter.shared_limit(lookup_limit, scope=LOOKUP_SCOPE)
def find_letter():
    """Look up a queued letter by its reference code."""
    form = ReferenceForm(request.args)
    if request.args.get("code") and form.validate():
        letter = find_by_reference(db.session, form.code.data)
        if letter is not None:
            return redirect(url_for("writing.status", reference=letter.reference))
        form.code.errors.append(_("No letter has this code. Check it and try again."))
    return render_template("writing/find_letter.html", form=form)


@bp.get("/letters/<reference>")
@limiter.shared_limit(lookup_limit, scope=LOOKUP_SCOPE)
def status(reference: str):
    """Where a queued letter is: queued, held, printed, posted… without showing its content."""
    letter = find_by_reference(db.session, reference) or abort(404)
    retention_days = current_app.config["RETENTION_DAYS"]
    shown = session.get(_REPLY_LINK) or {}
    link = None
    if shown.get("reference") == letter.reference:
        link = session.pop(_REPLY_LINK)["link"]  # once: the next visit shows no link
    release_expired(db.session)  # a claim left alone is waiting again, and says so
    translation = of_letter(db.session, letter)
    translating = translation is not None and translation.state is not TranslationState.TRANSLATED
    return render_template(
        "writing/status.html",
        letter=letter,
        reply_link=link,
        state=progress.state(letter),
        held_because=progress.held_because(letter),
        timeline=progress.timeline(letter),
        withdraw_form=BaseForm() if progress.withdrawable(letter) or translating else None,
        retention_days=retention_days,
        return_reasons=RETURN_REASONS,
        deletion_date=(
            letter.posted_on + timedelta(days=retention_days) if letter.posted_on else None
        ),
        # Told until the letter is posted (it goes to the new address).
        readdressed=letter.readdressed and letter.status in NOT_YET_POSTED,
        translation=translation,
        replies=inbox.delivered_replies(db.session, letter),  # that they arrived, no more
        states=TranslationState,
        language_names=LANGUAGE_NAMES,
    )


@bp.post("/letters/<reference>/withdraw")
@limiter.shared_limit(lookup_limit, scope=LOOKUP_SCOPE)
def withdraw(reference: str):
    """The writer takes their letter back while no batch has taken it; it is forgotten."""
    letter = find_by_reference(db.session, reference) or abort(404)
    if not BaseForm().validate_on_submit():
        abort(400)
    translation = of_letter(db.session, letter)
    if translation is not None and translation.state is not TranslationState.TRANSLATED:
        # Waiting for a translator: the letter and its translation go; taken, it stays.
        if not withdraw_translation_request(db.session, letter):
            flash(
                _("A translator is working on the letter already: it can no longer be withdrawn."),
                "warning",
            )
            return redirect(url_for("writing.status", reference=reference))
        forget_pages(db.session)  # the deleted rows' old bytes too, as a purge does
        flash(_("Your letter is withdrawn: its text and your details are deleted."), "info")
        return redirect(url_for("web.home"))
    try:
        queue.withdraw(db.session, letter)
    except queue.NotWithdrawable:
        flash(
            _(
                "A volunteer has already taken the letter to print it: it can no longer be "
                "withdrawn."
            ),
            "warning",
        )
    else:
        flash(_("The letter is withdrawn. Its text and your details are deleted."), "info")
    return redirect(url_for("writing.status", reference=letter.reference))


def _letter_of_link() -> QueuedLetter:
    """The letter whose private reply link was opened (404 for any other token)."""
    code = reply_code_of(request.args.get("t", ""))
    letter = find_by_reply_code(db.session, code) if code else None
    return letter or abort(404)


@bp.get("/letters/reply")
@limiter.shared_limit(lookup_limit, scope=LOOKUP_SCOPE)
def reply():
    """The writer's page for a letter's reply, opened by the private link alone: the reply's
    pages once a volunteer confirmed it."""
    letter = _letter_of_link()
    organisation = replies.current(db.session)
    config = current_app.config
    retention = config["REPLY_RETENTION_DAYS"], config["REPLY_KEEP_DAYS"]
    answers = [
        (answer, inbox.deleted_on(answer, *retention, date.today()))
        for answer in inbox.delivered_replies(db.session, letter)
    ]
    response = make_response(
        render_template(
            "writing/reply.html",
            letter=letter,
            replies=answers,
            states=ReplyState,
            token=request.args["t"],
            organisation=organisation.organisation if organisation else "",
        )
    )
    response.headers["Cache-Control"] = "no-store"  # the link is in it
    return response


@bp.get("/letters/reply/<int:reply_id>/pages/<int:number>")
def reply_page(reply_id: int, number: int):
    """A page of a delivered reply to the letter of the same private link (never of the
    reference code). Not rate-limited like the look-ups: a long reply is many pictures, and the
    link's 256-bit MAC is checked before the database is asked anything.

    The first picture served starts the reply's retention span, not the page: a mail scanner or
    a chat's link preview fetches the page, a person's browser the pictures too."""
    letter = _letter_of_link()
    answer = db.session.get(Reply, reply_id) or abort(404)
    if answer.letter_id != letter.id or answer.state != ReplyState.DELIVERED:
        abort(404)
    response = page_response(answer, number)
    inbox.mark_opened(db.session, answer)
    db.session.commit()
    return response
