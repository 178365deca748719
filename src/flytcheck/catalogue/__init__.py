"""The rule catalogue: rules and derived sets as values (rulebook), their file schema (rule_files), the precompiled
built-in catalogue (precompiled, made by compile) and the one way to load them (loading)."""
