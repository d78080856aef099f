"""What a batch prints, read back from its files: envelope sizes, stacks and the cover sheet.

Issue 21, findings 5 and 7: a letter keeps the envelope its writer chose when the batch's would
not take it, in a file of its own named on the cover sheet; the cover sheet stays on the page,
names typed-block letters by their place and shows no column names.
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import pdfplumber
import pytest
from pypdf import PdfReader

from letters.batches.claims import Selection, create_batch
from letters.batches.cover import CoverFacts, render_cover_pdf
from letters.batches.files import build_files
from letters.batches.postage import estimate, load_tariff
from letters.batches.queue import import_letters
from letters.directory.models import Facility, FacilityKind, Prisoner, PrisonerStatus
from letters.directory.store import record_transfer
from letters.extensions import db
from letters.pdf.layout import ENVELOPES
from tests.batches.conftest import LETTER, queue_letters

TYPED_BLOCK = (
    "Кому: Иванову Ивану Ивановичу, 1993 г. р.\n"
    "Куда: ФКУ СИЗО-1 УФСИН России по Кабардино-Балкарской Республике, ул. Ленина, д. 1, "
    "г. Нальчик, Кабардино-Балкарская Республика, 360000"
)
LONG_FACILITY = (
    "Федеральное казённое учреждение «Следственный изолятор № 1 Управления Федеральной службы "
    "исполнения наказаний по Кабардино-Балкарской Республике» (СИЗО-1 УФСИН России по КБР)"
)


def transfer_mironov_to(facility: Facility) -> None:
    mironov = db.session.query(Prisoner).filter_by(surname="Миронов").one()
    record_transfer(db.session, mironov, facility=facility, status=PrisonerStatus.COLONY,
                    on=date.today())  # fmt: skip
    db.session.commit()


def _size_mm(page) -> tuple[int, int]:
    return round(float(page.mediabox.width) * 25.4 / 72), round(
        float(page.mediabox.height) * 25.4 / 72
    )


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_c5_letter_in_a_c6_batch_keeps_its_size_in_a_file_of_its_own(app, directory):
    """Finding 5: the writer chose C5 (a letter folded once); a C6 batch would fold it again
    without a word. It prints on C5, in envelopes-C5.pdf, and the cover sheet says so."""
    with app.app_context():
        queue_letters(2)
        queue_letters(1, envelope_format="C5")
        batch = create_batch(db.session, None, Selection(), envelope_format="C6")
        built = build_files(batch)
        files = built.files
        assert not built.set_aside
        assert {_size_mm(p) for p in PdfReader(io.BytesIO(files["envelopes.pdf"])).pages} == {
            (ENVELOPES["C6"].width, ENVELOPES["C6"].height)
        }
        c5 = PdfReader(io.BytesIO(files["envelopes-C5.pdf"])).pages
        assert [_size_mm(p) for p in c5] == [(229, 162)]
        rows = list(csv.DictReader(io.StringIO(files["manifest.csv"].decode())))
        assert sorted(row["envelope"] for row in rows) == ["C5", "C6", "C6"]
        cover = _text(files["cover.pdf"])
        assert "envelopes.pdf: конверты C6, 2 шт." in cover
        assert "envelopes-C5.pdf: конверты C5, 1 шт." in cover


def _cover_chars_within_the_page(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = []
        for page in document.pages:
            assert page.chars
            assert max(char["x1"] for char in page.chars) <= page.width - 15
            assert min(char["x0"] for char in page.chars) >= 15
            assert min(char["top"] for char in page.chars) >= 15
            assert max(char["bottom"] for char in page.chars) <= page.height - 15
            text.append(page.extract_text())
    return "\n".join(text)


def test_the_cover_sheet_stays_on_the_page(app):
    """Finding 7: long facility names ran to x = 305 mm on A4; they wrap within the margins."""
    with app.app_context():
        per_facility = [(f"{LONG_FACILITY} {n}", n) for n in range(1, 40)]
        facts = CoverFacts(
            batch_id=1, created="2026-12-07 10:00 UTC", envelope_format="labels-3x7",
            duplex=False, per_facility=per_facility, letters=780, sheets=780, envelopes=780,
            labels=780, postage=estimate(load_tariff(), [(1, "C6", False)] * 780), held_back=3,
        )  # fmt: skip
        text = _cover_chars_within_the_page(render_cover_pdf(facts))
    flat = " ".join(text.split())
    assert f"39 — {LONG_FACILITY} 39" in flat  # nothing cut: every word is there
    assert "postcode_by_hand_in_stencil" not in flat and "_" not in flat


@pytest.mark.parametrize("output", ["C6", "labels-2x7"])
def test_a_typed_block_letter_is_named_by_its_place(app, directory, tmp_path, output):
    """Finding 7: a letter addressed by a typed block was listed as the whole block, captions
    run together («1993 г. р.Куда:»); the cover sheet names its facility, like the others."""
    path = tmp_path / "letters.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "to"])
        writer.writeheader()
        writer.writerow({"text": LETTER, "to": TYPED_BLOCK})
    with app.app_context():
        assert import_letters(db.session, path).written
        batch = create_batch(db.session, None, Selection(), envelope_format=output)
        text = _cover_chars_within_the_page(build_files(batch).files["cover.pdf"])
    flat = " ".join(text.split())
    assert "1 — ФКУ СИЗО-1 УФСИН России по Кабардино-Балкарской Республике" in flat
    assert "Кому" not in flat and "Куда" not in flat and "Иванову" not in flat
    assert "postcode_by_hand_in_stencil" not in flat
    if output.startswith("labels"):  # the postcode to write by hand, beside its facility
        assert "Республике — индекс 360000" in flat


def test_the_batch_form_says_how_many_letters_each_choice_would_hold(app, directory):
    """Finding 12: a 3 × 7 label is small for an address with a district line and a long
    facility name. The volunteer learns it on the form, per choice, not after the batch."""
    from tests.batches.test_volunteer_pages import volunteer_client

    with app.app_context():
        far = Facility(
            name="ФКУ ИК-18 УФСИН России по Ямало-Ненецкому автономному округу, отряд 5",
            name_key="фку ик-18 уфсин россии по ямало-ненецкому автономному округу, отряд 5",
            kind=FacilityKind.IK, region="Ямало-Ненецкий автономный округ", postcode="629420",
            locality="пгт Харп", district="Приуральский р-н", street="ул. Северная", house="1",
        )  # fmt: skip
        db.session.add(far)
        db.session.commit()
        queue_letters(2)
        queue_letters(1, surname="Перов")  # no address: held whatever is chosen, listed apart
        transfer_mironov_to(far)
        queue_letters(1)
    client = volunteer_client(app)
    page = client.get("/volunteer/", headers={"Accept-Language": "en"}).text
    options = dict(re.findall(r'<option[^>]*value="([^"]+)"[^>]*>([^<]*)</option>', page))
    assert "3 of 3 letters would be held back" in html.unescape(options["labels-3x7"])
    for output in ("C6", "DL", "C5", "C4", "labels-2x7", "none"):
        assert "held back" not in options[output]
    page = client.get("/volunteer/", headers={"Accept-Language": "ru"}).text
    assert "будет задержано 3 из 3" in html.unescape(page)
