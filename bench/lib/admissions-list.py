#!/usr/bin/env python3
"""Writes an admissions list (.xlsx, columns STT, Họ và tên, Ngày sinh, Số định danh) of N rows for the
population-bulk benchmark: the sandbox's Phạm Thị Thu Hà first, then people of admissions age (born in
YEAR-19) with well-formed ID numbers drawn from seed SEED. A minimal workbook (inline strings), written
with the standard library only. Usage: admissions-list.py OUT.xlsx ROWS YEAR [SEED]"""
import random
import sys
import zipfile
from xml.sax.saxutils import escape

out, n, year = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 20261122)
born = year - 19
families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
given = ["An", "Bình", "Cường", "Dũng", "Hà", "Hương", "Khánh", "Linh", "Minh", "Nam", "Phúc", "Quân", "Thảo", "Trang"]
provinces = ["001", "031", "036", "038", "040", "048", "079", "092"]

rows = [["STT", "Họ và tên", "Ngày sinh", "Số định danh"], ["1", "Phạm Thị Thu Hà", "02/09/2007", "036307004321"]]
for i in range(2, n + 1):
    male = rng.random() < 0.5
    idn = rng.choice(provinces) + ("2" if male else "3") + "%02d" % (born % 100) + "%06d" % rng.randrange(1_000_000)
    name = "%s %s %s" % (rng.choice(families), "Văn" if male else "Thị", rng.choice(given))
    rows.append([str(i), name, "%02d/%02d/%d" % (rng.randint(1, 28), rng.randint(1, 12), born), idn])

def col(c):
    return "ABCD"[c]

sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
for r, row in enumerate(rows, start=1):
    cells = "".join('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(c), r, escape(v)) for c, v in enumerate(row))
    sheet.append('<row r="%d">%s</row>' % (r, cells))
sheet.append("</sheetData></worksheet>")

with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
               '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
               '</Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
               '</Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
               '<sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               '</Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", "".join(sheet))
