"""run_check: bytes in, exit code and result (or error message) out."""

from __future__ import annotations

from letters.language.raw_input import EXIT_OK, EXIT_REJECTED, EXIT_UNUSABLE, run_check


def test_russian_letter_exits_zero_with_the_result():
    code, payload = run_check("Привет! Как дела? Жду письма.".encode())
    assert code == EXIT_OK
    assert isinstance(payload, dict)
    assert payload["verdict"] == "ok"


def test_warning_still_exits_zero():
    code, payload = run_check("Пpивeт! Как дела?".encode())
    assert code == EXIT_OK
    assert payload["verdict"] == "warn"


def test_rejected_letter_exits_one():
    code, payload = run_check(b"Hello, my friend! I hope you are well and we think of you.")
    assert code == EXIT_REJECTED
    assert payload["language"] == "en"


def test_empty_input_exits_one_with_an_empty_finding():
    code, payload = run_check(b"")
    assert code == EXIT_REJECTED
    assert payload["findings"][0]["kind"] == "empty"


def test_invalid_utf8_exits_two_with_a_message():
    code, payload = run_check("Привет".encode("cp1251"), "en")
    assert code == EXIT_UNUSABLE
    assert isinstance(payload, str)
    assert "UTF-8" in payload
    assert "position 0" in payload


def test_binary_input_is_unusable():
    code, payload = run_check(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert code == EXIT_UNUSABLE or (code == EXIT_REJECTED and isinstance(payload, dict))
    if isinstance(payload, dict):
        assert payload["findings"][0]["kind"] == "unusable"


def test_byte_order_mark_and_windows_line_ends_are_accepted():
    code, payload = run_check("\ufeffПривет!\r\nКак дела?".encode())
    assert code == EXIT_OK
    assert payload["fixed_text"] == "Привет!\nКак дела?"


def test_oversized_input_exits_two():
    code, payload = run_check(b"a" * 500_000, "en")
    assert code == EXIT_UNUSABLE
    assert "too large" in payload
