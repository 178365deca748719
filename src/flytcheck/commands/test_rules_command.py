"""`flytcheck test-rules [DIR]`: run rule cases on SQLite and print pass or fail per case.

Exit 0 when every case passes, 1 when a case fails, 2 when a case file is invalid or a rule could not run. Each
case is built as a scratch SQLite database in a temporary folder, which is removed afterwards.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

from flytcheck.commands.rule_folders import RuleFolders
from flytcheck.errors import FlytcheckError
from flytcheck.model import ExitCode

_TEXTS = {
    "nb": ("ok", "FEILET", "KJØRTE IKKE",
           "{n} tilfeller: {passed} bestått, {failed} feilet, {errors} kunne ikke kjøres"),
    "en": ("ok", "FAILED", "ERROR", "{n} cases: {passed} passed, {failed} failed, {errors} could not run"),
}


def run(folder: Path | None, lang: str, folders: RuleFolders, out: TextIO) -> int:
    from flytcheck import rulecases  # SQLAlchemy and the engine: only this command needs them

    if lang not in ("nb", "en"):
        raise FlytcheckError(f"--lang: {lang!r} is not one of nb, en")
    passed_label, failed_label, error_label, summary = _TEXTS[lang]
    rulebook = folders.load()
    cases = rulecases.load_cases(folder)
    rulecases.check_rules_known(cases, rulebook)
    width = max(len(label) for label in (passed_label, failed_label, error_label))
    failed = errors = 0
    with tempfile.TemporaryDirectory(prefix="flytcheck-cases-", ignore_cleanup_errors=True) as scratch:
        for index, case in enumerate(cases):
            case_folder = Path(scratch) / str(index)
            case_folder.mkdir()
            try:
                problems = rulecases.failures(case, rulecases.scan_sqlite(case, rulebook, case_folder), lang)
                label = failed_label if problems else passed_label
            except FlytcheckError as error:
                problems, label = [str(error).replace("\n", " ")], error_label
            failed += label == failed_label
            errors += label == error_label
            out.write(f"{label.ljust(width)}  {case.rule}: {case.name}\n")
            out.writelines(f"{' ' * width}    {problem}\n" for problem in problems)
    out.write(summary.format(n=len(cases), passed=len(cases) - failed - errors, failed=failed, errors=errors) + "\n")
    return int(ExitCode.ERROR if errors else ExitCode.FINDINGS if failed else ExitCode.OK)
