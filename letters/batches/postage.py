"""The postage estimate on a batch's cover sheet, from Russian Post's dated tariff.

The tariff is data (``data/postage.toml``, or the file ``LETTERS_POSTAGE_TARIFF_FILE`` names),
with its source and the date each price starts, so a coordinator updates a file, not code. A
letter's weight is estimated from its sheets, its envelope and, with a reply kit, the second
envelope; a letter heavier than the tariff's last band is counted at that band's price and
reported as "at least", never silently priced.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

TARIFF_FILE = Path(__file__).parent / "data" / "postage.toml"


class TariffError(ValueError):
    """The tariff file is malformed (raised when it is loaded, so a bad edit shows at once)."""


@dataclass(frozen=True)
class Period:
    """Prices from ``valid_from`` on: ``(up_to_grams, price)`` bands, lightest first."""

    valid_from: date
    source: str
    checked_on: date | None
    bands: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Tariff:
    """The periods, oldest first, and the weights used to estimate a letter."""

    periods: tuple[Period, ...]
    sheet_grams: float
    envelope_grams: dict[str, float]
    default_envelope_grams: float
    stamp_grams: float

    def period(self, on: date) -> Period:
        """The newest period that has started by ``on`` (the oldest one before any has)."""
        started = [p for p in self.periods if p.valid_from <= on]
        return started[-1] if started else self.periods[0]

    def letter_grams(self, sheets: int, envelope: str, reply_kit: bool) -> float:
        """Estimated weight of one letter in its envelope (with the reply envelope and stamp)."""
        grams = sheets * self.sheet_grams + self.envelope_grams.get(
            envelope, self.default_envelope_grams
        )
        if reply_kit:
            grams += self.default_envelope_grams + self.stamp_grams
        return grams


@dataclass(frozen=True)
class Estimate:
    """Postage for a batch: the total (the letters' stamps and the stamps put in reply kits), how
    many letters weigh more than the last band, and the period the prices come from."""

    total: float
    letters: int
    reply_stamps: int  # one a reply kit, at the lightest band's price (a one-sheet answer)
    over_last_band: int
    heaviest_grams: float
    period: Period

    @property
    def at_least(self) -> bool:
        """True when some letters are heavier than the tariff knows: the total is a minimum."""
        return self.over_last_band > 0


def _date(value: object, where: str) -> date:
    if not isinstance(value, date):
        raise TariffError(f"{where} must be a date (YYYY-MM-DD)")
    return value


def parse_tariff(data: dict) -> Tariff:
    """Build a :class:`Tariff` from the parsed TOML document (checks its shape)."""
    periods = []
    for number, entry in enumerate(data.get("period", []), start=1):
        where = f"period #{number}"
        bands = entry.get("bands")
        if not bands or not all(
            isinstance(b, dict) and b.get("up_to_grams", 0) > 0 and b.get("price", 0) > 0
            for b in bands
        ):
            raise TariffError(f"{where}: bands need positive up_to_grams and price")
        if not isinstance(entry.get("source"), str) or not entry["source"].strip():
            raise TariffError(f"{where}: say where the prices come from (source)")
        checked = entry.get("checked_on")
        periods.append(
            Period(
                valid_from=_date(entry.get("valid_from"), f"{where}: valid_from"),
                source=entry["source"],
                checked_on=_date(checked, f"{where}: checked_on") if checked else None,
                bands=tuple(sorted((float(b["up_to_grams"]), float(b["price"])) for b in bands)),
            )
        )
    if not periods:
        raise TariffError("the tariff has no [[period]]")
    weights = data.get("weights", {})
    try:
        return Tariff(
            periods=tuple(sorted(periods, key=lambda p: p.valid_from)),
            sheet_grams=float(weights["sheet"]),
            envelope_grams={k: float(v) for k, v in weights["envelope"].items()},
            default_envelope_grams=float(weights["envelope_default"]),
            stamp_grams=float(weights["stamp"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise TariffError(
            f"[weights] needs sheet, envelope, envelope_default, stamp ({error})"
        ) from error


@lru_cache(maxsize=8)
def load_tariff(path: str | None = None) -> Tariff:
    """The tariff from ``path`` (the bundled file when None), read once per process."""
    file = Path(path) if path else TARIFF_FILE
    try:
        with file.open("rb") as handle:
            return parse_tariff(tomllib.load(handle))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise TariffError(f"cannot read the postage tariff {file}: {error}") from error


def estimate(
    tariff: Tariff, letters: list[tuple[int, str, bool]], on: date | None = None
) -> Estimate:
    """Postage for ``letters`` given as ``(sheets, envelope format, reply kit)``, at ``on``."""
    period = tariff.period(on or date.today())
    reply_stamps = sum(1 for _, _, reply_kit in letters if reply_kit)
    total = reply_stamps * period.bands[0][1]
    over = 0
    heaviest = 0.0
    for sheets, envelope, reply_kit in letters:
        grams = tariff.letter_grams(sheets, envelope, reply_kit)
        heaviest = max(heaviest, grams)
        price = next((p for limit, p in period.bands if grams <= limit), None)
        if price is None:
            over += 1
            price = period.bands[-1][1]
        total += price
    return Estimate(round(total, 2), len(letters), reply_stamps, over, heaviest, period)
