#!/usr/bin/env python3
"""Reads Word documents with python-docx, a reader this project did not
write, and prints as JSON what the end-to-end tests check: page size and
margins, the font, the paragraphs, every table row (marked to repeat as a
header or not) and the page-number field.

Usage: python3 tests/e2e/read_docx.py FILE.docx [FILE.docx ...]
"""
import json
import sys

from docx import Document
from docx.oxml.ns import qn


def describe(path):
    doc = Document(path)
    section = doc.sections[0]
    normal = doc.styles["Normal"].font
    tables = []
    for table in doc.tables:
        rows = []
        for row in table.rows:
            tr_pr = row._tr.trPr
            rows.append({
                "header": tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None,
                "cells": [cell.text for cell in row.cells],
            })
        tables.append(rows)
    header_fields = [
        e.text.strip() for e in section.header._element.iter(qn("w:instrText"))
    ]
    return {
        "page_mm": [round(section.page_width.mm), round(section.page_height.mm)],
        "margins_mm": {
            side: round(getattr(section, side + "_margin").mm, 1)
            for side in ("top", "bottom", "left", "right")
        },
        "font": normal.name,
        "size_pt": normal.size.pt if normal.size else None,
        "paragraphs": [p.text for p in doc.paragraphs],
        "tables": tables,
        "title": doc.core_properties.title,
        "first_page_differs": section.different_first_page_header_footer,
        "header_fields": header_fields,
    }


if __name__ == "__main__":
    print(json.dumps([describe(p) for p in sys.argv[1:]], ensure_ascii=False))
