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


# --- the quick counts equal the plain regex counts they replace -----------------------------------

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from unletters.ingest import _control_bytes, _control_chars  # noqa: E402

_CONTROL_RX = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES_RX = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MIXED = st.text(alphabet=st.sampled_from("a \t\n\r\x0b\x0c\x00\x01\x1f\x7f\x80\x85é—\u2028\U0001f600"), max_size=80)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_control_counts_equal_the_regex_counts(text: str) -> None:
    assert _control_chars(text) == len(_CONTROL_RX.findall(text))
    data = text.encode("utf-8")
    assert _control_bytes(data) == len(_CONTROL_BYTES_RX.findall(data))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60) | _MIXED.map(lambda t: t.encode("utf-8")))
def test_decode_accepts_and_rejects_as_the_strip_test_says(data: bytes) -> None:
    try:
        got = decode(data)
    except RejectError as exc:
        assert exc.reason in ("empty", "binary", "undecodable")
        if not data.strip():
            assert exc.reason == "empty"
        return
    assert data.strip()  # `data.isspace()` rejects exactly what `data.strip()` empties
    assert not _CONTROL_RX.search(got.text)


def test_control_characters_past_the_sample_are_counted_and_removed() -> None:
    got = decode(b"Letter " * 12000 + b"\x00\x01end")  # the controls lie past the 64 KiB sample
    assert got.text.endswith("end") and "\x00" not in got.text
    assert any("removed 2 control character(s)" in w for w in got.warnings)
