"""Window titles in the encodings X clients use for WM_NAME: UTF8_STRING, STRING (Latin-1) and COMPOUND_TEXT
(ISO 2022 with the designations of the X Consortium's Compound Text Encoding), decoded without Xlib's C code."""

from __future__ import annotations

import re

ESC = 0x1B
GL_94 = {b"B": "ascii", b"J": "ascii", b"I": "kana"}  # ESC ( F
GR_96 = {b"A": "iso8859-1", b"B": "iso8859-2", b"C": "iso8859-3", b"D": "iso8859-4", b"F": "iso8859-7",
         b"G": "iso8859-6", b"H": "iso8859-8", b"L": "iso8859-5", b"M": "iso8859-9"}  # ESC - F
DOUBLE_94 = {b"A": "gb2312", b"B": "euc_jp", b"C": "euc_kr"}  # ESC $ ( F to GL, ESC $ ) F to GR
SEQUENCE = re.compile(rb"\x1b(?:\(([BJI])|-([A-M])|\$\(?([ABC])|\$\)([ABC])|%G(.*?)(?:\x1b%@|$)|[^A-Za-z]*[A-Za-z@])"
                      rb"|\x9b[^@-~]*[@-~]", re.S)


def decode(value: bytes, encoding: str) -> str:
    """`value` of a text property whose type is `encoding` ("UTF8_STRING", "STRING", "COMPOUND_TEXT", …)."""
    if encoding == "UTF8_STRING":
        return value.decode("utf-8", "replace")
    if encoding == "COMPOUND_TEXT":
        return compound_text(value)
    return value.decode("latin-1")


def compound_text(value: bytes) -> str:
    """Decode Compound Text: GL starts as ASCII, GR as the right half of Latin-1; escapes switch either half."""
    gl, gr, out, pos = "ascii", "iso8859-1", [], 0
    for match in SEQUENCE.finditer(value):
        out.append(_run(value[pos:match.start()], gl, gr))
        pos = match.end()
        to_gl, to_gr, double_gl, double_gr, utf8 = match.groups()
        if utf8 is not None:
            out.append(utf8.decode("utf-8", "replace"))
        gl = GL_94.get(to_gl) or DOUBLE_94.get(double_gl) or gl
        gr = GR_96.get(to_gr) or DOUBLE_94.get(double_gr) or gr
    out.append(_run(value[pos:], gl, gr))
    return "".join(out)


def _run(chunk: bytes, gl: str, gr: str) -> str:
    """Bytes between two escapes: each byte goes to GL (< 0x80) or GR, in runs decoded by that half's set."""
    out, start = [], 0
    for i in range(1, len(chunk) + 1):
        if i == len(chunk) or (chunk[i] >= 0x80) != (chunk[start] >= 0x80):
            part = chunk[start:i]
            out.append(_half(part, gr) if part[:1] >= b"\x80" else _half(part, gl, left=True))
            start = i
    return "".join(out)


def _half(part: bytes, charset: str, left: bool = False) -> str:
    if not part:
        return ""
    if charset == "ascii":
        return part.decode("ascii", "replace")
    if charset == "kana":  # JIS X 0201 katakana: the single-byte half of Shift JIS
        return bytes(b | 0x80 for b in part).decode("shift_jis", "replace")
    if charset in DOUBLE_94.values() and left:  # a 94x94 set in GL: its EUC form has the high bits set
        part = bytes(b | 0x80 if b > 0x20 else b for b in part)
    return part.decode(charset, "replace")
