"""HTML pages in the encodings browsers and web views save them in are read as their UTF-8 original.

Each page is Debian 7.2's ``qemu-manpage.html`` (UTF-8, ``<meta charset="utf-8" />``)
re-encoded in ``tmp_path``: windows-1252 with its ``<meta charset>``, Latin-1
without any declaration, and UTF-16 with a byte-order mark.  Characters an
encoding lacks become character references (``&#8217;``), which HTML reads
back as the same character, so each page says exactly what the original says
and its reading must be the original's, option for option.  Every page keeps
raw non-ASCII bytes of its encoding, so it is not UTF-8 (the test checks).

Other formats stay strict UTF-8, and binary input stays an error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CORPUS, run_qdoc
from qdoc.loader import load
from qdoc.source import InputError

PAGE = CORPUS / "debian-7.2" / "html" / "qemu-manpage.html"
DECLARATION = '<meta charset="utf-8" />'


def _original() -> str:
    text = PAGE.read_text(encoding="utf-8")
    assert text.count(DECLARATION) == 1, "the corpus page declares UTF-8 once"
    return text


#: name -> how the page is re-encoded (its declaration, then the bytes).
ENCODINGS = {
    "windows-1252 with <meta charset>": lambda text: text.replace(DECLARATION, '<meta charset="windows-1252" />').encode(
        "windows-1252", "xmlcharrefreplace"),
    "Latin-1 without a declaration": lambda text: text.replace(DECLARATION, "").encode("latin-1", "xmlcharrefreplace"),
    "UTF-16 with a byte-order mark": lambda text: text.replace(DECLARATION, '<meta charset="utf-16" />').encode("utf-16"),
}


def _model(path: Path) -> dict:
    """The JSON model of ``path``, with the page's path (which differs by design) taken out."""
    return json.loads(load(str(path)).to_json().replace(str(path), "PAGE"))


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_page_in_another_encoding_reads_as_the_utf8_original(encoding, tmp_path):
    data = ENCODINGS[encoding](_original())
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the page really is in another encoding: strict UTF-8 would refuse it
    page = tmp_path / "qemu-manpage.html"
    page.write_bytes(data)
    original = _model(PAGE)
    assert original["options"], "the original page documents options"
    assert _model(page) == original


def test_page_named_otherwise_is_decoded_as_a_page_when_read_as_html(tmp_path):
    page = tmp_path / "saved-page.txt"
    page.write_bytes(ENCODINGS["windows-1252 with <meta charset>"](_original()))
    result = run_qdoc("parse", str(page), "--from", "html")
    assert result.returncode == 0, result.stderr
    names = [o["name"] for o in json.loads(result.stdout)["options"]]
    assert names == [o["name"] for o in _model(PAGE)["options"]]


def test_other_formats_stay_strict_utf8(tmp_path):
    """The same windows-1252 bytes as a man page: QEMU's sources are UTF-8, another encoding is an error at its line."""
    man = tmp_path / "qemu.1"
    man.write_bytes(b'.TH QEMU 1\n.SH NAME\nqemu \\- caf\xe9\n')
    with pytest.raises(InputError) as caught:
        load(str(man))
    assert caught.value.diagnostic.code == "input-encoding" and caught.value.diagnostic.location.line == 3


@pytest.mark.parametrize("data, line", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xe9\x01", 3),  # an image saved as .html: NUL bytes
    ("<html><body>\n<p>\0</p>\n".encode("utf-16"), 2),  # a NUL character in a UTF-16 page
], ids=["png", "utf16-nul"])
def test_binary_page_is_still_an_error(data, line, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(data)
    result = run_qdoc("parse", str(page), "-o", str(tmp_path / "model.json"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{page}:{line}:" in result.stderr and "[input-binary]" in result.stderr
    assert not (tmp_path / "model.json").exists()


@pytest.mark.parametrize("data, message", [
    (b'<html><head><meta charset="utf-8"></head><body>\n<p>caf\xe9</p>\n', "invalid UTF-8 byte 0xe9 (the page states charset=utf-8)"),
    (b'<html><head><meta charset="shift_jis"></head><body>\n<p>\x81\xff</p>\n', "invalid shift_jis byte 0x81"),
    (b"<html><body>\n<p>caf\x81</p>\n", "invalid windows-1252 byte 0x81"),  # neither UTF-8 nor windows-1252, undeclared
], ids=["declared-utf8", "declared-shift-jis", "undeclared"])
def test_page_its_encoding_does_not_decode_is_an_error_at_its_line(data, message, tmp_path):
    """Never decoded with replacement characters, nor by a guess: the first offending byte, with its line."""
    page = tmp_path / "page.html"
    page.write_bytes(data)
    with pytest.raises(InputError) as caught:
        load(str(page))
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "input-encoding" and diagnostic.location.line == 2 and message in diagnostic.message
