"""Tests for articles.photo_metadata (no database, no Django settings needed).

Fixtures are real images built in memory with Pillow.  The IPTC-IIM block is
assembled by hand here (Photoshop "8BIM" resource 0x0404 in a JPEG APP13
segment) because Pillow cannot write it; the production code only reads it
through Pillow.
"""

from __future__ import annotations

import io
import logging
import struct
import time

import pytest
from PIL import Image

from articles import photo_metadata
from articles.photo_metadata import (
    CAPTION_MAX_LENGTH,
    FIELD_MAX_LENGTH,
    PhotoMetadata,
    read_photo_metadata,
)

# --------------------------------------------------------------------------
# Fixture builders


def iptc_dataset(record: int, dataset: int, value: bytes | str) -> bytes:
    if isinstance(value, str):
        value = value.encode("utf-8")
    assert len(value) < 0x8000
    return b"\x1c" + bytes([record, dataset]) + struct.pack(">H", len(value)) + value


def iptc_block(**fields: bytes | str | list[bytes | str]) -> bytes:
    """IPTC-IIM application record from keyword fields."""
    numbers = {"caption": 120, "credit": 110, "byline": 80, "copyright": 116}
    data = iptc_dataset(2, 0, b"\x00\x04")  # record version
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            data += iptc_dataset(2, numbers[name], value)
    return data


def app13_segment(iptc: bytes) -> bytes:
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00"  # empty name
    resource += struct.pack(">I", len(iptc)) + iptc + b"\x00" * (len(iptc) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def make_jpeg(*, xmp: bytes | None = None, iptc: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    options = {"xmp": xmp} if xmp is not None else {}
    Image.new("RGB", (16, 16), "white").save(buf, "JPEG", **options)
    data = buf.getvalue()
    if iptc is not None:
        assert data[:4] == b"\xff\xd8\xff\xe0"  # SOI, then JFIF APP0
        end_of_app0 = 4 + struct.unpack(">H", data[4:6])[0]
        data = data[:end_of_app0] + app13_segment(iptc) + data[end_of_app0:]
    return data


NAMESPACES = (
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    'xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/" '
    'xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"'
)


def xmp_packet(body: str, *, encoding: str = "utf-8") -> bytes:
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f"<rdf:RDF {NAMESPACES}>{body}</rdf:RDF>"
        '</x:xmpmeta><?xpacket end="w"?>'
    )
    return packet.encode(encoding)


def description(inner: str = "", attributes: str = "") -> str:
    return f'<rdf:Description rdf:about="" {attributes}>{inner}</rdf:Description>'


def lang_alt(*items: tuple[str, str]) -> str:
    lis = "".join(f'<rdf:li xml:lang="{lang}">{text}</rdf:li>' for lang, text in items)
    return f"<rdf:Alt>{lis}</rdf:Alt>"


def seq(*items: str) -> str:
    return "<rdf:Seq>" + "".join(f"<rdf:li>{item}</rdf:li>" for item in items) + "</rdf:Seq>"


FULL_XMP = xmp_packet(
    description(
        f"<dc:description>{lang_alt(('x-default', 'XMP caption'))}</dc:description>"
        f"<dc:creator>{seq('XMP Photographer')}</dc:creator>"
        f"<dc:rights>{lang_alt(('x-default', '© 2024 XMP Agency'))}</dc:rights>"
        "<photoshop:Credit>XMP Agency/Pool</photoshop:Credit>"
        "<xmpRights:WebStatement>https://agency.example/licence</xmpRights:WebStatement>"
        "<plus:Licensor><rdf:Seq>"
        '<rdf:li rdf:parseType="Resource">'
        "<plus:LicensorURL>https://agency.example/buy?id=42</plus:LicensorURL>"
        "</rdf:li></rdf:Seq></plus:Licensor>"
    )
)

BILLION_LAUGHS_DTD = (
    '<?xml version="1.0"?>'
    "<!DOCTYPE lolz ["
    '<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def billion_laughs(encoding: str = "utf-8") -> bytes:
    return (
        BILLION_LAUGHS_DTD + '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f"<rdf:RDF {NAMESPACES}>" + description("<dc:description>&lol9;</dc:description>") + "</rdf:RDF></x:xmpmeta>"
    ).encode(encoding)


def read(data: bytes) -> PhotoMetadata:
    return read_photo_metadata(io.BytesIO(data))


# --------------------------------------------------------------------------
# Reading


def test_iptc_only():
    data = make_jpeg(
        iptc=iptc_block(
            caption="Protesters gather\r\nin the square.",
            credit="Reuters",
            byline="Jane Doe",
            copyright="© 2024 Reuters",
        )
    )
    assert read(data) == PhotoMetadata(
        caption="Protesters gather in the square.",
        credit="Reuters",
        creator="Jane Doe",
        copyright_notice="© 2024 Reuters",
    )


def test_xmp_only():
    assert read(make_jpeg(xmp=FULL_XMP)) == PhotoMetadata(
        caption="XMP caption",
        credit="XMP Agency/Pool",
        creator="XMP Photographer",
        copyright_notice="© 2024 XMP Agency",
        license_url="https://agency.example/licence",
        acquire_license_url="https://agency.example/buy?id=42",
    )


def test_xmp_wins_over_iptc_field_by_field():
    xmp = xmp_packet(
        description(
            f"<dc:description>{lang_alt(('x-default', 'XMP caption'))}</dc:description>"
            f"<dc:creator>{seq('XMP Photographer')}</dc:creator>"
            "<photoshop:Credit>   </photoshop:Credit>"  # blank: IPTC value stands
        )
    )
    iptc = iptc_block(
        caption="IIM caption",
        credit="IIM Credit",
        byline="IIM Photographer",
        copyright="IIM Copyright",
    )
    assert read(make_jpeg(xmp=xmp, iptc=iptc)) == PhotoMetadata(
        caption="XMP caption",
        credit="IIM Credit",
        creator="XMP Photographer",
        copyright_notice="IIM Copyright",
    )


def test_multiple_creators_are_joined():
    xmp = xmp_packet(description(f"<dc:creator>{seq('Ann Smith', ' ', 'Bob  Jones')}</dc:creator>"))
    assert read(make_jpeg(xmp=xmp)).creator == "Ann Smith, Bob Jones"

    iptc = iptc_block(byline=["Ann Smith", "Bob Jones"])
    assert read(make_jpeg(iptc=iptc)).creator == "Ann Smith, Bob Jones"


def test_language_alternatives_prefer_x_default():
    xmp = xmp_packet(
        description(
            "<dc:description>"
            + lang_alt(("de", "Bildunterschrift"), ("x-default", "Caption"), ("fr", "Légende"))
            + "</dc:description>"
            "<dc:rights>"
            + lang_alt(("de", ""), ("fr", "Droits réservés"), ("en", "All rights reserved"))
            + "</dc:rights>"
        )
    )
    metadata = read(make_jpeg(xmp=xmp))
    assert metadata.caption == "Caption"
    assert metadata.copyright_notice == "Droits réservés"  # no x-default: first non-empty


def test_xmp_attributes_and_several_descriptions():
    xmp = xmp_packet(
        description(attributes='photoshop:Credit="AP" xmpRights:WebStatement="http://ap.example/terms"')
        + description(
            "<dc:creator><rdf:Bag><rdf:li>One</rdf:li><rdf:li>Two</rdf:li></rdf:Bag></dc:creator>"
            "<plus:Licensor><rdf:Seq><rdf:li>"
            '<rdf:Description plus:LicensorURL="javascript:alert(1)"/>'
            "</rdf:li><rdf:li>"
            '<rdf:Description plus:LicensorURL="https://ap.example/license"/>'
            "</rdf:li></rdf:Seq></plus:Licensor>"
        )
    )
    assert read(make_jpeg(xmp=xmp)) == PhotoMetadata(
        credit="AP",
        creator="One, Two",
        license_url="http://ap.example/terms",
        acquire_license_url="https://ap.example/license",
    )


def test_xmp_without_namespace_support(monkeypatch):
    # Pillow < 13 has no getxmp(strip_namespaces=...): local names are matched.
    monkeypatch.setattr(photo_metadata, "_XMP_KEEPS_NAMESPACES", False)
    assert read(make_jpeg(xmp=FULL_XMP)).acquire_license_url == ("https://agency.example/buy?id=42")
    assert read(make_jpeg(xmp=FULL_XMP)).caption == "XMP caption"


def test_non_utf8_iptc_is_decoded_as_latin1():
    iptc = iptc_block(
        caption="Café in Zürich".encode("latin-1"),
        byline="José Müller".encode(),  # valid UTF-8 stays UTF-8
    )
    metadata = read(make_jpeg(iptc=iptc))
    assert metadata.caption == "Café in Zürich"
    assert metadata.creator == "José Müller"


def test_values_are_cleaned_and_capped():
    iptc = iptc_block(
        caption="A" * 1500,
        credit="Agency\x00\x07 \u202eevil\u202c\t\tname ",
        byline="x" * 400,
    )
    metadata = read(make_jpeg(iptc=iptc))
    assert metadata.caption == "A" * CAPTION_MAX_LENGTH
    assert metadata.credit == "Agency evil name"
    assert metadata.creator == "x" * FIELD_MAX_LENGTH


def test_urls_must_be_http():
    for bad in (
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://agency.example/licence",
        "//agency.example/licence",
        "https://user:pw@agency.example/",
        "https://agency.example/" + "a" * 300,
    ):
        xmp = xmp_packet(
            description(
                f"<xmpRights:WebStatement>{bad}</xmpRights:WebStatement>"
                "<plus:Licensor><rdf:Seq><rdf:li rdf:parseType='Resource'>"
                f"<plus:LicensorURL>{bad}</plus:LicensorURL>"
                "</rdf:li></rdf:Seq></plus:Licensor>"
                "<photoshop:Credit>Kept</photoshop:Credit>"
            )
        )
        metadata = read(make_jpeg(xmp=xmp))
        assert metadata.license_url == "", bad
        assert metadata.acquire_license_url == "", bad
        assert metadata.credit == "Kept"


def test_png_xmp():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", FULL_XMP.decode("utf-8"))
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "PNG", pnginfo=info)
    assert read(buf.getvalue()).credit == "XMP Agency/Pool"


# --------------------------------------------------------------------------
# Hostile and broken input


def test_billion_laughs_is_refused_quickly(caplog):
    iptc = iptc_block(credit="Safe IIM credit")
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="articles.photo_metadata"):
        assert read(make_jpeg(xmp=billion_laughs())) == PhotoMetadata()
        # what can be read safely still is
        assert read(make_jpeg(xmp=billion_laughs(), iptc=iptc)) == PhotoMetadata(credit="Safe IIM credit")
    assert time.perf_counter() - started < 10  # a hang or an expansion, not speed: bench/ measures that
    assert "DTD" in caplog.text


def test_entity_bomb_is_refused_by_defusedxml(caplog):
    # UTF-16 hides the DOCTYPE from the cheap byte probe: defusedxml, used by
    # Pillow's getxmp(), must refuse it.
    packet = billion_laughs("utf-16-be")
    assert b"<!DOCTYPE" not in packet

    from defusedxml import DefusedXmlException

    with Image.open(io.BytesIO(make_jpeg(xmp=packet))) as image, pytest.raises(DefusedXmlException):
        image.getxmp()

    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="articles.photo_metadata"):
        assert read(make_jpeg(xmp=packet)) == PhotoMetadata()
    assert time.perf_counter() - started < 10  # a hang or an expansion, not speed: bench/ measures that
    assert "hostile" in caplog.text


def test_deeply_nested_xmp():
    depth = 8000
    packet = ("<a>" * depth + "</a>" * depth).encode()
    started = time.perf_counter()
    assert read(make_jpeg(xmp=packet, iptc=iptc_block(credit="C"))) == PhotoMetadata(credit="C")
    assert time.perf_counter() - started < 10  # a hang or an expansion, not speed: bench/ measures that


def test_malformed_xmp_keeps_iptc():
    data = make_jpeg(xmp=b"<x:xmpmeta><rdf:RDF>", iptc=iptc_block(byline="Jane"))
    assert read(data) == PhotoMetadata(creator="Jane")


def test_oversized_xmp_is_not_parsed(monkeypatch):
    monkeypatch.setattr(photo_metadata, "MAX_XMP_BYTES", 1000)
    padding = " " * 2000
    xmp = xmp_packet(description("<photoshop:Credit>XMP</photoshop:Credit>") + padding)
    assert read(make_jpeg(xmp=xmp, iptc=iptc_block(credit="IIM"))).credit == "IIM"


def test_giant_tiff_xmp_packet():
    xmp = xmp_packet(description("<photoshop:Credit>XMP</photoshop:Credit>") + " " * (2 * 1024 * 1024))
    buf = io.BytesIO()
    Image.new("L", (4, 4)).save(buf, "TIFF", tiffinfo={700: xmp})
    assert read(buf.getvalue()) == PhotoMetadata()


def test_truncated_jpeg():
    data = make_jpeg(xmp=FULL_XMP, iptc=iptc_block(credit="IIM"))
    # truncated inside the metadata segments: nothing, but no exception
    for length in (0, 1, 3, 10, 40, 200):
        assert read(data[:length]) == PhotoMetadata()
    # truncated in the image data: the metadata is intact and still read
    in_scan = data.index(b"\xff\xda") + 16  # just past the start-of-scan header
    assert read(data[:in_scan]) == read(data)
    assert read(data[:in_scan]).credit == "XMP Agency/Pool"


def test_broken_iptc_block():
    # Pillow rejects an IIM block with an illegal dataset as a whole
    xmp = xmp_packet(description("<photoshop:Credit>XMP</photoshop:Credit>"))
    iptc = iptc_block(byline="IIM") + b"\x1c\x02\x50\xff\xff" + b"\xde\xad"
    assert read(make_jpeg(iptc=iptc)) == PhotoMetadata()
    assert read(make_jpeg(iptc=iptc, xmp=xmp)) == PhotoMetadata(credit="XMP")
    assert read(make_jpeg(iptc=b"\x00garbage\x1c")) == PhotoMetadata()
    # a dataset running past the end of the block is cut short, not fatal
    truncated = iptc_block(byline="IIM") + b"\x1c\x02\x78\x00\x40short"
    assert read(make_jpeg(iptc=truncated)) == PhotoMetadata(creator="IIM", caption="short")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an image at all",
        b"%PDF-1.7\n" + b"\x00" * 100,
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"GIF89a" + b"\x00" * 20,
    ],
)
def test_not_an_image(data):
    assert read(data) == PhotoMetadata()


def test_image_without_metadata():
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "JPEG")
    metadata = read(buf.getvalue())
    assert metadata == PhotoMetadata()
    assert metadata.is_empty()
    assert not PhotoMetadata(credit="x").is_empty()


# --------------------------------------------------------------------------
# File handling


@pytest.mark.parametrize("data", [make_jpeg(xmp=FULL_XMP), b"junk"])
def test_file_position_is_restored(data):
    fileobj = io.BytesIO(data)
    fileobj.seek(3)
    metadata = read_photo_metadata(fileobj)  # reads the whole file regardless
    assert metadata.is_empty() == (data == b"junk")
    assert fileobj.tell() == 3
    assert not fileobj.closed


def test_real_file_is_left_open(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(make_jpeg(iptc=iptc_block(credit="On disk")))
    with path.open("rb") as fileobj:
        fileobj.seek(3)
        assert read_photo_metadata(fileobj).credit == "On disk"
        assert not fileobj.closed
        assert fileobj.tell() == 3


def test_decompression_bomb_is_not_opened(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)  # 16x16 > 2 * 10 pixels
    assert read(make_jpeg(iptc=iptc_block(credit="IIM"))) == PhotoMetadata()
