"""Checks on an XLSX workbook before openpyxl and pandas parse it.

    if check_workbook(name, content, problems):
        frame = pd.read_excel(...)

Two things are refused before any parser runs:
- Zip bombs: a workbook is a zip archive, and a small upload can unpack to gigabytes.
  The sizes checked are the ones the archive declares; Python's zipfile never unpacks
  more than a member declares, so the parsers that follow cannot read past them.
- Formulas without a saved result. A workbook written by a program (openpyxl, many
  exports) holds the formula but not its value until Excel calculates and saves it;
  pandas would read those cells as empty. Each such cell of the first worksheet (the
  one imported) is reported with its row, its column's header and the formula.

The first worksheet is streamed with defusedxml's iterparse, so a big sheet is never
held whole in memory and no XML entity tricks are expanded.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import defusedxml.ElementTree as safe_xml
from openpyxl.formula.translate import Translator
from openpyxl.utils import column_index_from_string, get_column_letter

from campaign_roi.importing.problems import ProblemLog
from campaign_roi.importing.types import Problem

# Refuse a workbook that unpacks to more than this in all.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
# Refuse a member that unpacks to more than this many times its packed size ...
MAX_COMPRESSION_RATIO = 100
# ... when it unpacks to more than this (small parts such as styles compress well).
RATIO_CHECKED_ABOVE_BYTES = 1024 * 1024
# Refuse a workbook of more parts than this (a spreadsheet has a few dozen).
MAX_MEMBERS = 10_000

FORMULA_KIND = "formula without a saved result"
FORMULA_MESSAGE = (
    "this cell holds a formula with no saved result, so its value is unknown. Open the file "
    "in Excel (or LibreOffice), let it calculate, save it and import it again, or save the "
    "sheet as CSV UTF-8 and import that."
)
_RESAVE = "Save it again from Excel as .xlsx, or save the sheet as CSV UTF-8 and import that."

_REL_OFFICE_DOCUMENT = "/officeDocument"
_REL_WORKSHEET = "/worksheet"
_REL_SHARED_STRINGS = "/sharedStrings"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls files and password-protected .xlsx
_CELL_REF = re.compile(r"([A-Za-z]+)(\d+)")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")  # <f>, <f t=..>, <x:f>
_SCAN_CHUNK = 1024 * 1024
_SCAN_OVERLAP = 64  # longer than any "<prefix:f " split across two chunks


class _Refused(Exception):
    """The workbook cannot be read; the message says why in words."""


@dataclass
class _Sheet:
    """The part holding the first worksheet, and the workbook's shared strings part."""

    part: str
    shared_strings: str | None


def check_workbook(name: str, content: bytes, problems: ProblemLog) -> bool:
    """True when the workbook may be handed to the parsers; otherwise problems say why.

    Any failure while looking (a damaged part, broken XML) is a problem, never an error.
    """
    try:
        with _open_archive(content) as archive:
            _check_package(archive)
            sheet = _first_worksheet(archive)
            return _check_formulas(name, archive, sheet, problems)
    except _Refused as refused:
        problems.add(Problem(name, None, None, None, str(refused)))
    except Exception as exc:  # a damaged workbook must be reported, not crash the import
        problems.add(Problem(name, None, None, None, unreadable_message(exc)))
    return False


def unreadable_message(exc: BaseException | str) -> str:
    """The words for a workbook a parser failed on."""
    detail = str(exc).strip() or type(exc).__name__
    return f"the file could not be read as an Excel workbook ({detail}). {_RESAVE}"


# --- the package ----------------------------------------------------------------------------


def _open_archive(content: bytes) -> zipfile.ZipFile:
    if content.startswith(_OLE_MAGIC):
        raise _Refused(
            "the file could not be read as an Excel workbook: it is an old-style .xls workbook "
            "or a password-protected one. Remove the password, then save it as .xlsx (Excel "
            "Workbook) or as CSV UTF-8."
        )
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise _Refused(
            "the file could not be read as an Excel workbook (it is not a zip archive, which "
            f"every .xlsx file is). {_RESAVE}"
        ) from None


def _check_package(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _Refused(
            f"the workbook holds {len(members):,} parts, more than the {MAX_MEMBERS:,} a "
            f"spreadsheet could need, so it was not opened. {_RESAVE}"
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise _Refused(
            f"the workbook unpacks to {_size(total)}, more than the {_size(MAX_UNPACKED_BYTES)} "
            "that can be read safely, so it was not opened. Split it into smaller files, or "
            "save each sheet as CSV UTF-8 and import those."
        )
    for member in members:
        if member.file_size <= RATIO_CHECKED_ABOVE_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise _Refused(
                f'the workbook part "{member.filename}" unpacks to {ratio:,.0f} times its '
                f"packed size (more than {MAX_COMPRESSION_RATIO}), which is how a zip bomb "
                f"looks, not a spreadsheet, so it was not opened. {_RESAVE}"
            )


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _relationships(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of a part's relationships; none when it has no rels file."""
    folder, file = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{file}.rels")
    if rels not in archive.namelist():
        return []
    root = safe_xml.fromstring(archive.read(rels))
    out = []
    for rel in root:
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out.append((rel.get("Id", ""), rel.get("Type", ""), posixpath.normpath(path)))
    return out


def _workbook_part(archive: zipfile.ZipFile) -> str:
    for _, kind, target in _relationships(archive, ""):
        if kind.endswith(_REL_OFFICE_DOCUMENT):
            return target
    return "xl/workbook.xml"


def _first_worksheet(archive: zipfile.ZipFile) -> _Sheet:
    """The first worksheet in the workbook's own order (the one pandas imports)."""
    workbook = _workbook_part(archive)
    if workbook not in archive.namelist():
        raise _Refused(
            "the file could not be read as an Excel workbook (it is a zip archive but holds "
            f"no workbook). {_RESAVE}"
        )
    rels = _relationships(archive, workbook)
    sheets = {rid: target for rid, kind, target in rels if kind.endswith(_REL_WORKSHEET)}
    strings = next((t for _, k, t in rels if k.endswith(_REL_SHARED_STRINGS)), None)
    root = safe_xml.fromstring(archive.read(workbook))
    for element in root.iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        if rid in sheets and sheets[rid] in archive.namelist():
            return _Sheet(sheets[rid], strings)
    raise _Refused(
        "the workbook has no worksheet to import (only charts, or nothing). Put the rows on "
        "the first sheet, or save the sheet as CSV UTF-8 and import that."
    )


# --- formulas -------------------------------------------------------------------------------


def _check_formulas(
    name: str, archive: zipfile.ZipFile, sheet: _Sheet, problems: ProblemLog
) -> bool:
    """Report every formula without a saved result; True when there is none."""
    if not _has_formulas(archive, sheet.part):
        return True  # most sheets: a quick scan spares parsing every cell
    header: dict[int, tuple[str | None, str]] = {}  # column -> (cell type, raw text)
    names: dict[int, str] | None = None
    found = False
    with archive.open(sheet.part) as stream:
        for row, cells in _rows(stream):
            if row == 1:
                header = {col: (kind, text) for col, kind, text, _ in cells}
            for col, _, _, formula in cells:
                if formula is None:
                    continue
                if names is None:
                    names = _header_names(archive, sheet, header)
                column = names.get(col) or get_column_letter(col)
                problems.add(Problem(name, row, column, formula, FORMULA_MESSAGE), FORMULA_KIND)
                found = True
    return not found


def _has_formulas(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether the sheet's XML holds an <f> element at all, read in chunks."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-_SCAN_OVERLAP:]
    return False


_Cell = tuple[int, str | None, str, str | None]  # column, type, value text, missing formula


def _rows(stream: IO[bytes]) -> Iterator[tuple[int, list[_Cell]]]:
    """Each row of a worksheet as (row number, cells), one row in memory at a time.

    A cell's last item is its formula (as "=...") when it has no saved result, else None.
    """
    masters: dict[str, tuple[str, str]] = {}  # shared formula index -> (formula, its cell)
    parent = None
    row_number = 0
    for event, element in safe_xml.iterparse(stream, events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag == "sheetData":
                parent = element
            continue
        if tag != "row":
            continue
        row_number = int(element.get("r") or row_number + 1)
        cells: list[_Cell] = []
        column = 0
        for cell in element:
            if _local(cell.tag) != "c":
                continue
            ref = _CELL_REF.fullmatch(cell.get("r") or "")
            column = column_index_from_string(ref.group(1).upper()) if ref else column + 1
            where = f"{get_column_letter(column)}{row_number}"
            cells.append((column, *_read_cell(cell, where, masters)))
        yield row_number, cells
        if parent is not None:
            parent.remove(element)  # keeps memory flat: no empty row left behind
        else:
            element.clear()


def _read_cell(
    cell, where: str, masters: dict[str, tuple[str, str]]
) -> tuple[str | None, str, str | None]:
    """(type, value text, formula when it has no saved result) of one <c> element."""
    kind = cell.get("t")
    formula = value = inline = None
    for child in cell:
        tag = _local(child.tag)
        if tag == "f":
            formula = child
        elif tag == "v":
            value = child.text or ""
        elif tag == "is":
            inline = _text_of(child)
    text = inline if inline is not None else (value or "")
    if formula is None:
        return kind, text, None
    if formula.get("t") == "shared" and formula.text:
        masters[formula.get("si", "")] = (f"={formula.text}", where)
    # An empty <v/> is a saved result only for a text formula (whose result may be "").
    if value is not None and (value != "" or kind == "str"):
        return kind, text, None
    if formula.text:
        return kind, text, f"={formula.text}"
    return kind, text, _shared_formula(formula.get("si", ""), where, masters)


def _shared_formula(index: str, where: str, masters: dict[str, tuple[str, str]]) -> str:
    """The formula of a cell sharing its master's (Excel writes the text only once)."""
    if index not in masters:
        return "(a formula)"
    formula, origin = masters[index]
    try:
        return Translator(formula, origin=origin).translate_formula(where)
    except Exception:  # an odd reference: the master's text still says what the cell holds
        return formula


def _text_of(element) -> str:
    """The text of a shared or inline string: its <t>, or its rich-text runs' <t>s."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _header_names(
    archive: zipfile.ZipFile, sheet: _Sheet, header: dict[int, tuple[str | None, str]]
) -> dict[int, str]:
    """Column number -> the header text in row 1 (shared strings looked up as needed)."""
    wanted = {}
    for col, (kind, text) in header.items():
        if kind == "s" and text.strip().isdigit():
            wanted[int(text)] = col
    strings = _shared_strings(archive, sheet.shared_strings, set(wanted)) if wanted else {}
    names = {}
    for col, (kind, text) in header.items():
        shown = strings.get(int(text), "") if kind == "s" and text.strip().isdigit() else text
        if shown.strip():
            names[col] = shown.strip()
    return names


def _shared_strings(archive: zipfile.ZipFile, part: str | None, wanted: set[int]) -> dict[int, str]:
    """The shared strings at the wanted indexes, streamed (the table can be large)."""
    part = part or "xl/sharedStrings.xml"
    if part not in archive.namelist():
        return {}
    found: dict[int, str] = {}
    last = max(wanted)
    index = 0
    with archive.open(part) as stream:
        for _, element in safe_xml.iterparse(stream, events=("end",)):
            if _local(element.tag) != "si":
                continue
            if index in wanted:
                found[index] = _text_of(element)
            element.clear()
            if index >= last:
                break
            index += 1
    return found
