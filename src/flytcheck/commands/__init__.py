"""One module per subcommand: each takes plain values and returns an exit code."""
