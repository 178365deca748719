# Shortcuts; scripts/test.sh stays the way to run the tests.
PYTHON ?= .venv/bin/python
PROFILES ?= lofoten,mid,largest
REPEAT ?= 3
UV_VERSION ?= 0.13.9

.PHONY: bench bench-quick demo exe lock

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

# The standalone program: dist/flytcheck/ holds flytcheck (flytcheck.exe on Windows) and everything it needs
# (Python, the libraries, the rules, the demo); runs where no Python is installed. See packaging/flytcheck.spec.
exe:
	$(PYTHON) -m PyInstaller --noconfirm --log-level ERROR --distpath dist --workpath build/pyinstaller packaging/flytcheck.spec

# requirements.lock: every dependency of flytcheck, its tests and `make exe`, pinned with hashes for Python
# 3.11-3.13 on Linux, Windows and macOS (uv's universal resolution). Keeps the pins it has and adds what is new;
# `make lock LOCK_ARGS=--upgrade` moves everything to the newest allowed versions.
lock:
	$(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	$(PYTHON) -m uv pip compile pyproject.toml packaging/build.in --extra test --extra exe --universal \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" --quiet \
		--output-file requirements.lock $(LOCK_ARGS)
