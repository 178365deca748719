# Shortcuts; scripts/test.sh stays the way to run the tests.
PYTHON ?= .venv/bin/python
PROFILES ?= lofoten,mid,largest
REPEAT ?= 3

.PHONY: bench bench-quick demo

# Scan benchmarks on the synthetic profiles; data in bench-data/, results in docs/benchmarks.md.
# make bench PROFILES=lofoten,mid BENCH_ARGS="--postgres-url postgresql+psycopg://user@host/db"
bench:
	$(PYTHON) benchmarks/bench_scan.py --profiles $(PROFILES) --repeat $(REPEAT) $(BENCH_ARGS)

# The lofoten ratios (floor, scan) in under a minute, nothing written: for use while changing the engine.
bench-quick:
	$(PYTHON) benchmarks/bench_scan.py --quick

# Regenerate the demo shipped in the package (src/flytcheck/demo/); tests/test_synth.py checks it.
demo:
	$(PYTHON) scripts/make_demo.py
