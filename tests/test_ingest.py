"""Ingest: encodings, line endings, binary and empty input."""

from __future__ import annotations

import codecs

import pytest

from unletters.errors import RejectError
from unletters.ingest import decode, doc_id_for, sha256_hex

TEXT = "Letter dated 2 May 2020 from the Permanent Representative of Côte d’Ivoire\nI have the honour — “to refer”.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16"),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        (TEXT.replace("\n", "\r").encode("utf-8"), "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom-le", "utf16-bom-be", "utf16-no-bom", "cp1252", "crlf", "cr"],
)
def test_every_encoding_gives_the_same_text(data: bytes, encoding: str) -> None:
    got = decode(data)
    assert got.text == TEXT
    assert got.encoding == encoding


def test_cp1252_and_missing_bom_are_recorded_as_warnings() -> None:
    assert any("cp1252" in w for w in decode(TEXT.encode("cp1252")).warnings)
    assert any("byte-order mark" in w for w in decode(TEXT.encode("utf-16-le")).warnings)
    assert decode(TEXT.encode("utf-8")).warnings == ()


def test_a_few_invalid_utf8_bytes_are_replaced_not_misread_as_cp1252() -> None:
    data = TEXT.encode("utf-8") + b"\xff broken \xfe\n" + TEXT.encode("utf-8")
    got = decode(data)
    assert got.encoding == "utf-8"
    assert "Côte d’Ivoire" in got.text and got.text.count("\ufffd") == 2
    assert any("invalid UTF-8" in w for w in got.warnings)


def test_nul_bytes_inside_text_are_removed_with_a_warning() -> None:
    got = decode(TEXT.encode("utf-8").replace(b"honour", b"hon\x00our"))
    assert got.text == TEXT
    assert any("control character" in w for w in got.warnings)


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b" \n\t\r\n", "empty"), (bytes(range(256)) * 40, "binary"), (b"\x00" * 500, "binary"),
     (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "undecodable")],
    ids=["empty", "whitespace", "binary", "nuls", "bad-bom"],
)
def test_bad_input_is_a_reject_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(RejectError) as exc:
        decode(data)
    assert exc.value.reason == reason
    assert exc.value.detail


def test_doc_id_is_sha256_prefix() -> None:
    sha = sha256_hex(b"x")
    assert doc_id_for(sha) == "sha256:" + sha[:16]
