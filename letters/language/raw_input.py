"""The language check on raw input (a file, stdin): bytes in, exit code and JSON-ready result out.

``letters check [FILE|-] --json`` wraps :func:`run_check` in a few lines: exit 0 when the letter
may be sent (verdict ok or warn), 1 when it is rejected, 2 when the input cannot be used.
"""

from __future__ import annotations

from typing import Any

from letters.language.checker import check
from letters.language.limits import MAX_INPUT_CHARS
from letters.language.result import REJECT
from letters.messages import N_, filled, translator

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_UNUSABLE = 2

MSG_NOT_UTF8 = N_(
    "The input is not valid UTF-8 text (bad byte at position %(position)s); save the letter as "
    "UTF-8 plain text and try again."
)
MSG_TOO_LARGE_BYTES = N_(
    "The input is too large to be a letter (%(size)s bytes; at most %(limit)s can be checked)."
)

# UTF-8 takes at most 4 bytes a character: anything larger cannot be under MAX_INPUT_CHARS,
# so we refuse it before decoding a possibly huge stream.
MAX_INPUT_BYTES = MAX_INPUT_CHARS * 4


def run_check(stream_bytes: bytes, locale: str = "ru") -> tuple[int, dict[str, Any] | str]:
    """Check a letter given as raw bytes.

    Returns ``(exit_code, payload)``: the result dict (``CheckResult.to_dict()``) with exit
    code 0 or 1, or an error message with exit code 2 when the bytes are not UTF-8 text or
    are too large. A UTF-8 byte-order mark is ignored.
    """
    _ = translator(locale)
    if len(stream_bytes) > MAX_INPUT_BYTES:
        return EXIT_UNUSABLE, filled(
            _(MSG_TOO_LARGE_BYTES), {"size": len(stream_bytes), "limit": MAX_INPUT_BYTES}
        )
    try:
        text = stream_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return EXIT_UNUSABLE, filled(_(MSG_NOT_UTF8), {"position": error.start})
    # Windows line ends count as one character, as the web form sends them.
    text = text.replace("\r\n", "\n")
    result = check(text, locale)
    return (EXIT_REJECTED if result.verdict == REJECT else EXIT_OK), result.to_dict()
