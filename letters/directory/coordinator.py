"""Coordinator pages: keep the directory right (review, edit, transfers, duplicates)."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from letters.auth.access import role_required
from letters.auth.models import Role
from letters.database import parse_id
from letters.directory import signals
from letters.directory.address import (
    ADDRESS_PARTS,
    AddressParseError,
    is_federal_city,
    parse_address,
)
from letters.directory.coordinator_forms import (
    FACILITY_KIND_LABELS,
    TO_DECEASED,
    TO_FACILITY,
    TO_RELEASED,
    TO_UNKNOWN,
    AddressPasteForm,
    FacilityForm,
    MergeForm,
    PrisonerForm,
    PrisonerSearchForm,
    ServicePageForm,
    TransferForm,
)
from letters.directory.duplicates import likely_duplicate_pairs
from letters.directory.merging import MergeConflict
from letters.directory.models import (
    Facility,
    FacilityKind,
    Prisoner,
    PrisonerStatus,
)
from letters.directory.operations import (
    FACILITY_FIELDS,
    IdentityClash,
    NotDeclinable,
    PrisonerDetails,
    SameFacility,
    attention_list,
    merge_duplicates,
    review_reasons,
    save_facility,
    save_prisoner,
    set_service_page,
    transfer_prisoner,
)
from letters.directory.page_records import facility_kind
from letters.directory.postcodes import postcode_matches_region, region_for_postcode
from letters.directory.presenter import STATUS_LABELS
from letters.directory.search import search_prisoners
from letters.directory.services import load_services
from letters.extensions import db
from letters.i18n import current_locale
from letters.once import AlreadyDone

bp = Blueprint("coordinator", __name__, url_prefix="/coordinate")

SEARCH_LIMIT = 30
# What a transfer form's destination means when it names no facility.
_STATUS_AFTER = {
    TO_UNKNOWN: PrisonerStatus.TRANSFERRED,
    TO_RELEASED: PrisonerStatus.RELEASED,
    TO_DECEASED: PrisonerStatus.DECEASED,
}


@bp.before_request
@role_required(Role.COORDINATOR)
def _coordinators_only() -> None:
    """Every page here: log in first, and only coordinators get in (others: 403)."""


# --- Helpers shared by the pages --------------------------------------------------------------


def _prisoner_or_404(prisoner_id: int) -> Prisoner:
    return db.session.get(Prisoner, prisoner_id) or abort(404)


def status_label(status: PrisonerStatus) -> str:
    """The status as the public pages say it."""
    return _(STATUS_LABELS[status])


def _search(form: PrisonerSearchForm) -> list[Prisoner]:
    return search_prisoners(db.session, form.q.data, limit=SEARCH_LIMIT) if form.q.data else []


def _facilities() -> list[Facility]:
    return list(db.session.scalars(select(Facility).order_by(Facility.region, Facility.name)))


# --- The start page -----------------------------------------------------------------------------


@bp.get("/")
def index():
    """What needs attention, a search to open any record, and the facilities."""
    search = PrisonerSearchForm(request.args)
    attention = attention_list(db.session, date.today(), current_app.config["STALE_AFTER_DAYS"])
    return render_template(
        "directory/coordinator/index.html",
        attention=attention,
        mail=signals.lines_by_prisoner(db.session, [item.prisoner.id for item in attention]),
        sections=signals.answers(signals.coordinator_sections, db.session),
        search=search,
        found=_search(search),
        facilities=_facilities(),
        kind_labels=FACILITY_KIND_LABELS,
        status_label=status_label,
    )


# --- Prisoners ----------------------------------------------------------------------------------


def _prisoner_data(prisoner: Prisoner | None) -> dict:
    if prisoner is None:
        return {"status": PrisonerStatus.UNKNOWN.value, "gender": "", "services": []}
    return {
        "surname": prisoner.surname,
        "first_name": prisoner.first_name,
        "patronymic": prisoner.patronymic,
        "dative_name": prisoner.dative_name,
        "name_latin": prisoner.name_latin,
        "gender": prisoner.gender or "",
        "birth_year": prisoner.birth_year,
        "birth_date": prisoner.birth_date,
        "status": prisoner.status.value,
        "address_presumed": prisoner.address_presumed,
        "verified_on": prisoner.verified_on,
        "source_url": prisoner.source_url,
        "services": list(prisoner.services or []),
        "summary": prisoner.summary,
        "interests": prisoner.interests,
    }


def _identity_error(prisoner: Prisoner | None, other: Prisoner) -> Markup:
    """The collision message, with a link to where it can be resolved."""
    said = _(
        "Another record, No. %(id)s (%(name)s), has the same full name and year of birth.",
        id=other.id,
        name=other.full_name,
    )
    if prisoner is None:
        url = url_for(".edit_prisoner", prisoner_id=other.id)
        action = _("Open that record")
    else:
        url = url_for(".merge", first=prisoner.id, second=other.id)
        action = _("If it is the same person, compare and merge the two records")
    return Markup('{} <a href="{}">{}</a>.').format(said, url, action)


def _first_result(endpoint: str, key: str, done: AlreadyDone):
    """The page of what the form's first post saved (the coordinators' start page when that
    post's result is not known)."""
    if done.result is None:
        return redirect(url_for(".index"))
    return redirect(url_for(endpoint, **{key: int(done.result)}))


def _render_prisoner(form: PrisonerForm, prisoner: Prisoner | None, status: int = 200):
    history = list(reversed(prisoner.history)) if prisoner is not None and prisoner.id else []
    return (
        render_template(
            "directory/coordinator/prisoner.html",
            form=form,
            prisoner=prisoner if prisoner is not None and prisoner.id else None,
            reasons=review_reasons(prisoner) if prisoner is not None else [],
            history=history,
            mail=(
                signals.lines_by_prisoner(db.session, [prisoner.id]).get(prisoner.id)
                if prisoner is not None and prisoner.id
                else None
            ),
            status_label=status_label,
        ),
        status,
    )


def _details(form: PrisonerForm) -> PrisonerDetails:
    return PrisonerDetails(
        surname=form.surname.data,
        first_name=form.first_name.data,
        patronymic=form.patronymic.data or None,
        dative_name=form.dative_name.data or None,
        name_latin=form.name_latin.data or None,
        gender=form.gender.data or None,
        birth_year=form.birth_year.data,
        birth_date=form.birth_date.data,
        status=PrisonerStatus(form.status.data),
        address_presumed=bool(form.address_presumed.data),
        verified_on=form.verified_on.data,
        source_url=form.source_url.data or None,
        services=list(form.services.data or []),
        summary=form.summary.data or None,
        interests=form.interests.data or None,
        reviewed=bool(form.submit_reviewed.data),
    )


def _save_prisoner(form: PrisonerForm, prisoner: Prisoner | None):
    """Write a validated form; a re-rendered form (422) when the name clashes."""
    try:
        saved = save_prisoner(
            db.session, prisoner, _details(form), date.today(), once=form.once.data
        )
    except AlreadyDone as done:  # sent twice (a double click): saved once, by the first
        return _first_result(".edit_prisoner", "prisoner_id", done)
    except IdentityClash as clash:
        form.surname.errors.append(_identity_error(prisoner, clash.other))
        return _render_prisoner(form, prisoner, 422)
    except NotDeclinable:
        form.dative_name.errors.append(
            _("The name could not be declined automatically: enter it in the dative case.")
        )
        return _render_prisoner(form, prisoner, 422)
    prisoner = saved.prisoner
    if saved.declined_name:
        flash(
            _(
                "The name for the envelope was filled in by declension: «%(name)s». Check it.",
                name=saved.declined_name,
            ),
            "warning",
        )
    if saved.created:
        flash(_("%(name)s was added to the directory.", name=prisoner.full_name), "info")
    elif form.submit_reviewed.data:
        flash(_("Saved, and marked as reviewed."), "info")
    else:
        flash(_("Saved."), "info")
    return redirect(url_for(".edit_prisoner", prisoner_id=prisoner.id))


def _prisoner_page(prisoner: Prisoner | None):
    form = PrisonerForm(data=_prisoner_data(prisoner))
    if form.validate_on_submit():
        return _save_prisoner(form, prisoner)
    return _render_prisoner(form, prisoner, 422 if form.errors else 200)


@bp.route("/prisoners/new", methods=["GET", "POST"])
def new_prisoner():
    """Add a prisoner to the directory."""
    return _prisoner_page(None)


@bp.route("/prisoners/<int:prisoner_id>", methods=["GET", "POST"])
def edit_prisoner(prisoner_id: int):
    """Correct a prisoner's record, and mark it as reviewed."""
    return _prisoner_page(_prisoner_or_404(prisoner_id))


# --- Transfers ----------------------------------------------------------------------------------


@bp.route("/prisoners/<int:prisoner_id>/transfer", methods=["GET", "POST"])
def transfer(prisoner_id: int):
    """Record a move to another facility, a transfer to an unknown one, a release or a death."""
    prisoner = _prisoner_or_404(prisoner_id)
    form = TransferForm()
    form.set_facilities(_facilities())
    if form.validate_on_submit():
        facility = None
        if form.destination.data == TO_FACILITY:
            facility = db.session.get(Facility, int(form.facility.data))
        try:
            status = transfer_prisoner(
                db.session,
                prisoner,
                facility=facility,
                status=_STATUS_AFTER.get(form.destination.data),
                on=form.on.data,
                note=form.note.data or None,
                presumed=bool(form.presumed.data),
                once=form.once.data,
            )
        except AlreadyDone:  # sent twice (a double click): the move is recorded once
            return redirect(url_for(".edit_prisoner", prisoner_id=prisoner.id))
        flash(
            _(
                "Recorded for %(name)s: %(status)s, on %(date)s.",
                name=prisoner.full_name,
                status=status_label(status),
                date=format_date(form.on.data, "long"),
            ),
            "info",
        )
        return redirect(url_for(".edit_prisoner", prisoner_id=prisoner.id))
    return render_template(
        "directory/coordinator/transfer.html",
        form=form,
        prisoner=prisoner,
        status_label=status_label,
    ), (422 if form.errors else 200)


# --- Facilities ---------------------------------------------------------------------------------


def postcode_warning(postcode: str | None, region: str | None) -> str | None:
    """A warning when the postcode belongs to another region than the one written."""
    if not (postcode and region) or postcode_matches_region(postcode, region) is not False:
        return None
    found = region_for_postcode(postcode)
    return _(
        "The postcode %(postcode)s belongs to %(postcode_region)s, not to «%(region)s». "
        "The facility was saved; check the address.",
        postcode=postcode,
        postcode_region=found.name if found else "?",
        region=region,
    )


def missing_region_warning(region: str | None, locality: str | None) -> str | None:
    """A warning when a facility has no region (Moscow, St Petersburg and Sevastopol need none:
    the city is the region)."""
    if region or is_federal_city(locality):
        return None
    return _(
        "The address names no region, so the envelope will have no region line. Fill in the "
        "region unless the town is Moscow, St Petersburg or Sevastopol."
    )


def _facility_data(facility: Facility | None) -> dict:
    if facility is None:
        return {"kind": FacilityKind.OTHER.value, "services": []}
    data = {name: getattr(facility, name) for name in FACILITY_FIELDS}
    data["kind"] = facility.kind.value
    data["services"] = list(facility.services or [])
    return data


def _parsed_data(text: str, base: dict, paste: AddressPasteForm) -> tuple[dict, list[str]] | None:
    """The facility data with the pasted address's parts filled in, and what to check."""
    try:
        parsed = parse_address(text)
    except AddressParseError as error:
        paste.text.errors.append(error.message(current_locale()))
        return None
    data = dict(base)
    for name in ADDRESS_PARTS:
        if getattr(parsed, name):
            data[name] = getattr(parsed, name)
    if parsed.facility:
        data["name"] = parsed.facility
        data["kind"] = facility_kind(parsed.facility).value
    # Words not understood are listed together, with what to do, rather than part by part.
    notes = [w.message(current_locale()) for w in parsed.warnings if w.code != "unread_part"]
    if parsed.unplaced:
        notes.insert(0, parsed.unplaced_message(current_locale()))
    if warning := missing_region_warning(data.get("region"), data.get("locality")):
        notes.append(warning)
    return data, notes


def _facility_page(facility: Facility | None):
    base = _facility_data(facility)
    paste = AddressPasteForm(prefix="paste")
    form = FacilityForm(data=base)
    parse_warnings: list[str] = []
    status = 200
    if request.method == "POST" and paste.fill.data:
        form = FacilityForm(formdata=None, data=base)
        if paste.validate():
            filled = _parsed_data(paste.text.data, base, paste)
            if filled is not None:
                form = FacilityForm(formdata=None, data=filled[0])
                parse_warnings = filled[1]
                flash(_("The form was filled in from the address. Check it, then save."), "info")
        status = 422 if paste.errors else 200
    elif form.validate_on_submit():
        fields = {name: getattr(form, name).data for name in FACILITY_FIELDS}
        try:
            facility = save_facility(
                db.session,
                facility,
                fields,
                FacilityKind(form.kind.data),
                form.services.data or [],
                once=form.once.data,
            )
        except AlreadyDone as done:  # sent twice (a double click): saved once, by the first
            return _first_result(".edit_facility", "facility_id", done)
        except SameFacility as clash:
            other = clash.other
        else:
            flash(_("The facility %(name)s was saved.", name=facility.name), "info")
            return redirect(url_for(".edit_facility", facility_id=facility.id))
        form.name.errors.append(
            Markup('{} <a href="{}">{}</a>.').format(
                _("A facility with this name and postcode is already in the directory."),
                url_for(".edit_facility", facility_id=other.id),
                _("Open it"),
            )
        )
        status = 422
    elif form.errors:
        status = 422
    page_form = ServicePageForm(formdata=None)
    return _render_facility(facility, form, paste, page_form, parse_warnings, status)


def _render_facility(
    facility: Facility | None,
    form: FacilityForm,
    paste: AddressPasteForm,
    page_form: ServicePageForm,
    parse_warnings: list[str] = (),
    status: int = 200,
):
    saved_warnings = []
    if facility is not None:
        saved_warnings = [
            (code, warning)
            for code, warning in (
                ("postcode_region", postcode_warning(facility.postcode, facility.region)),
                ("no_region", missing_region_warning(facility.region, facility.locality)),
            )
            if warning
        ]
    return render_template(
        "directory/coordinator/facility.html",
        form=form,
        page_form=page_form,
        services=load_services(),
        paste=paste,
        facility=facility,
        parse_warnings=list(parse_warnings),
        saved_warnings=saved_warnings,
    ), (422 if page_form.errors else status)


@bp.route("/facilities/new", methods=["GET", "POST"])
def new_facility():
    """Add a facility."""
    return _facility_page(None)


@bp.route("/facilities/<int:facility_id>", methods=["GET", "POST"])
def edit_facility(facility_id: int):
    """Correct a facility's name, address or services."""
    return _facility_page(db.session.get(Facility, facility_id) or abort(404))


@bp.post("/facilities/<int:facility_id>/service-page")
def facility_service_page(facility_id: int):
    """Record (or, with an empty address, remove) the facility's own page on a service."""
    facility = db.session.get(Facility, facility_id) or abort(404)
    form = ServicePageForm()
    if not form.validate_on_submit():
        # The page again, with the typed address kept and the error beside its field.
        if not (form.service.errors or form.url.errors):
            form.url.errors = [*form.url.errors, _("Check the form.")]
        base = FacilityForm(formdata=None, data=_facility_data(facility))
        return _render_facility(
            facility, base, AddressPasteForm(formdata=None, prefix="paste"), form
        )
    changed = set_service_page(
        db.session, facility, form.service.data, form.url.data or None, date.today()
    )
    if form.url.data:
        flash(_("The facility's page on the service is saved."))
    elif changed:
        flash(_("The facility's page on the service is removed."))
    return redirect(url_for(".edit_facility", facility_id=facility.id) + "#service-pages")


# --- Merging duplicates -------------------------------------------------------------------------


def _two_prisoners(first, second) -> tuple[Prisoner, Prisoner] | None:
    first_id, second_id = parse_id(first), parse_id(second)
    if not (first_id and second_id) or first_id == second_id:
        return None
    first, second = db.session.get(Prisoner, first_id), db.session.get(Prisoner, second_id)
    return (first, second) if first is not None and second is not None else None


@bp.route("/merge", methods=["GET", "POST"])
def merge():
    """Find two records of the same person, compare them side by side and keep one."""
    if request.method == "POST":
        form = MergeForm()
        pair = _two_prisoners(form.first.data, form.second.data)
        if pair is None:
            flash(_("One of the records no longer exists; choose the records again."), "warning")
            return redirect(url_for(".merge"))
        form.set_records(*pair)
        if form.validate_on_submit():
            keep, drop = pair if form.keep.data == str(pair[0].id) else pair[::-1]
            drop_id, drop_name = drop.id, drop.full_name
            try:
                merge_duplicates(db.session, keep, drop)
            except MergeConflict as conflict:
                form.keep.errors.append(
                    _(
                        "The merged record would have the same full name and year of birth as "
                        "No. %(id)s. Merge that one first.",
                        id=conflict.other.id,
                    )
                )
            else:
                flash(
                    _(
                        "No. %(drop)s (%(name)s) was merged into this record and deleted.",
                        drop=drop_id,
                        name=drop_name,
                    ),
                    "info",
                )
                return redirect(url_for(".edit_prisoner", prisoner_id=keep.id))
        return _render_merge(PrisonerSearchForm(formdata=None), [], pair, form, 422)

    search = PrisonerSearchForm(request.args)
    first, second = request.args.get("first"), request.args.get("second")
    pair = _two_prisoners(first, second)
    if not search.q.data and pair is None and parse_id(first):
        # Came from a record's page: start with a search for its surname.
        start = db.session.get(Prisoner, parse_id(first))
        if start is not None:
            search.q.data = start.surname
    choice_error = None
    if pair is None and "compare" in request.args:
        if parse_id(first) and parse_id(first) == parse_id(second):
            choice_error = _("Choose two different records.")
        elif parse_id(first) and parse_id(second):
            choice_error = _("One of the records no longer exists; choose the records again.")
        else:
            choice_error = _("Choose one record in each column.")
    form = None
    if pair is not None:
        form = MergeForm(formdata=None, first=str(pair[0].id), second=str(pair[1].id))
        form.set_records(*pair)
    return _render_merge(search, _search(search), pair, form, 200, choice_error)


def _render_merge(search, found, pair, form, status, choice_error=None):
    return render_template(
        "directory/coordinator/merge.html",
        search=search,
        found=found,
        pair=pair,
        form=form,
        choice_error=choice_error,
        likely_pairs=likely_duplicate_pairs(db.session) if pair is None else [],
        status_label=status_label,
        service_names=service_names,
        gender_label=gender_label,
        review_reasons=review_reasons,
    ), status


def service_names(prisoner: Prisoner) -> str:
    """The prisoner's services by name, in the visitor's language."""
    known = load_services()
    locale = current_locale()
    return ", ".join(
        known[s].display_name(locale) if s in known else s for s in prisoner.services or []
    )


def gender_label(gender: str | None) -> str | None:
    """«male», «female», or None when not known."""
    return {"m": _("male"), "f": _("female")}.get(gender or "")
