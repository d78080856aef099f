"""One reachability rule: the Python rule and its SQL twin select the same people, and every
place that asks (the page, the envelope, the queue's holds) gives the same reason."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from letters.addressing import NoPostalAddress, prisoner_address
from letters.batches.holds import HOLD_REASONS, hold_reason, printable_condition
from letters.batches.models import QueuedLetter
from letters.directory.models import Facility, FacilityKind, Prisoner, PrisonerStatus
from letters.directory.presenter import present
from letters.directory.reachability import UNREACHABLE, reachable_condition, unreachable
from letters.extensions import db

REVIEWS = (None, "", "address_unplaced", "no_patronymic address_unplaced", "no_patronymic")


@pytest.fixture
def everyone(app):
    """A person for every status, with and without a facility, under every review note."""
    with app.app_context():
        facility = Facility(
            name="ФКУ СИЗО-1 УФСИН России по Тверской области", name_key="сизо-1 тверь",
            kind=FacilityKind.SIZO, region="Тверская область", postcode="170100",
            locality="г. Тверь", street="ул. Ленина", house="1",
        )  # fmt: skip
        db.session.add(facility)
        for number, (status, placed, review) in enumerate(
            itertools.product(PrisonerStatus, (True, False), REVIEWS)
        ):
            db.session.add(
                Prisoner(
                    surname="Иванов", first_name="Иван", patronymic=f"№{number}",
                    dative_name="Иванову Ивану", status=status, needs_review=review,
                    facility=facility if placed else None,
                    identity_key=f"иванов|иван|{number}|",
                )
            )  # fmt: skip
        db.session.commit()
        yield
        db.session.remove()


def test_the_rule_and_its_sql_twin_select_the_same_people(app, everyone):
    with app.app_context():
        people = db.session.scalars(select(Prisoner)).all()
        by_rule = {p.id for p in people if unreachable(p) is None}
        by_sql = set(db.session.scalars(select(Prisoner.id).where(reachable_condition())))
        assert by_rule == by_sql
        assert 0 < len(by_rule) < len(people)
        # The queue claims by the same rule.
        for person in people:
            db.session.add(QueuedLetter(prisoner=person, text="…"))
        db.session.flush()
        claimable = db.session.scalars(
            select(QueuedLetter.prisoner_id)
            .outerjoin(Prisoner, QueuedLetter.prisoner_id == Prisoner.id)
            .where(printable_condition())
        )
        assert set(claimable) == by_rule
        db.session.rollback()


def test_every_place_gives_the_rules_reason_in_the_same_words(app, everyone):
    with app.app_context():
        for person in db.session.scalars(select(Prisoner)):
            reason = unreachable(person)
            card = present(person, today=person.created_at.date(), stale_after_days=90)
            assert card.can_post is (reason is None)
            letter = QueuedLetter(prisoner=person, text="…")
            assert hold_reason(letter) == reason
            if reason is None:
                prisoner_address(person)
                continue
            assert reason in [notice.code for notice in card.notices]
            assert HOLD_REASONS[reason] == UNREACHABLE[reason]
            with pytest.raises(NoPostalAddress) as raised:
                prisoner_address(person)
            assert raised.value.code == reason
