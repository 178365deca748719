"""Fuzzing: the CSV reader and the identity-number validator never raise anything but their own answers.

The CSV reader (what a CSV folder source does: inspect the folder, stream the needed columns into SQLite) gets
random bytes, and random tables written in every supported encoding, delimiter, quoting style and line end, then
damaged (cut, bytes inserted, delimiters swapped). It must load them or stop with a SourceError; never anything else.
The identity validator gets random text (all of Unicode), random digit strings and random reference dates; the
validators the rules use get rows of random values. They must answer (a verdict, None or fields), never raise.

Budgets are hypothesis settings profiles: `fuzz-ci` by default (bounded, for CI), `fuzz-large` with --fuzz-large.
"""

from __future__ import annotations

import codecs
import csv
import io
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from flytcheck.errors import SourceError
from flytcheck.identity.numbers import IdVerdict, classify, classify_org, classify_person, compose_fnr, mask
from flytcheck.sources.csv_folder import inspect_folder
from flytcheck.sources.csv_load import load_tables
from flytcheck.sql import familia
from flytcheck.validators import Context, child_fnr, orgnr, person_outcome

BUDGETS = {"fuzz-ci": 1, "fuzz-large": 50}
"""Multipliers of each test's base number of examples."""
for _name, _factor in BUDGETS.items():
    settings.register_profile(
        _name,
        max_examples=_factor,  # scaled per test, see `fuzz`
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )

EXAMPLES: dict[str, int] = {}
"""Examples run per test in this session (for docs/reliability.md)."""


@pytest.fixture
def fuzz(request: pytest.FixtureRequest) -> Callable[[int], settings]:
    """`@fuzz(base)`: the profile's settings with `base` examples under fuzz-ci, 50 times more under fuzz-large."""
    profile = "fuzz-large" if request.config.getoption("--fuzz-large") else "fuzz-ci"
    factor = BUDGETS[profile]
    return lambda base: settings(settings.get_profile(profile), max_examples=base * factor)


def counted(name: str) -> None:
    EXAMPLES[name] = EXAMPLES.get(name, 0) + 1


@pytest.fixture(scope="module", autouse=True)
def examples_run() -> Iterator[None]:
    """Prints how many examples each fuzz test ran (shown with `pytest -s`)."""
    yield
    print(f"\nfuzz examples run: {dict(sorted(EXAMPLES.items()))}, total {sum(EXAMPLES.values())}")


# --- the CSV reader --------------------------------------------------------------------------------------------------

TABLE = familia.TABLES["FA_KLIENT"]  # integers, dates, text: every converter
COLUMNS = list(TABLE.columns)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
DELIMITERS = [";", ",", "\t", "|"]
FIELD = st.one_of(
    st.text(max_size=12),  # all of Unicode
    st.text(alphabet='0123456789-.:; ,"\'\t|\r\nNULæøåÆØÅ\x00', max_size=24),
    st.sampled_from(["NULL", '"NULL"', "", "2024-05-22 00:00:00.000", "22.05.2024", "31.02.2024", "0017", "1e5",
                     "-1", "SØS", "STØ", "(3 rows affected)", "---", "KLI_LOEPENR"]),
)


def read_folder(folder: Path) -> int:
    """What CsvFolderSource does with a folder; returns the rows loaded. Raises SourceError for a bad file."""
    tables = inspect_folder(folder)
    if "FA_KLIENT" not in tables:
        return 0
    header = {h.strip().upper() for h in tables["FA_KLIENT"].header}
    wanted = [c for c in COLUMNS if c in header]
    connection = sqlite3.connect(":memory:")
    try:
        return load_tables(tables, {"FA_KLIENT": wanted}, connection)["FA_KLIENT"]
    finally:
        connection.close()


def survives(folder: Path, content: bytes) -> None:
    (folder / "FA_KLIENT.csv").write_bytes(content)
    try:
        read_folder(folder)
    except SourceError as error:
        message = str(error)
        assert "\n" not in message and len(message) < 500, message


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "csv").mkdir()
    return tmp_path / "csv"


def test_csv_reader_survives_random_bytes(fuzz: Callable[[int], settings], folder: Path) -> None:
    header = ";".join(COLUMNS) + "\r\n"

    @fuzz(300)
    @given(
        prefix=st.sampled_from([b"", header.encode(), codecs.BOM_UTF8 + header.encode(), header.encode("utf-16")]),
        body=st.binary(max_size=600),
    )
    def run(prefix: bytes, body: bytes) -> None:
        counted("csv-random-bytes")
        survives(folder, prefix + body)

    run()


@st.composite
def exports(draw: st.DrawFn) -> bytes:
    """A table as some export tool might have written it, then maybe damaged."""
    columns = draw(st.lists(st.sampled_from([*COLUMNS, "EXTRA", " kli_loepenr "]), min_size=1, max_size=8))
    delimiter = draw(st.sampled_from(DELIMITERS))
    ending = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE]))
    rows = draw(st.lists(st.lists(FIELD, min_size=len(columns), max_size=len(columns)), max_size=8))
    if draw(st.booleans()) and rows:  # a ragged row
        rows[draw(st.integers(0, len(rows) - 1))].append("extra")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=ending, quoting=quoting, escapechar="\\")
    try:
        writer.writerow(columns)
        if draw(st.booleans()):  # sqlcmd's line of dashes under the header
            writer.writerow(["-" * len(c) for c in columns])
        writer.writerows(rows)
    except csv.Error:  # Python's writer cannot write this row without quotes (QUOTE_NONE, one empty field)
        reject()
    text = buffer.getvalue()
    if draw(st.booleans()):  # another delimiter from some line on
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + text[cut:].replace(delimiter, draw(st.sampled_from(DELIMITERS)))
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors=draw(st.sampled_from(["replace", "surrogatepass", "ignore"]))
                       if encoding != "cp1252" else "replace")
    damage = draw(st.sampled_from(["none", "cut", "insert", "duplicate-header"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    elif damage == "duplicate-header":
        data += data[: data.find(ending.encode(encoding)) + 1 if ending.encode(encoding) in data else len(data)]
    return data


def test_csv_reader_survives_any_dialect_encoding_and_damage(fuzz: Callable[[int], settings], folder: Path) -> None:
    @fuzz(250)
    @given(content=exports())
    def run(content: bytes) -> None:
        counted("csv-dialects")
        survives(folder, content)

    run()


def test_csv_reader_reads_well_formed_exports_whatever_the_dialect(
    fuzz: Callable[[int], settings], folder: Path
) -> None:
    """The other half: an intact export of text-only columns is never refused, and every row arrives.
    (UTF-16 big-endian needs its byte-order mark: no Windows export tool writes it without one.)"""

    @fuzz(150)
    @given(
        rows=st.lists(st.tuples(st.integers(0, 10**9), st.text(alphabet='abcæøåÆØÅ 019;,|"\'', max_size=10)),
                      max_size=10),
        delimiter=st.sampled_from(DELIMITERS),
        ending=st.sampled_from(["\r\n", "\n"]),
        encoding=st.sampled_from([e for e in ENCODINGS if e != "utf-16-be"] + ["utf-16-be-bom"]),
        quote_all=st.booleans(),
    )
    def run(rows: list[tuple[int, str]], delimiter: str, ending: str, encoding: str, quote_all: bool) -> None:
        counted("csv-well-formed")
        buffer = io.StringIO(newline="")
        quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=ending, quoting=quoting)
        writer.writerow(["KLI_LOEPENR", "SBH_INITIALER"])
        writer.writerows(rows)
        text = buffer.getvalue()
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode(encoding)
        (folder / "FA_KLIENT.csv").write_bytes(data)
        assert read_folder(folder) == len(rows)

    run()


# --- the identity validator ------------------------------------------------------------------------------------------

REFERENCE = st.dates(date(1, 1, 1), date(9999, 12, 31))
DIGITS = st.from_regex(r"\A[ \t]?[0-9]{8,12}[ \t\n]?\Z", fullmatch=True)


def test_identity_numbers_random_text_gets_a_verdict(fuzz: Callable[[int], settings]) -> None:
    @fuzz(600)
    @given(value=st.one_of(st.none(), st.text(), DIGITS), reference=REFERENCE, synthetic=st.booleans())
    def run(value: str | None, reference: date, synthetic: bool) -> None:
        counted("id-random-text")
        for verdict in (
            classify_person(value, reference, accept_synthetic=synthetic),
            classify_org(value, accept_synthetic=synthetic),
            classify(value, reference, accept_synthetic=synthetic),
        ):
            assert isinstance(verdict, IdVerdict)
            assert verdict.text("nb") and verdict.text("en")
            if value and len(value.strip()) > 6:
                assert value.strip() not in verdict.text("nb") + verdict.text("en")
        shown = mask(value)
        assert isinstance(shown, str)
        if value and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) >= 7:
            assert shown.count("*") >= len(value.strip()) - 6

    run()


def test_composing_a_number_from_random_parts_answers_or_says_why(fuzz: Callable[[int], settings]) -> None:
    birth = st.one_of(st.none(), st.text(max_size=24), st.dates(), st.datetimes(),
                      st.dates().map(lambda d: d.isoformat() + " 00:00:00.000"))
    personnr = st.one_of(st.none(), st.integers(), st.text(max_size=12), st.decimals(), st.floats())

    @fuzz(500)
    @given(birth_date=birth, number=personnr)
    def run(birth_date: date | str | None, number: int | float | str | Decimal | None) -> None:
        counted("id-compose")
        try:
            composed = compose_fnr(birth_date, number)
        except ValueError:  # its documented answer for a part that is present but unusable
            return
        assert composed is None or (len(composed) == 11 and composed.isdigit())

    run()


VALUE = st.one_of(st.none(), st.text(max_size=14), DIGITS, st.integers(),
                  st.decimals(allow_nan=False, allow_infinity=False), st.dates(), st.datetimes(), st.booleans())
"""What a driver may hand a validator: SQLite's text and numbers, PostgreSQL's and SQL Server's Decimal and dates.
Known bugs left out: a birth date or personnummer of another type (tests/test_survive_bad_data.py) and a Decimal
infinity (test_a_decimal_infinity_is_text below)."""


def test_the_rules_validators_answer_any_row(fuzz: Callable[[int], settings]) -> None:
    @fuzz(300)
    @given(
        row=st.fixed_dictionaries({
            "foedselsdato": st.one_of(st.none(), st.text(max_size=24), st.dates(), st.datetimes()),
            "personnr": st.one_of(st.none(), st.integers(), st.text(max_size=12), st.decimals(allow_nan=False)),
            "foedselsnummer": VALUE, "dnummer": VALUE, "orgnr": VALUE,
            "has_connection_tie": st.booleans(), "has_contractor_tie": st.booleans(),
            "is_migrated_contractor": st.booleans(), "in_contractor_register": st.booleans(),
        }),
        cutover=st.dates(date(1900, 1, 1), date(2100, 12, 31)),
        synthetic=st.booleans(),
    )
    def run(row: dict[str, Any], cutover: date, synthetic: bool) -> None:
        counted("validators")
        ctx = Context(cutover, synthetic)
        for validator, rule in ((child_fnr, "child-invalid-fnr"), (person_outcome, "connection-invalid-id"),
                                (person_outcome, "contractor-unregistered"), (orgnr, "organisation-invalid-orgnr")):
            fields = validator(row, ctx, rule)
            assert fields is None or all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items())

    run()


def test_dates_and_numbers_of_every_kind_are_text_for_the_report(fuzz: Callable[[int], settings]) -> None:
    from flytcheck.values import as_date, as_text, format_date

    @fuzz(300)
    @given(value=st.one_of(VALUE, st.floats(), st.just(Decimal("NaN"))))  # a database has no signalling NaN
    def run(value: Any) -> None:
        counted("values")
        assert isinstance(as_text(value), str) and isinstance(format_date(value), str)
        assert as_date(value) is None or isinstance(as_date(value), date)

    run()


def test_reference_dates_at_the_edges_of_the_calendar() -> None:
    for reference in (date.min, date.max, datetime(2031, 12, 31).date(), date(2032, 1, 1)):
        for value in ("01010100000", "31129999999", "29020012345", "0" * 11, "9" * 11):
            assert isinstance(classify_person(value, reference), IdVerdict)


def test_a_decimal_infinity_is_text() -> None:
    from flytcheck.values import as_text

    assert as_text(Decimal("Infinity")) == "Infinity"
