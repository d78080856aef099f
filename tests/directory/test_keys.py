"""The directory's lookup keys follow the names they are made from, whoever changes them."""

from __future__ import annotations

from sqlalchemy import select

from letters.directory.keys import fold, identity_key, names_search_key
from letters.directory.models import Facility, Prisoner, PrisonerAlias
from letters.directory.store import mark_hand_edits
from letters.extensions import db


def test_keys_are_derived_on_flush_and_follow_a_rename(app):
    with app.app_context():
        facility = Facility(name="ФКУ  ИК-2 УФСИН России по Республике Мордовия")
        prisoner = Prisoner(
            surname="Фёдоров", first_name="Николай", dative_name="Фёдорову Николаю",
            birth_year=1959, name_latin="Nikolai Fedorov", facility=facility,
        )  # fmt: skip
        db.session.add(prisoner)
        db.session.commit()
        assert prisoner.identity_key == "федоров николай|1959"
        assert prisoner.search_key == names_search_key("Фёдоров Николай", "Nikolai Fedorov")
        assert facility.name_key == "фку ик-2 уфсин россии по республике мордовия"

        prisoner.patronymic = "Ильич"
        facility.name = "ФКУ ИК-11"
        db.session.commit()
        assert prisoner.identity_key == identity_key("Фёдоров", "Николай", "Ильич", 1959)
        assert "ilich" in prisoner.search_key
        assert facility.name_key == fold("ФКУ ИК-11")


def test_a_hand_edit_of_the_name_keeps_the_old_identity_as_an_alias(app):
    """mark_hand_edits sees the new key before the flush derives it."""
    with app.app_context():
        prisoner = Prisoner(surname="Петров", first_name="Иван", dative_name="Петрову Ивану")
        db.session.add(prisoner)
        db.session.commit()
        prisoner.birth_year = 1970
        assert "birth_year" in mark_hand_edits(db.session, prisoner)
        db.session.commit()
        aliases = db.session.scalars(select(PrisonerAlias.identity_key)).all()
        assert aliases == ["петров иван|"]
        assert prisoner.identity_key == "петров иван|1970"
