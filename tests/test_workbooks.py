"""XLSX files are checked before any parser opens them: zip bombs are refused, formulas
without a saved result are reported cell by cell, and a damaged workbook (or CSV) is a
problem, never a crash. A refused batch leaves the database unchanged."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from campaign_roi import db
from campaign_roi.contract import TABLE_ORDER, TABLES
from campaign_roi.importer import Source, import_batch
from campaign_roi.importing import workbooks
from tests.dbfixtures import build_db

HEADER = ["post_id", "campaign_id", "influencer_id", "posted_at", "likes"]
FORMULA_ADVICE = (
    "this cell holds a formula with no saved result, so its value is unknown. Open the file "
    "in Excel (or LibreOffice), let it calculate, save it and import it again, or save the "
    "sheet as CSV UTF-8 and import that."
)
RESAVE = "Save it again from Excel as .xlsx, or save the sheet as CSV UTF-8 and import that."


@pytest.fixture
def con(tmp_path):
    path = build_db(
        tmp_path / "t.duckdb",
        {
            "influencers": [
                dict(influencer_id="i1", handle="@ann", platform="instagram", followers=5000)
            ],
            "campaigns": [dict(campaign_id="c1", name="Spring")],
        },
    )
    connection = db.connect_rw(path)
    yield connection
    connection.close()


def _snapshot(con) -> dict[str, list[tuple]]:
    tables = {t: f"SELECT * FROM {t} ORDER BY {TABLES[t].key}" for t in TABLE_ORDER}
    tables["import_log"] = "SELECT * FROM import_log ORDER BY import_id"
    return {t: con.execute(sql).fetchall() for t, sql in tables.items()}


def _refused(con, name: str, content: bytes) -> list[str]:
    before = _snapshot(con)
    report = import_batch(con, [Source(name, content)])
    assert not report.written
    assert report.problems, "expected the batch to be refused"
    assert _snapshot(con) == before
    return [str(p) for p in report.problems]


def _workbook(rows: list[list[object]]) -> bytes:
    """A workbook as openpyxl writes it: formulas are stored with no saved result."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_part(content: bytes, part: str, data: bytes) -> bytes:
    """The same package with one part replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            if name != part:
                out.writestr(name, source.read(name))
        out.writestr(part, data)
    return buffer.getvalue()


def _sheet_xml(content: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()


# --- formulas ---------------------------------------------------------------------------------


def test_formulas_without_saved_results_are_reported_by_cell(con):
    content = _workbook(
        [
            HEADER,
            ["p1", "c1", "i1", "2025-03-01", 4],
            ["p2", "c1", "i1", "2025-03-02", "=E2*2"],
            ["p3", "c1", "i1", "2025-03-03", "=SUM(E2:E3)"],
        ]
    )
    assert _refused(con, "posts.xlsx", content) == [
        f'posts.xlsx, line 3, column "likes", value "=E2*2": {FORMULA_ADVICE}',
        f'posts.xlsx, line 4, column "likes", value "=SUM(E2:E3)": {FORMULA_ADVICE}',
    ]


@pytest.mark.parametrize("chunk", [5, 6, 7])
def test_the_quick_scan_finds_a_formula_split_between_chunks(con, monkeypatch, chunk):
    monkeypatch.setattr(workbooks, "_SCAN_CHUNK", chunk)
    content = _workbook([HEADER, ["p2", "c1", "i1", "2025-03-02", "=1+1"]])
    assert _refused(con, "posts.xlsx", content) == [
        f'posts.xlsx, line 2, column "likes", value "=1+1": {FORMULA_ADVICE}'
    ]


def test_formula_problems_are_capped_per_column(con, monkeypatch):
    from campaign_roi.importing import problems

    monkeypatch.setattr(problems, "PROBLEMS_PER_KIND", 2)
    rows = [HEADER] + [[f"p{n}", "c1", "i1", "2025-03-01", f"={n}+1"] for n in range(2, 7)]
    assert _refused(con, "posts.xlsx", _workbook(rows)) == [
        f'posts.xlsx, line 2, column "likes", value "=2+1": {FORMULA_ADVICE}',
        f'posts.xlsx, line 3, column "likes", value "=3+1": {FORMULA_ADVICE}',
        'posts.xlsx, column "likes": 3 more rows have the same problem '
        "(formula without a saved result).",
    ]


def test_formulas_with_saved_results_import(con):
    rows = [
        HEADER,
        ["p1", "c1", "i1", "2025-03-01", 4],
        ["p2", "c1", "i1", "2025-03-02", "=E2*2"],
        ["p3", "c1", "i1", "2025-03-03", "=SUM(E2:E3)"],
    ]
    content = _workbook(rows)
    # What Excel saves after calculating: the formula and its result, 4 * 2 and 4 + 8.
    sheet = _sheet_xml(content)
    sheet = sheet.replace("<f>E2*2</f><v />", "<f>E2*2</f><v>8</v>")
    sheet = sheet.replace("<f>SUM(E2:E3)</f><v />", "<f>SUM(E2:E3)</f><v>12</v>")
    content = _with_part(content, "xl/worksheets/sheet1.xml", sheet.encode())
    report = import_batch(con, [Source("posts.xlsx", content)])
    assert report.problems == []
    likes = con.execute("SELECT post_id, likes FROM posts ORDER BY post_id").fetchall()
    assert likes == [("p1", 4), ("p2", 8), ("p3", 12)]


# A sheet as Excel writes it: headers in the shared strings, a formula written once and
# shared down the column, and a text formula whose saved result is the empty string.
SHARED_STRINGS = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3">'
    "<si><t>post_id</t></si><si><r><t>lik</t></r><r><t>es</t></r></si><si><t>note</t></si>"
    "</sst>"
)
EXCEL_SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>p1</t></is></c>'
    '<c r="B2"><f t="shared" ref="B2:B4" si="0">D2*2</f></c>'
    '<c r="C2" t="str"><f>""</f><v></v></c><c r="D2"><v>1</v></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><t>p3</t></is></c>'
    '<c r="B4"><f t="shared" si="0"/></c><c r="D4"><f>D2+1</f></c></row>'
    "</sheetData></worksheet>"
)


def test_excel_shared_strings_and_shared_formulas(con):
    content = _workbook([["x"]])
    content = _with_part(content, "xl/worksheets/sheet1.xml", EXCEL_SHEET.encode())
    content = _with_part(content, "xl/sharedStrings.xml", SHARED_STRINGS.encode())
    # The column header is looked up in the shared strings (rich text joined); D has no
    # header, so it is named by its letter; the shared formula is shifted to its own row.
    # C2's text formula saved "" as its result: not a problem.
    assert _refused(con, "posts.xlsx", content) == [
        f'posts.xlsx, line 2, column "likes", value "=D2*2": {FORMULA_ADVICE}',
        f'posts.xlsx, line 4, column "likes", value "=D4*2": {FORMULA_ADVICE}',
        f'posts.xlsx, line 4, column "D", value "=D2+1": {FORMULA_ADVICE}',
    ]


def test_the_first_worksheet_is_the_one_checked(con):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["p1", "c1", "i1", "2025-03-01", 4])
    book.create_sheet("notes").append(["=1+1"])  # a later sheet is not imported
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_batch(con, [Source("posts.xlsx", buffer.getvalue())])
    assert report.problems == []
    assert con.execute("SELECT post_id, likes FROM posts").fetchall() == [("p1", 4)]


# --- zip bombs and other packages ----------------------------------------------------------


def _zeros_member(content: bytes, size: int) -> bytes:
    """The workbook with an extra part of `size` zero bytes (packs about 1,000 to 1)."""
    return _with_part(content, "xl/media/padding.bin", bytes(size))


def test_a_part_that_unpacks_far_beyond_its_size_is_refused(con):
    content = _zeros_member(_workbook([HEADER]), 2 * 1024 * 1024)
    packed = zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/media/padding.bin").compress_size
    ratio = 2 * 1024 * 1024 / packed
    assert ratio > workbooks.MAX_COMPRESSION_RATIO
    assert _refused(con, "posts.xlsx", content) == [
        f'posts.xlsx: the workbook part "xl/media/padding.bin" unpacks to {ratio:,.0f} times '
        "its packed size (more than 100), which is how a zip bomb looks, not a spreadsheet, "
        f"so it was not opened. {RESAVE}"
    ]


def test_a_workbook_too_large_unpacked_is_refused(con, monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_UNPACKED_BYTES", 1024 * 1024)
    content = _zeros_member(_workbook([HEADER]), 2 * 1024 * 1024)
    unpacked = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(content)).infolist())
    assert _refused(con, "posts.xlsx", content) == [
        f"posts.xlsx: the workbook unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than the "
        "1 MB that can be read safely, so it was not opened. Split it into smaller files, or "
        "save each sheet as CSV UTF-8 and import those."
    ]


def test_a_workbook_of_too_many_parts_is_refused(con, monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_MEMBERS", 5)
    content = _workbook([HEADER])
    parts = len(zipfile.ZipFile(io.BytesIO(content)).namelist())
    assert parts == 9
    assert _refused(con, "posts.xlsx", content) == [
        "posts.xlsx: the workbook holds 9 parts, more than the 5 a spreadsheet could need, so "
        f"it was not opened. {RESAVE}"
    ]


def test_a_zip_that_is_not_a_workbook(con):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("posts.csv", "post_id\n")
    assert _refused(con, "posts.xlsx", buffer.getvalue()) == [
        "posts.xlsx: the file could not be read as an Excel workbook (it is a zip archive but "
        f"holds no workbook). {RESAVE}"
    ]


def test_a_workbook_of_charts_only(con):
    content = _with_part(_workbook([HEADER]), "xl/_rels/workbook.xml.rels", b"<Relationships/>")
    assert _refused(con, "posts.xlsx", content) == [
        "posts.xlsx: the workbook has no worksheet to import (only charts, or nothing). Put the "
        "rows on the first sheet, or save the sheet as CSV UTF-8 and import that."
    ]


def test_not_a_zip(con):
    assert _refused(con, "posts.xlsx", b"post_id,likes\np1,3\n") == [
        "posts.xlsx: the file could not be read as an Excel workbook (it is not a zip archive, "
        f"which every .xlsx file is). {RESAVE}"
    ]


def test_an_old_xls_or_password_protected_workbook(con):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert _refused(con, "posts.xlsx", content) == [
        "posts.xlsx: the file could not be read as an Excel workbook: it is an old-style .xls "
        "workbook or a password-protected one. Remove the password, then save it as .xlsx "
        "(Excel Workbook) or as CSV UTF-8."
    ]


# --- damaged files: a problem, never a crash ------------------------------------------------


def test_a_broken_sheet_is_a_problem(con):
    content = _with_part(
        _workbook([HEADER]), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>"
    )
    assert _refused(con, "posts.xlsx", content) == [
        "posts.xlsx: the file could not be read as an Excel workbook (no element found: line 1, "
        f"column 27). {RESAVE}"
    ]


def test_a_crash_inside_the_workbook_parser_is_a_problem(con):
    # The sheet is sound, so the checks pass; openpyxl then fails on the damaged styles
    # (an XML ParseError, which used to escape the importer).
    content = _workbook([HEADER, ["p1", "c1", "i1", "2025-03-01", 4]])
    content = _with_part(content, "xl/styles.xml", b"<styleSheet")
    assert _refused(con, "posts.xlsx", content) == [
        "posts.xlsx: the file could not be read as an Excel workbook (unclosed token: line 1, "
        f"column 0). {RESAVE}"
    ]


def test_csv_with_old_mac_line_ends_imports(con):
    text = "\r".join([",".join(HEADER), "p1,c1,i1,2025-03-01,4", "p2,c1,i1,2025-03-02,x"])
    assert _refused(con, "posts.csv", text.encode()) == [
        'posts.csv, line 3, column "likes", value "x": this is not a number. Write a whole '
        "number such as 12345, 12,345 or 12.3K, or leave it empty if unknown."
    ]


def test_csv_with_a_stray_carriage_return_in_the_header(con):
    # Used to raise csv.Error from the header sniffing; now pandas reads the file.
    text = "post_id,campaign_id\r,influencer_id,posted_at,likes\np1,c1,i1,2025-03-01,4\n"
    problems = _refused(con, "posts.csv", text.encode())
    assert problems[0].startswith("posts.csv")


def test_csv_headers_alike_once_trimmed(con):
    text = "post_id,campaign_id,influencer_id,posted_at,likes,likes \np1,c1,i1,2025-03-01,4,5\n"
    report = import_batch(con, [Source("posts.csv", text.encode())])
    assert report.problems == []
    assert [str(w) for w in report.warnings] == [
        'posts.csv, line 1, column "likes ": this column is not part of posts and is ignored.'
    ]
    assert con.execute("SELECT likes FROM posts").fetchall() == [(4,)]


def test_a_csv_without_columns_is_empty(con):
    assert _refused(con, "posts.csv", b"\r ;\n") == [
        "posts.csv: the file is empty. Export it again with a header row and data rows."
    ]
