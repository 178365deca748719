"""Norwegian identity numbers: the validator (`numbers`), its texts (`texts`), the checks the rules apply to
Familia's columns (`checks`) and the `flytcheck id` command (`command`). Pure code: no database, no files."""
