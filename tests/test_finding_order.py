"""The one order of a report's findings (findings.ordered) is Finding.sort_key's, whatever the keys look like.

`ordered` sorts each rule's and table's findings by an integer made of the key (`17`, `2024/17`) instead of a tuple
per finding, to keep the scan's peak of memory down; this holds it to the plain definition, for keys of every shape
(numbers, pairs of numbers with years and counters of any width, text, mixed) and ties broken by message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from flytcheck.findings import ordered
from flytcheck.model import Finding, Severity

RULES = (("reminder-open", Severity.BLOCKER), ("melding-open", Severity.WARNING), ("duplicate-key", Severity.WARNING))


@dataclass
class _Rule:
    id: str
    severity: Severity


@dataclass
class _Consumer:
    rule: _Rule
    table: str
    findings: list[Finding] = field(default_factory=list)


numbers = st.integers(0, 10**12).map(str)
keys = st.one_of(
    numbers,
    st.tuples(st.integers(1990, 2030), st.integers(0, 10**6)).map(lambda p: f"{p[0]}/{p[1]}"),
    st.tuples(numbers, numbers).map("/".join),
    st.text(alphabet="0123456789/ abc-", max_size=8),
)


@st.composite
def consumers(draw: st.DrawFn) -> list[_Consumer]:
    made = []
    for rule_id, severity in draw(st.lists(st.sampled_from(RULES), min_size=1, max_size=4)):
        table = draw(st.sampled_from(["FA_JOURNAL", "FA_POSTJOURNAL"]))
        kind = draw(st.sampled_from(["numbers", "pairs", "any"]))
        strategy = {"numbers": numbers, "pairs": keys.filter(lambda k: k.count("/") == 1), "any": keys}[kind]
        rows = draw(st.lists(st.tuples(strategy, st.sampled_from(["a", "b", "c"])), max_size=30))
        findings = [Finding(rule_id, severity, table, key, "", "", message, message) for key, message in rows]
        made.append(_Consumer(_Rule(rule_id, severity), table, findings))
    return made


@settings(max_examples=300)
@given(consumers())
def test_ordered_is_the_sort_key_order(made: list[_Consumer]) -> None:
    every = [f for c in made for f in c.findings]
    assert list(ordered(made)) == sorted(every, key=Finding.sort_key)


def test_years_and_counters_of_different_widths_sort_as_numbers() -> None:
    keys = ["2024/100", "2024/9", "2023/17", "999/5", "2024/10"]
    findings = [Finding("melding-open", Severity.WARNING, "FA_POSTJOURNAL", k, "", "", "m", "m") for k in keys]
    consumer = _Consumer(_Rule("melding-open", Severity.WARNING), "FA_POSTJOURNAL", findings)
    assert [f.key for f in ordered([consumer])] == ["999/5", "2023/17", "2024/9", "2024/10", "2024/100"]
