"""Ingest: raw bytes to text.

Encoding detection, in order: UTF-8 with BOM, UTF-16/UTF-32 with BOM, UTF-16 without BOM (NUL
pattern), strict UTF-8, UTF-8 with a few invalid sequences replaced (when the file is mostly
UTF-8), then cp1252 (recorded as a warning). Line endings become LF. Binary and empty input raise
:class:`~unletters.errors.RejectError` with a stable reason slug.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass

from unletters.errors import RejectError

# a valid multi-byte UTF-8 sequence (RFC 3629); single alternatives, no nesting: linear
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# control characters that never occur in text (tab, LF, CR, FF are allowed)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# the same characters as bytes, for counting them with ``bytes.translate`` (a table lookup in C)
_CONTROL_BYTE_SET = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_SAMPLE = 65536
BINARY_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class Decoded:
    """Text decoded from raw bytes, with the encoding used and what was repaired."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def doc_id_for(sha256: str) -> str:
    """The documents' ``doc_id`` for a raw file's SHA-256: ``sha256:`` + 16 hex digits."""
    return "sha256:" + sha256[:16]


def _control_bytes(data: bytes) -> int:
    """How many control bytes (see ``_CONTROL``) ``data`` holds."""
    return len(data) - len(data.translate(None, _CONTROL_BYTE_SET))


def _control_chars(text: str) -> int:
    """How many control characters (``_CONTROL``) ``text`` holds.

    Counted on its UTF-8 bytes: a character below U+0080 is the one byte of the same value and
    every other character encodes to bytes at or above 0x80, so the two counts are equal.
    """
    return _control_bytes(text.encode("utf-8", "surrogatepass"))


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    if len(sample) < 4 or b"\x00" not in sample:  # no NUL: no UTF-16 of the kind tested below
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    warnings: list[str] = []
    for bom, enc, name in (
        (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), name, warnings
            except UnicodeDecodeError as exc:
                raise RejectError(
                    "undecodable", f"the file starts with a {name} byte-order mark but is not valid {name} ({exc.reason})"
                ) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            return text, "utf-16", [f"decoded as {utf16.upper()} without a byte-order mark"]
    sample = data[:_SAMPLE]
    controls = _control_bytes(sample)
    if controls > BINARY_CONTROL_SHARE * len(sample):
        raise RejectError("binary", f"{controls} control bytes in the first {len(sample)} bytes: not a text file")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    valid_multi = len(_UTF8_MULTI.findall(data))
    replaced = data.decode("utf-8", errors="replace")
    invalid = replaced.count("\ufffd")
    if valid_multi and valid_multi >= invalid:
        return replaced, "utf-8", [f"{invalid} invalid UTF-8 byte sequence(s) replaced by U+FFFD"]
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise RejectError(
            "undecodable",
            f"the bytes are neither UTF-8, UTF-16 nor cp1252 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8",
        ) from None
    return text, "cp1252", ["not valid UTF-8: decoded as cp1252 (Windows-1252); check accented characters"]


def decode(data: bytes) -> Decoded:
    """Decode a raw text file's bytes; line endings become LF.

    Returns a :class:`Decoded`. Raises :class:`RejectError` with reason ``empty`` (no bytes, or
    only whitespace), ``binary`` (control characters that text does not contain) or
    ``undecodable``.
    """
    if not data or data.isspace():  # `bytes.isspace` tests what `bytes.strip` strips
        raise RejectError("empty", "the file is empty" if not data else "the file holds only whitespace")
    text, encoding, warnings = _decode_bytes(data)
    sample = text[:_SAMPLE]
    controls = _control_chars(sample)
    if controls > BINARY_CONTROL_SHARE * len(sample):
        raise RejectError(
            "binary", f"{controls} control characters in the first {len(sample)} characters: not a text file"
        )
    n = controls if len(sample) == len(text) else _control_chars(text)
    if n:
        text = _CONTROL.sub("", text)
        warnings.append(f"removed {n} control character(s) (NUL or other) from the text")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise RejectError("empty", "the file holds no text once decoded")
    return Decoded(text=text, encoding=encoding, warnings=tuple(warnings))
