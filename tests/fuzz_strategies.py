"""Hypothesis strategies for hostile files: random bytes, and valid bills and case exports broken on purpose.

The mutations are the crash classes seen in the wild (issue 11): long lines, a bare CR inside a quoted cell,
NUL bytes, quotes that never close, fragments in another encoding, BOMs in odd places, 10,000 columns, empty
files, a header and nothing else, trailing delimiters.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_BILL = (ROOT / "data" / "samples" / "final_bill.csv").read_bytes()

HEADERS = (
    ("Date", "Description", "Amount"),
    ("Posted Date", "Payee", "Debit", "Credit"),
    ("Date", "Service period", "Description", "Category", "Amount (USD)", "Balance"),
    ("From", "To", "Item", "Charge amount"),
    ("Transaction", "Memo", "Value", "Type"),
    ("Datum", "Omschrijving", "Bedrag"),  # unknown words: columns found from their values
)
DELIMITERS = (",", ";", "\t", "|")
WORDS = ("Ooma Premier", "911 fee", "Late fee", "Payment", "Équipement", "Telo", "Total", "Balance due", "€5")


def _money(cents: int, style: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return (
        f"{sign}{whole}.{part:02d}",
        f"{sign}${whole:,}.{part:02d}",
        f"({whole}.{part:02d})" if sign else f"{whole}.{part:02d}",
        f"{sign}{whole},{part:02d}",
    )[style]


def _date(day: date, style: int) -> str:
    return (day.strftime("%m/%d/%Y"), day.strftime("%d/%m/%Y"), day.isoformat(), day.strftime("%b %d, %Y"))[
        style
    ]


@st.composite
def valid_bills(draw: st.DrawFn) -> bytes:
    """A readable bill: the shipped sample, or a synthetic CSV of a common shape in a common encoding.

    Built from one drawn seed: a valid bill needs no shrinking, and forty separate draws cost more than the
    reading they feed.
    """
    pick = random.Random(draw(st.integers(0, 2**32)))
    if pick.randrange(5) == 0:
        return SAMPLE_BILL
    header = pick.choice(HEADERS)
    date_style, money_style = pick.randrange(4), pick.randrange(4)
    start = date(2026, 10, 1) + timedelta(days=pick.randrange(91))
    rows = []
    for i in range(pick.randrange(13)):
        day = start + timedelta(days=i * 3)
        cents = pick.randint(-100_000, 100_000)
        row = []
        for name in header:
            lower = name.lower()
            if lower in ("date", "posted date", "from", "datum", "transaction"):
                row.append(_date(day, date_style))
            elif lower == "to":
                row.append(_date(day + timedelta(days=29), date_style))
            elif lower == "service period":
                row.append(f"{_date(day, date_style)} - {_date(day + timedelta(days=29), date_style)}")
            elif lower in ("description", "payee", "item", "memo", "omschrijving"):
                row.append(pick.choice(WORDS) + pick.choice(("", ', "quoted"', "\nsecond line")))
            elif lower == "credit":
                row.append(_money(-cents, money_style) if cents < 0 else "")
            elif lower == "debit":
                row.append(_money(cents, money_style) if cents >= 0 else "")
            else:
                row.append(_money(cents, money_style))
        rows.append(row)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=pick.choice(DELIMITERS), lineterminator=pick.choice(("\n", "\r\n")))
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(pick.choice(("utf-8", "utf-8-sig", "cp1252", "utf-16")), errors="replace")


def _at(draw: st.DrawFn, data: bytes) -> int:
    return draw(st.integers(0, len(data)))


def _line_starts(data: bytes) -> list[int]:
    return [0, *(match.end() for match in re.finditer(b"\n", data))]


def _insert(draw: st.DrawFn, data: bytes, piece: bytes, *, at_line: bool = False) -> bytes:
    where = draw(st.sampled_from(_line_starts(data))) if at_line else _at(draw, data)
    return data[:where] + piece + data[where:]


def long_line(draw: st.DrawFn, data: bytes) -> bytes:
    """A line longer than the csv module's field limit (128 KiB) or the reader's 256 KiB sample."""
    size = draw(st.sampled_from((131_073, 262_200)))
    unit = draw(st.sampled_from((b"x", b"x,", b"1.00;", b'"', b"\t")))
    line = (unit * (size // len(unit) + 1))[:size]
    return _insert(draw, data, line + draw(st.sampled_from((b"\n", b""))), at_line=True)


def bare_cr_in_quotes(draw: st.DrawFn, data: bytes) -> bytes:
    cell = draw(st.sampled_from((b'"Prem\rier"', b'"\r"', b'"a\r\rb"', b'"x\r\n\ry"', b"a\rb")))
    return _insert(draw, data, b"," + cell + b",")


def nul(draw: st.DrawFn, data: bytes) -> bytes:
    return _insert(draw, data, b"\x00" * draw(st.integers(1, 3)))


def unterminated_quote(draw: st.DrawFn, data: bytes) -> bytes:
    return _insert(draw, data, draw(st.sampled_from((b'"', b',"', b'"abc', b'""'))))


def other_encoding(draw: st.DrawFn, data: bytes) -> bytes:
    text = draw(st.sampled_from(("é", "Équipement €5", "日本", "\u2028", "\ufeff")))
    encoding = draw(st.sampled_from(("cp1252", "utf-8", "utf-16", "utf-16-le", "latin-1")))
    return _insert(draw, data, text.encode(encoding, errors="replace"))


def bom(draw: st.DrawFn, data: bytes) -> bytes:
    mark = draw(
        st.sampled_from((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE))
    )
    return mark + data if draw(st.booleans()) else _insert(draw, data, mark)


def many_columns(draw: st.DrawFn, data: bytes) -> bytes:
    count = draw(st.sampled_from((1_001, 10_000)))
    cell = draw(st.sampled_from((b"1.00", b"Amount", b"", b"12/01/2026")))
    delimiter = draw(st.sampled_from((b",", b";", b"\t")))
    return _insert(draw, data, delimiter.join([cell] * count) + b"\n", at_line=True)


def truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: _at(draw, data)]


def only_header(draw: st.DrawFn, data: bytes) -> bytes:
    starts = _line_starts(data)
    return data[: starts[1]] if len(starts) > 1 else data


def trailing_delimiters(draw: st.DrawFn, data: bytes) -> bytes:
    delimiter = draw(st.sampled_from((b",", b";", b",,,")))
    return data.replace(b"\n", delimiter + b"\n")


def line_ends(draw: st.DrawFn, data: bytes) -> bytes:
    old, new = draw(st.sampled_from(((b"\n", b"\r"), (b"\r\n", b"\r"), (b"\r", b""), (b"\n", b"\n\n"))))
    return data.replace(old, new)


def random_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    where = _at(draw, data)
    cut = draw(st.integers(0, 8))
    return data[:where] + draw(st.binary(max_size=16)) + data[where + cut :]


def shuffle_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join(draw(st.permutations(lines)))


BILL_MUTATIONS: tuple[Callable[[st.DrawFn, bytes], bytes], ...] = (
    long_line,
    bare_cr_in_quotes,
    nul,
    unterminated_quote,
    other_encoding,
    bom,
    many_columns,
    truncate,
    only_header,
    trailing_delimiters,
    line_ends,
    random_bytes,
    shuffle_lines,
)


@st.composite
def mutated_bills(draw: st.DrawFn) -> bytes:
    """A valid bill with one to four of the mutations above applied."""
    data = draw(valid_bills())
    for mutation in draw(st.lists(st.sampled_from(BILL_MUTATIONS), min_size=1, max_size=4)):
        data = mutation(draw, data)
    return data


def bill_files() -> st.SearchStrategy[bytes]:
    """Any bytes: random, valid bills, and (mostly) valid bills broken on purpose."""
    return st.one_of(st.binary(max_size=2_000), valid_bills(), mutated_bills(), mutated_bills())


# --- Case exports -------------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(
        ("2026-13-45", "12.34", "-0.00", "2026-11-30T10:00:00+00:00", "9" * 400, "\ud800", "a\x00b")
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=6,
)


ODD_TEXT = st.one_of(
    st.text(max_size=20),
    st.text(st.characters(codec="utf-8", exclude_categories=()), max_size=10),
    st.sampled_from(("", "\x00", "\ud800", "\u2028", "**bold** <b>x</b>", "=cmd|' /C calc'!A0", "x" * 300)),
)


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*path, index))
    return found


def _replace(value: Any, path: tuple, new: Any, *, delete: bool = False) -> Any:
    """A copy of ``value`` with the value at ``path`` replaced (or added, in a dict), or deleted."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    if delete and not rest:
        del copy[head]
    else:
        copy[head] = _replace(copy[head], rest, new, delete=delete) if rest else new
    return copy


class Document:
    """A valid case export to break (a short repr: Hypothesis prints the strategy's arguments)."""

    def __init__(self, document: dict) -> None:
        self.value = document

    def __repr__(self) -> str:
        return "Document(<a valid case export>)"


@st.composite
def mutated_documents(draw: st.DrawFn, valid: Document) -> bytes:
    """An export with values replaced or removed, keys added, or its bytes broken."""
    document = valid.value
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        action = draw(st.sampled_from(("text", "replace", "delete", "add")))
        target = document
        for part in path:
            target = target[part]
        if action == "text" and isinstance(target, str):
            # Still a valid export as long as the text fits the field: odd text must be stored or refused.
            document = _replace(document, path, draw(ODD_TEXT))
        elif action in ("replace", "text") or not path:
            document = _replace(document, path, draw(JSON_VALUES))
        elif action == "delete":
            document = _replace(document, path, None, delete=True)
        else:
            parent = path[:-1]
            target = document
            for part in parent:
                target = target[part]
            if isinstance(target, dict):
                document = _replace(document, (*parent, draw(st.text(max_size=12))), draw(JSON_VALUES))
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    data = text.encode("utf-8", errors="surrogatepass")
    for mutation in draw(
        st.lists(st.sampled_from((truncate, nul, random_bytes, bom, other_encoding)), max_size=1)
    ):
        data = mutation(draw, data)
    return data


FREE_TEXT = {"title", "holder_name", "street", "city", "summary", "description", "note", "reason", "outcome"}
FREE_TEXT |= {"representative", "letter_text", "proof_note", "gap_plan", "source", "new_carrier", "filename"}
FREE_TEXT |= {"value"}  # a provider fact's own value, e.g. Ooma's mailing address printed on the letter


@st.composite
def odd_text_documents(draw: st.DrawFn, valid: Document) -> bytes:
    """A valid export whose free-text fields hold odd text: NUL, lone surrogates, line separators, markup."""
    document = valid.value
    texts = [path for path in _paths(document) if path and path[-1] in FREE_TEXT]
    for path in draw(st.lists(st.sampled_from(texts), min_size=1, max_size=4)):
        document = _replace(document, path, draw(ODD_TEXT))
    return json.dumps(document, ensure_ascii=draw(st.booleans())).encode("utf-8", errors="surrogatepass")
