#!/usr/bin/python3
"""Types a CSV bundle into a new LibreOffice Calc workbook, cell by cell, and
saves it as .xlsx: the workbook a coordinator would make by hand, written
entirely by a spreadsheet program (no file of fap's is opened).

    lo-typed-workbook.py BUNDLE_DIR OUT.xlsx PORT

Needs a LibreOffice listening on 127.0.0.1:PORT (soffice --accept=...; see
scripts/test-spreadsheet) and Debian's python3-uno. Every cell goes through
Calc's input parser (setFormula), as typing does: "30" becomes a number,
"true" a boolean, text stays text. The policy and round settings are typed as
two columns, setting and value, as fap's workbook template has them.
"""
import csv
import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(port):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    for _ in range(120):
        try:
            return resolver.resolve(url)
        except Exception:  # not listening yet
            time.sleep(0.5)
    sys.exit("lo-typed-workbook: LibreOffice did not start listening")


def flatten(prefix, value, out):
    """Dotted settings: {"fap_cap": {"mode": "soft"}} -> fap_cap.mode, soft."""
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(f"{prefix}.{k}" if prefix else k, v, out)
    elif isinstance(value, list):
        out.append((prefix, json.dumps(value)))
    elif isinstance(value, bool):
        out.append((prefix, "true" if value else "false"))
    else:
        out.append((prefix, str(value)))


def type_rows(sheet, rows):
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text != "":
                sheet.getCellByPosition(c, r).setFormula(text)


def main():
    bundle, out, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ctx = connect(port)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))
    sheets = doc.getSheets()
    parts = [("Pupils", "pupils.csv"), ("Schools", "schools.csv"),
             ("Places", "places.csv"), ("AP providers", "ap.csv")]
    for i, (name, file) in enumerate(parts):
        if i == 0:
            sheets.getByIndex(0).setName(name)
        else:
            sheets.insertNewByName(name, i)
        with open(f"{bundle}/{file}", encoding="utf-8-sig", newline="") as f:
            type_rows(sheets.getByName(name), list(csv.reader(f)))
    for i, (name, file) in enumerate([("Policy", "policy.json"), ("Round", "meta.json")]):
        with open(f"{bundle}/{file}", encoding="utf-8-sig") as f:
            settings = []
            flatten("", json.load(f), settings)
        sheets.insertNewByName(name, len(parts) + i)
        sheet = sheets.getByName(name)
        if name == "Policy":
            type_rows(sheet, [["setting", "value"]] + [[k, v] for k, v in settings])
            continue
        # The round's texts are typed as text (a leading apostrophe in Calc):
        # an academic year like 2026/27 must not turn into a date.
        type_rows(sheet, [["setting", "value"]] + [[k, ""] for k, _ in settings])
        for r, (_, v) in enumerate(settings, start=1):
            sheet.getCellByPosition(1, r).setString(v)
    doc.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)


if __name__ == "__main__":
    main()
