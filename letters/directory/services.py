"""The services a letter can be handed to, read from a data file coordinators can edit."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_SERVICES_FILE = Path(__file__).parent / "data" / "services.toml"
# Forwarding services address the envelope themselves: they reach anyone with a known name.
FORWARDING = "forwarding"


@dataclass(frozen=True)
class Service:
    """One e-letter or forwarding service."""

    id: str
    name: str
    name_en: str
    url: str
    kind: str
    free: bool
    price: str
    foreign_cards: bool
    max_chars: int
    reply: str
    fields: tuple[str, ...]
    checked: str
    email: str = ""  # for services that take letters by e-mail: a mailto: link is offered
    form_url: str = ""  # the page with the letter form, when confirmed; else ``url`` is opened

    def display_name(self, locale: str | None) -> str:
        """The service's name for a reader of ``locale``: its Russian name in Russian."""
        return self.name if locale == "ru" else self.name_en

    def page_for(self, facility_page: str | None) -> tuple[str, str]:
        """Where the hand-off opens this service, and what that page is: the facility's own
        page when a coordinator recorded one, else the letter form, else the home page."""
        if facility_page:
            return facility_page, "facility"
        if self.form_url:
            return self.form_url, "form"
        return self.url, "home"

    def fits(self, text_length: int) -> bool:
        """Whether a letter of this many characters (spaces included) is within the limit."""
        return not self.max_chars or text_length <= self.max_chars


class ServicesFileError(ValueError):
    """The services file cannot be read; the message names the file and what is wrong."""


@lru_cache(maxsize=4)
def load_services(path: str | None = None) -> dict[str, Service]:
    """All services by id, from ``path``, ``LETTERS_SERVICES_FILE`` or the bundled file."""
    source = Path(path or os.environ.get("LETTERS_SERVICES_FILE") or DEFAULT_SERVICES_FILE)
    try:
        with source.open("rb") as handle:
            data = tomllib.load(handle)
        return {
            service_id: Service(id=service_id, fields=tuple(entry.pop("fields", ())), **entry)
            for service_id, entry in data["services"].items()
        }
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ServicesFileError(f"cannot read the services file {source}: {error}") from None
    except (KeyError, TypeError, AttributeError) as error:
        raise ServicesFileError(
            f"the services file {source} is not like the bundled services.toml "
            f"([services.<id>] tables with its fields): {error}"
        ) from None


SERVICE_IDS = ("zt", "fsin_pismo", "ovd_info", "memorial_france")
