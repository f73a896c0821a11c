#!/usr/bin/env python3
"""Regenerates the compiled-in ICD-10-CM code set (ruleset 4) from the pinned PyPI package.

usage: gen_icd10cm.py [--package DIR] [OUT_DIR]

OUT_DIR defaults to src/code_set/. The package is `simple-icd-10-cm==1.5.0` (FY2026
ICD-10-CM, April 1, 2026 update; CDC/NCHS and CMS, public domain). With --package DIR the
data is read from DIR/simple_icd_10_cm/data (an unpacked wheel or an installed copy);
without it, `pip download simple-icd-10-cm==1.5.0 --no-deps` fetches the wheel into a
temporary directory.

Writes, deterministically (the same input always gives the same bytes):
* codes.bin: every code of the code set, sorted, 5 bytes each (see src/code_set/mod.rs);
* descriptions.bin: every code's official description, front-coded over a token table;
* flat-list.digest: counts and an FNV-1a hash of "CODE STATUS" lines computed from the
  package's *flat* code list (code-list-April-2026.txt), an independent path that the
  engine's table test compares with the table read from the tabular XML.

Codes, descriptions and hierarchy come from the tabular XML
(icd10c-tabular-April-1-2026.xml). Seventh characters are expanded the way the tabular list
says: a code with no subdivisions under a seventh-character definition (its own or an
ancestor's) is padded with the placeholder X to six characters and gets each seventh
character; its description is the code's, a comma, and the character's meaning. The one
exception the XML states only as a note (S06: seventh characters D and S do not apply with
sixth character 7 or 8) is applied here, and the script fails if that note changes.
"""
import os
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

PACKAGE = "simple-icd-10-cm==1.5.0"
XML_NAME = "icd10c-tabular-April-1-2026.xml"
FLAT_NAME = "code-list-April-2026.txt"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BLOCK = 32  # descriptions restart their front coding every BLOCK codes
S06_NOTE = ("7th characters D and S do not apply to codes in category S06 with 6th character 7 - "
            "death due to brain injury prior to regaining consciousness, or 8 - death due to other "
            "cause prior to regaining consciousness.")
TOKEN = re.compile(r" ?[^ ,;:()\[\]]+| ?[,;:()\[\]]| ")


def fail(msg):
    sys.exit(f"gen_icd10cm: {msg}")


def data_dir(package):
    if package:
        return os.path.join(package, "simple_icd_10_cm", "data")
    tmp = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "-d", tmp, PACKAGE], check=True)
    wheels = [f for f in os.listdir(tmp) if f.endswith(".whl")]
    if len(wheels) != 1:
        fail(f"expected one wheel in {tmp}, found {wheels}")
    with zipfile.ZipFile(os.path.join(tmp, wheels[0])) as z:
        z.extractall(tmp)
    return os.path.join(tmp, "simple_icd_10_cm", "data")


def seven_chr_def(node):
    d = {}
    last = None
    for e in node:
        if e.tag == "extension":
            d[e.attrib["char"]] = e.text or ""
            last = e.attrib["char"]
        elif e.tag == "note" and last is not None:
            d[last] += "/" + (e.text or "")
    return d


def read_xml(path):
    root = ET.parse(path).getroot()
    if S06_NOTE not in [n.text for n in root.iter("note")]:
        fail("the S06 seventh-character note changed; review the exception in this script")
    codes = {}  # plain code -> description

    def walk(node, seven):
        name = node.findtext("name")
        desc = node.findtext("desc")
        if not name or desc is None:
            fail(f"a <diag> without name or desc near {name!r}")
        own = node.find("sevenChrDef")
        if own is not None:
            seven = seven_chr_def(own)
        plain = name.replace(".", "")
        if plain in codes:
            fail(f"{name} twice in the tabular list")
        codes[plain] = desc
        children = node.findall("diag")
        for c in children:
            walk(c, seven)
        if not children and seven:
            ext = plain.ljust(6, "X")
            for ch, meaning in seven.items():
                if plain.startswith("S06") and ext[5] in "78" and ch in "DS":
                    continue  # the S06 note (see the module docstring)
                codes[ext + ch] = f"{desc}, {meaning}"

    for chapter in root.findall("chapter"):
        for section in chapter.findall("section"):
            for diag in section.findall("diag"):
                walk(diag, None)
    return codes


def pack(code):
    # Letters may stand in the second place too: FY2026 has the category QA0.
    if not re.fullmatch(r"[A-Z][0-9A-Z]{2,6}", code):
        fail(f"{code!r} is not three to seven letters and digits")
    v = 0
    for i in range(7):
        v = v * 37 + (ALPHABET.index(code[i]) + 1 if i < len(code) else 0)
    return v.to_bytes(5, "big")


def statuses(sorted_codes):
    """(code, 'header' | 'billable'): a header is a code some longer code begins with."""
    out = []
    for i, c in enumerate(sorted_codes):
        nxt = sorted_codes[i + 1] if i + 1 < len(sorted_codes) else ""
        out.append((c, "header" if nxt.startswith(c) else "billable"))
    return out


def fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def digest_text(pairs, source):
    lines = "".join(f"{c} {s}\n" for c, s in pairs).encode()
    headers = sum(1 for _, s in pairs if s == "header")
    return (f"# From {source} of {PACKAGE}, by scripts/gen_icd10cm.py.\n"
            f"# FNV-1a 64 over the lines \"CODE STATUS\\n\", codes without dots, sorted.\n"
            f"codes {len(pairs)}\nheaders {headers}\nbillable {len(pairs) - headers}\n"
            f"fnv1a64 {fnv1a(lines):016x}\n")


def tokens(s):
    t = TOKEN.findall(s)
    if "".join(t) != s:
        fail(f"description does not tokenise back: {s!r}")
    return t


def descriptions_bin(sorted_codes, codes):
    counts = {}
    for c in sorted_codes:
        for t in tokens(codes[c]):
            counts[t] = counts.get(t, 0) + 1
    # Most frequent first (ties by text): the 128 commonest tokens take one byte.
    table = sorted(counts, key=lambda t: (-counts[t], t))
    if len(table) >= 1 << 15:
        fail("more than 32767 distinct tokens")
    tid = {t: i for i, t in enumerate(table)}
    tok_bytes = b"".join(t.encode() for t in table)
    tok_offsets, o = [], 0
    for t in table:
        tok_offsets.append(o)
        o += len(t.encode())
    tok_offsets.append(o)
    records, block_offsets, prev = bytearray(), [], []
    for i, c in enumerate(sorted_codes):
        if i % BLOCK == 0:
            block_offsets.append(len(records))
            prev = []
        t = tokens(codes[c])
        shared = 0
        while shared < min(len(t), len(prev), 255) and t[shared] == prev[shared]:
            shared += 1
        new = t[shared:]
        if len(t) > 160:  # the decoder's buffer (src/code_set/descriptions.rs)
            fail(f"{c}: description too long")
        records += bytes([shared, len(new)])
        for tok in new:
            k = tid[tok]
            records += bytes([k]) if k < 128 else bytes([0x80 | (k >> 8), k & 0xFF])
        prev = t
    out = bytearray()
    out += struct.pack("<I", len(table))
    out += b"".join(struct.pack("<I", x) for x in tok_offsets)
    out += tok_bytes
    out += struct.pack("<I", len(block_offsets))
    out += b"".join(struct.pack("<I", x) for x in block_offsets)
    out += records
    return bytes(out)


def main():
    args = sys.argv[1:]
    package = None
    if args[:1] == ["--package"]:
        if len(args) < 2:
            fail("--package needs a directory")
        package, args = args[1], args[2:]
    out_dir = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "src", "code_set")
    data = data_dir(package)
    codes = read_xml(os.path.join(data, XML_NAME))
    sorted_codes = sorted(codes)
    with open(os.path.join(data, FLAT_NAME), encoding="utf-8") as f:
        flat = [line.strip() for line in f if line.strip()]
    # The flat list also holds chapters ("1".."22") and blocks ("A00-A09"): not codes.
    # A block of one category has the category's name (QA0): keep each name once.
    flat_codes = sorted({c for c in flat if "-" not in c and not c.isdigit()})
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "codes.bin"), "wb") as f:
        f.write(b"".join(pack(c) for c in sorted_codes))
    with open(os.path.join(out_dir, "descriptions.bin"), "wb") as f:
        f.write(descriptions_bin(sorted_codes, codes))
    with open(os.path.join(out_dir, "flat-list.digest"), "w", encoding="utf-8") as f:
        f.write(digest_text(statuses(flat_codes), FLAT_NAME))
    print(f"{len(sorted_codes)} codes from the tabular list, {len(flat_codes)} in the flat list")


if __name__ == "__main__":
    main()
