"""The precompiled catalogue (src/flytcheck/catalogue/catalogue.json) is exactly what the rule files give, and is
used only while it is: an edited rule file is read and checked the slow way, never shadowed by a stale catalogue."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from flytcheck.catalogue.compile import precompile
from flytcheck.catalogue.loading import load_rulebook, read_rulebook
from flytcheck.catalogue.precompiled import CATALOGUE, load_precompiled
from flytcheck.catalogue.rulebook import builtin_rules_dir
from flytcheck.sql.compiler import DIALECTS


def test_the_shipped_catalogue_is_made_from_the_rule_files(update_golden: bool) -> None:
    made = precompile(builtin_rules_dir())
    if update_golden:
        CATALOGUE.write_text(json.dumps(made, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    shipped = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    assert shipped == made, (
        "catalogue.json is stale: run `python -m flytcheck.catalogue.compile` (or pytest --update-golden)"
    )


def test_the_precompiled_rulebook_is_the_one_the_files_give() -> None:
    fast = load_precompiled(builtin_rules_dir())
    assert fast is not None, "the shipped catalogue does not match the rule files"
    slow = read_rulebook(builtin_rules_dir())
    assert fast.rules == slow.rules and fast.sets == slow.sets and fast.origin == slow.origin
    assert fast.requirements() == slow.requirements()
    for rule_id in slow.rules:
        assert fast.requirements([rule_id], preview=False) == slow.requirements([rule_id], preview=False)
    for sql in slow.all_sql():
        for dialect in DIALECTS:
            assert fast.template(sql, dialect) == slow.template(sql, dialect)


def test_load_rulebook_takes_the_precompiled_catalogue_for_the_built_in_rules() -> None:
    rulebook = load_rulebook()
    assert "sqlglot" not in type(rulebook).__module__
    assert rulebook._templates, "templates come with the catalogue"


@pytest.mark.parametrize("change", ["edit", "add"])
def test_changed_rule_files_are_read_the_slow_way(change: str, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), folder, ignore=shutil.ignore_patterns("cases"))
    assert load_precompiled(folder) is not None, "a byte-identical copy may use the catalogue"
    rule = folder / "reminder-open.toml"
    if change == "edit":
        title = "Åpent punkt på huskelisten"
        rule.write_text(rule.read_text(encoding="utf-8").replace(title, f"{title} (lokal)"), encoding="utf-8")
    else:
        text = rule.read_text(encoding="utf-8").replace('id = "reminder-open"', 'id = "reminder-open-copy"')
        (folder / "reminder-open-copy.toml").write_text(text, encoding="utf-8")
    assert load_precompiled(folder) is None
    rulebook = load_rulebook(folder)
    if change == "edit":
        assert rulebook.rules["reminder-open"].title.nb == "Åpent punkt på huskelisten (lokal)"
    else:
        assert "reminder-open-copy" in rulebook.rules


def test_every_category_of_the_catalogue_has_its_names() -> None:
    from flytcheck.catalogue.categories import CATEGORY_NAMES, category_name, category_named
    from flytcheck.catalogue.rulebook import CATEGORIES

    used = {rule.category for rule in load_rulebook().rules.values()}
    assert used <= set(CATEGORIES) == set(CATEGORY_NAMES)
    for category in CATEGORIES:
        for lang in ("nb", "en"):
            assert category_named(category_name(category, lang)) == category
            assert category_named(category_name(category, lang).upper().replace(" ", "-")) == category
