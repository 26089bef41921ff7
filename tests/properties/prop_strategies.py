"""Hypothesis strategies for hostile input: odd text, wrong types, broken encodings."""

from __future__ import annotations

import csv
import io
import json

import yaml
from hypothesis import strategies as st

SPECIALS = [
    "",
    " ",
    "\x00",
    "\x01",
    "\x0b",
    "\x1f",
    "\x7f",
    "\u200f",
    "\u202e",
    "\u2028",
    "\u2029",
    "\u0085",
    "\ufeff",
    "\ufffe",
    "😀",
    "👨‍👩‍👧",
    "１２３",
    "٣",
    "ｱｲｳ",
    "会計クラウド",
    "外貨",
    '"',
    "'",
    ",",
    ";",
    "\t",
    "\r\n",
    "\r",
    "\n",
    "\\",
    "<script>alert(1)</script>",
    "{name}",
    "%s",
    "NaN",
    "null",
    "-1",
    "1e309",
    "9" * 30,
]

# surrogate-free Unicode (every code point UTF-8 can carry), plus the awkward ones above
odd_text = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.lists(st.sampled_from(SPECIALS), max_size=6).map("".join),
)


def _huge(ch: str, n: int) -> str:
    return ch * n


huge_text = st.builds(
    _huge,
    st.sampled_from(["a", "あ", "😀", " ", "\x00", "\n"]),
    st.sampled_from([100, 201, 5000, 5001, 70_000, 1_000_000]),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    odd_text,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(odd_text, inner, max_size=4)),
    max_leaves=12,
)
any_value = st.one_of(json_values, st.just(None), huge_text.filter(lambda s: len(s) < 100_000))


def encodings():
    return st.sampled_from(
        ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp932", "mixed"]
    )


def encode(text: str, encoding: str) -> bytes:
    """Encode as a user's tool would; characters Shift_JIS lacks are replaced by '?'."""
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le", "surrogatepass")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be", "surrogatepass")
    if encoding == "cp932":
        return text.encode("cp932", "replace")
    if encoding == "mixed":  # first half Shift_JIS, the rest UTF-8
        half = len(text) // 2
        return text[:half].encode("cp932", "replace") + text[half:].encode("utf-8", "surrogatepass")
    return text.encode(encoding, "surrogatepass")


def line_ends():
    return st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def json_lines(draw, fields: list[str], valid: dict) -> str:
    """Objects with the importer's field names holding any JSON value (or a valid one)."""
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["object", "object", "object", "scalar", "broken", "blank"]))
        if kind == "scalar":
            lines.append(json.dumps(draw(json_values)))
        elif kind == "broken":
            lines.append(
                draw(
                    st.sampled_from(
                        [
                            '{"id": "a"',
                            "{'id': 'a'}",
                            "[",
                            '{"id": NaN}',
                            '{"id": "\\ud800"}',
                            "[" * 5000,
                            '{"a": 1' + "1" * 5000 + "}",
                        ]
                    )
                )
            )
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "  ", "\t"])))
        else:
            obj = {}
            for field in draw(st.lists(st.sampled_from(fields), unique=True, max_size=len(fields))):
                obj[field] = draw(st.one_of(valid[field], any_value) if field in valid else any_value)
            for key in draw(st.lists(odd_text, max_size=2)):
                obj[key] = draw(json_values)
            lines.append(json.dumps(obj, ensure_ascii=draw(st.booleans())))
    return draw(line_ends()).join(lines) + draw(st.sampled_from(["", "\n"]))


@st.composite
def csv_text(draw, columns: list[str], valid: dict) -> str:
    """A header with some of the columns (and others), rows of random cells and lengths."""
    header = draw(st.lists(st.sampled_from(columns), unique=True, max_size=len(columns)))
    header = header + draw(st.lists(odd_text, max_size=2))
    if draw(st.booleans()):
        header = [c for c in columns if c not in header] + header  # often complete
    delimiter = draw(st.sampled_from([",", ",", "\t", ";"]))
    buf = io.StringIO()
    writer = csv.writer(
        buf,
        delimiter=delimiter,
        lineterminator=draw(line_ends()),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
    )
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 5))):
        row = []
        for name in header:
            strategy = valid.get(name, odd_text)
            row.append(draw(st.one_of(strategy, odd_text, st.just(""))))
        cut = draw(st.integers(-2, 2))
        if cut < 0:
            row = row[:cut]
        elif cut > 0:
            row += draw(st.lists(odd_text, min_size=cut, max_size=cut))
        writer.writerow([str(c) for c in row])
    text = buf.getvalue()
    if draw(st.integers(0, 9)) == 0:  # a broken quote somewhere
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + '"' + text[pos:]
    return text


# --- catalogs -------------------------------------------------------------------------

ids = st.from_regex(r"[a-z0-9_-]{1,12}", fullmatch=True)
names = st.one_of(
    odd_text.filter(lambda s: s.strip()), st.fixed_dictionaries({"ja": odd_text, "en": odd_text})
)


@st.composite
def catalog_docs(draw) -> dict:
    """A catalog in the formats.md shape (possibly invalid through odd names)."""
    products = []
    used: set[str] = set()
    for _ in range(draw(st.integers(1, 3))):
        pid = draw(ids.filter(lambda x: x not in used))
        used.add(pid)
        features = []
        for _ in range(draw(st.integers(0, 3))):
            fid = draw(ids)
            features.append(
                {
                    "id": fid,
                    "name": draw(names),
                    "keywords": {
                        "ja": draw(st.lists(odd_text, max_size=2)),
                        "en": draw(st.lists(odd_text, max_size=2)),
                    },
                }
            )
        plans = []
        for _ in range(draw(st.integers(1, 2))):
            plan_id = draw(ids.filter(lambda x: x not in used))
            used.add(plan_id)
            plans.append(
                {
                    "id": plan_id,
                    "name": draw(names),
                    "monthly_price": draw(st.integers(0, 10**6)),
                    "seat_limit": draw(st.one_of(st.none(), st.integers(1, 1000))),
                    "features": [f["id"] for f in features[: draw(st.integers(0, 3))]],
                }
            )
        products.append({"id": pid, "name": draw(names), "features": features, "plans": plans})
    return {"currency": "JPY", "products": products}


def _set_path(doc, path_choice: int, value):
    """Replace some value deep in the document (chosen by index in a flattened walk)."""
    slots = []

    def walk(node):
        if isinstance(node, dict):
            for k in node:
                slots.append((node, k))
                walk(node[k])
        elif isinstance(node, list):
            for i in range(len(node)):
                slots.append((node, i))
                walk(node[i])

    walk(doc)
    if slots:
        parent, key = slots[path_choice % len(slots)]
        parent[key] = value
    return doc


TAGGED = [
    "!!python/object:os.system {}",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "2020-01-01",
    "2020-01-01T10:00:00Z",
    "!!float nan",
    ".inf",
    "!!str 12",
    "&x [*x]",
]

BILLION_LAUGHS = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(f"*{chr(97 + i)}" for _ in range(9)) + "]\n"
    for i in range(8)
)


@st.composite
def yaml_text(draw) -> str:
    choice = draw(st.integers(0, 6))
    if choice == 0:  # a random structure
        return yaml.safe_dump(draw(json_values.filter(lambda v: v == v)), allow_unicode=True)
    if choice == 1:  # a catalog with one value replaced by anything, or by a tagged scalar
        doc = draw(catalog_docs())
        value = draw(st.one_of(json_values, st.just(None)))
        text = yaml.safe_dump(_set_path(doc, draw(st.integers(0, 1000)), value), allow_unicode=True)
        if draw(st.booleans()):
            lines = text.splitlines()
            i = draw(st.integers(0, len(lines) - 1))
            if ": " in lines[i]:
                key = lines[i].split(": ", 1)[0]
                lines[i] = f"{key}: {draw(st.sampled_from(TAGGED))}"
            text = "\n".join(lines) + "\n"
        return text
    if choice == 2:  # anchors and aliases
        doc = draw(catalog_docs())
        text = yaml.safe_dump(doc, allow_unicode=True)
        extra = draw(
            st.sampled_from(
                [
                    BILLION_LAUGHS,
                    "x: &x [*x]\n",
                    "y: &y {k: *y}\n",
                    "defaults: &d {monthly_price: 1}\nz: *d\n",
                ]
            )
        )
        return text + extra
    if choice == 3:  # a huge document
        doc = draw(catalog_docs())
        doc["products"][0]["description"] = draw(huge_text)
        return yaml.safe_dump(doc, allow_unicode=True, width=10**9)
    if choice == 4:  # deep nesting, many documents, plain junk
        return draw(
            st.sampled_from(
                [
                    "[" * 3000 + "]" * 3000,
                    "{a: " * 2000 + "1" + "}" * 2000,
                    "---\na: 1\n---\nb: 2\n",
                    "%YAML 9.9\n---\na: 1\n",
                    "a: *undefined\n",
                    "\t- x\n",
                    "? [a, b]\n: c\n",
                    "!!python/object/new:tuple [[1]]\n",
                ]
            )
        )
    if choice == 5:
        return draw(odd_text)
    return yaml.safe_dump(draw(catalog_docs()), allow_unicode=draw(st.booleans()))
