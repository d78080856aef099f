"""Fixtures for the PDF renderer: real-looking addresses and letters, and PDF readers."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from pypdf import PdfReader

from benchmarks.pdf_benchmark import PRISONER, WRITER
from letters.pdf import Address, Letter

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture
def prisoner() -> Address:
    """A remand prisoner's address as the directory publishes it (the benchmarks' sample)."""
    return PRISONER


@pytest.fixture
def writer() -> Address:
    """A supporter in Russia."""
    return WRITER


@pytest.fixture
def writer_abroad() -> Address:
    """A supporter in Germany, address in Latin letters."""
    return Address(
        name_lines=("Anna Ivanova",),
        street_line="Musterstraße 12",
        locality="10115 Berlin",
        country="Germany",
    )


@pytest.fixture
def short_letter() -> Letter:
    """A one-page letter."""
    return Letter(
        text=(
            "Меня зовут Анна, я живу в Екатеринбурге и работаю в библиотеке.\n\n"
            "Какие книги вам нравятся? Напишите, если будет время."
        ),
        date=dt.date(2026, 11, 21),
        greeting="Здравствуйте, Сергей!",
        signature="С теплом,",
        sender_name="Анна Иванова",
        return_address="ул. Ленина, д. 5, кв. 12,\nг. Екатеринбург, 620014",
    )


def long_text(paragraphs: int = 14) -> str:
    """Text long enough to run over one A4 page."""
    para = "У нас в городе открылась новая библиотека, и я хожу туда каждую субботу. " * 6
    return "\n\n".join(para.strip() for _ in range(paragraphs))


def plumber(pdf: bytes) -> pdfplumber.PDF:
    """Open PDF bytes with pdfplumber."""
    return pdfplumber.open(io.BytesIO(pdf))


def reader(pdf: bytes) -> PdfReader:
    """Open PDF bytes with pypdf."""
    return PdfReader(io.BytesIO(pdf))


def page_text(pdf: bytes, index: int = 0) -> str:
    """Extracted text of one page."""
    with plumber(pdf) as doc:
        return doc.pages[index].extract_text() or ""
