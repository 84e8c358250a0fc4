"""Reading files into filings: the three shapes, metadata, identity, refusals."""
from __future__ import annotations

from datetime import date

import pytest

from dealgraph.errors import InputError
from dealgraph.loaders.read import parse_filing, read_filing


def test_submission_header_gives_the_filing_metadata(data_dir):
    f = read_filing(data_dir / "submission_8k.txt")
    assert f.shape == "submission"
    assert f.accession == f.identity == "0000999999-21-000123"
    assert f.form_type == "8-K"
    assert f.filed_on == date(2021, 3, 15)
    assert f.report_date == date(2021, 3, 12)
    assert f.items == ("1.01", "9.01")
    r = f.registrant
    assert (r.name, r.cik, r.sic, r.state_of_incorporation) == ("Northwind Therapeutics, Inc.", "999999", "2834", "DE")
    assert (r.file_number, r.irs_number) == ("001-38000", "12-3456789")
    assert r.former_names == ("Northwind Bio Corp",)


def test_submission_documents_are_text_and_images_are_skipped(data_dir):
    f = read_filing(data_dir / "submission_8k.txt")
    assert [d.doc_type for d in f.documents] == ["8-K", "EX-99.1"]
    body, press = f.documents
    assert body.filename == "nw-8k.htm"
    assert "hidden facts" not in body.text            # inline XBRL header is hidden
    assert "Item 1.01 Entry into a Material Definitive Agreement." in body.text  # &nbsp; decoded
    assert "(the \u201cCompany\u201d)" in body.text      # entities decoded
    assert "Upfront payment\t$5.0 million" in body.text  # table rows keep their cells
    # hard wraps joined, "-more-" and the page number dropped
    assert "upfront payment of $5.0 million and up to $80 million" in press.text
    assert "-more-" not in press.text and "\n2\n" not in press.text


def test_plain_text_cover_page(data_dir):
    f = read_filing(data_dir / "plain_8k.txt")
    assert f.shape == "text" and f.form_type == "8-K"
    assert f.report_date == date(2003, 6, 3)
    assert f.items == ("5", "7")                       # pre-2004 numbering kept as written
    r = f.registrant
    assert r.name == "Harbor Biosciences Corp."
    assert (r.state_of_incorporation, r.file_number, r.irs_number) == ("Delaware", "0-21000", "98-7654321")
    assert r.address == "77 Lake Street, Madison, WI 53703"


def test_hard_wrapped_text_is_joined_across_a_page_break(data_dir):
    text = read_filing(data_dir / "wrapped_8k.txt").documents[0].text
    assert "Bellmont agreed to fund research at the Company for two years" in text
    assert "-3-" not in text
    assert "Item 7. Financial Statements and Exhibits." in text.splitlines()


def test_same_content_is_the_same_filing_wherever_it_lives(tmp_path, data_dir):
    content = (data_dir / "plain_8k.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(content)
    (tmp_path / "b.txt").write_bytes(content)
    a, b = read_filing(tmp_path / "a.txt"), read_filing(tmp_path / "b.txt")
    assert a.identity == b.identity and a.identity.startswith("sha256-")
    assert a.source_file != b.source_file


def test_accession_in_the_file_name_names_the_filing(tmp_path, data_dir):
    p = tmp_path / "0000123456-22-000001.txt"
    p.write_bytes((data_dir / "plain_8k.txt").read_bytes())
    assert read_filing(p).identity == "0000123456-22-000001"


def test_html_detected_from_content_not_name(tmp_path):
    p = tmp_path / "report.txt"
    p.write_text("<html><body><p>FORM 8-K</p><p>Item 8.01 Other Events.</p><p>Hello &amp; welcome.</p></body></html>")
    f = read_filing(p)
    assert f.shape == "html"
    assert "Hello & welcome." in f.documents[0].text
    assert f.items == ("8.01",)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"%PDF-1.4\n%binary", "PDF"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    (b"\x1f\x8b\x08\x00\x00\x00", "gzip"),
    (b"abc\x00\x01\x02def" * 10, "binary"),
])
def test_refuses_what_is_not_a_text_filing(data, reason):
    with pytest.raises(InputError) as exc:
        parse_filing(data, "folder/odd file.bin")
    assert str(exc.value).startswith("folder/odd file.bin: ")
    assert reason in str(exc.value)


def test_encodings_are_read(tmp_path):
    text = "FORM 8-K\nItem 8.01 Other Events.\nThe Company\u2019s partner said \u201cyes\u201d.\n"
    for enc in ("utf-16", "cp1252", "utf-8-sig"):
        f = parse_filing(text.encode(enc), f"x.{enc}")
        assert "The Company\u2019s partner said \u201cyes\u201d." in f.documents[0].text


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_filing(tmp_path / "nope.txt")


def test_every_corpus_file_reads(corpus_files):
    for path in corpus_files:
        f = read_filing(path)
        assert f.documents and any(d.text.strip() for d in f.documents), path.name
