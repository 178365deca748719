"""How a scan's report differs from what a rule case expects, in words that never show a data value."""

from __future__ import annotations

from collections.abc import Sequence

from flytcheck.model import Report, RuleStatus
from flytcheck.rulecases.cases import RuleCase

_TEXTS = {
    "nb": {
        "missing": "ventet, men ikke funnet: {}",
        "unexpected": "funnet, men ikke ventet: {}",
        "preview": "forhåndsvisning {}: ventet {} / {} (migreres / migreres ikke), fikk {} / {}",
        "caseworkers": "saksbehandlere: ventet {}, fikk {}",
        "kommuner": "kommuner: ventet {}, fikk {}",
        "messages": "meldinger: ventet {}, fikk {}",
        "personal": "personopplysningsfeltene er ikke de casen venter (verdiene vises ikke)",
        "skipped": "regelen skulle vært hoppet over, men kjørte",
        "ran": "regelen skulle kjørt, men ble hoppet over",
    },
    "en": {
        "missing": "expected, not found: {}",
        "unexpected": "found, not expected: {}",
        "preview": "preview {}: expected {} / {} (migrated / not migrated), got {} / {}",
        "caseworkers": "caseworkers: expected {}, got {}",
        "kommuner": "municipalities: expected {}, got {}",
        "messages": "messages: expected {}, got {}",
        "personal": "the personal fields are not those the case expects (their values are not shown)",
        "skipped": "the rule should have been skipped, but it ran",
        "ran": "the rule should have run, but it was skipped",
    },
}


def _listed(items: Sequence[str]) -> str:
    return ", ".join(items) if items else "—"


def failures(case: RuleCase, report: Report, lang: str = "en") -> list[str]:
    """How the report differs from what the case expects (empty when the case passes); never a data value."""
    text = _TEXTS["en" if lang == "en" else "nb"]
    problems: list[str] = []
    found = sorted(f"{f.table}:{f.key}" for f in report.findings if f.rule == case.rule)
    missing, unexpected = list(case.expect), []
    for item in found:
        if item in missing:
            missing.remove(item)
        else:
            unexpected.append(item)
    if missing:
        problems.append(text["missing"].format(_listed(sorted(missing))))
    if unexpected:
        problems.append(text["unexpected"].format(_listed(unexpected)))
    for name, (migrated, not_migrated) in case.expect_preview.items():
        count = getattr(report.preview, name)
        if (count.migrated, count.not_migrated) != (migrated, not_migrated):
            problems.append(text["preview"].format(name, migrated, not_migrated, count.migrated, count.not_migrated))
    ours = [f for f in report.findings if f.rule == case.rule]
    for name, expected, got in (
        ("caseworkers", case.expect_caseworkers, [f.saksbehandler for f in ours]),
        ("kommuner", case.expect_kommuner, [f.kommune for f in ours]),
        ("messages", case.expect_messages, [f.message_nb for f in ours]),
    ):
        if expected is not None and sorted(got) != sorted(expected):
            problems.append(text[name].format(_listed(sorted(expected)), _listed(sorted(got))))
    if case.expect_personal is not None:
        got_personal = sorted(sorted(dict(f.personal).items()) for f in ours)
        if got_personal != sorted(sorted(item.items()) for item in case.expect_personal):
            problems.append(text["personal"])  # personal values are never printed, not even in a failure
    skipped = any(o.rule == case.rule and o.status is RuleStatus.SKIPPED for o in report.rules)
    if skipped != case.skipped:
        problems.append(text["skipped" if case.skipped else "ran"])
    return problems
