#!/usr/bin/env bash
# The test command of the README (`bash scripts/test.sh [pytest args]`); CI runs it through .ci/run.
#
# 1. installs the Debian packages the tests need, only those missing (as root, or through sudo);
# 2. creates .venv when absent and installs flytcheck's locked dependencies into it (requirements.lock, with
#    hashes), then flytcheck itself (editable);
# 3. starts a throwaway PostgreSQL cluster on 127.0.0.1 (a free port, trust auth, data in a temporary folder),
#    unless FLYTCHECK_TEST_PG_URL is already set, and removes it on exit;
# 4. with no pytest arguments (CI, and the README's command): builds the standalone program (`make exe`), which
#    tests/test_exe.py then runs with a clean environment;
# 5. runs ruff, mypy and pytest (arguments go to pytest) on .venv's Python;
# 6. with no pytest arguments: runs the fast part of the suite (no PostgreSQL, no browser) on each other supported
#    Python version (3.11, 3.12, 3.13) found on the machine, each in a .venv-3.X of its own, installed from the
#    same lock file. Under CI a supported version that is missing is a failure.
# FLYTCHECK_TEST_ALL=1 or 0 turns steps 4 and 6 on or off whatever the arguments.
# The exit code is pytest's; when pytest passes but ruff, mypy, the build or another Python failed, it is 1.
# "No tests ran" (pytest's 5) is a failure too.
set -Eeuo pipefail

# Debian packages the test suite needs (tdsodbc: FreeTDS, a SQL Server ODBC driver for the connection-error
# tests); add to this list, one name per word.
# binutils: objdump, which PyInstaller uses to collect the program's libraries; make: `make exe`; shellcheck:
# actionlint checks the workflows' shell steps with it; poppler-utils: pdfinfo and pdftotext, which read back the
# workbook LibreOffice prints to PDF (tests/test_reports_xlsx.py).
DEBIAN_PACKAGES="postgresql unixodbc tdsodbc chromium libreoffice-calc-nogui poppler-utils binutils make shellcheck"
PYTHON_VERSIONS="3.11 3.12 3.13"
FAST_TESTS="not postgres and not browser"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf 'test.sh: %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@"
    else
        log "need root (or sudo) to run: $*"
        return 1
    fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

install_debian_packages() {
    local missing=() package
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        log "not a Debian system: install $DEBIAN_PACKAGES yourself if tests need them"
        return 0
    fi
    for package in $DEBIAN_PACKAGES; do
        installed "$package" || missing+=("$package")
    done
    # Debian's own python3 creates a venv only with python3-venv (ensurepip and its wheels).
    if [ "$(command -v python3 || true)" = /usr/bin/python3 ] && [ ! -x .venv/bin/python ] && ! installed python3-venv; then
        missing+=(python3-venv)
    fi
    [ "${#missing[@]}" -eq 0 ] && return 0
    log "installing missing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq </dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        -o DPkg::Lock::Timeout=300 "${missing[@]}" </dev/null >/dev/null
}

# A virtual environment at $1 made by the interpreter $2, with exactly the locked versions, then flytcheck (editable).
setup_venv() {
    local venv="$1" python="$2"
    if [ ! -x "$venv/bin/python" ]; then
        log "creating $venv ($("$python" --version 2>&1))"
        "$python" -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock </dev/null
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . </dev/null
}

venv_version() { "$1/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])'; }

# The interpreter for Python $1: pythonX.Y on PATH, else one that pyenv installed (never downloaded here).
find_python() {
    local version="$1" found
    found="$(command -v "python$version" 2>/dev/null || true)"
    if [ -z "$found" ] || ! "$found" --version >/dev/null 2>&1; then
        found="$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}/versions/$version".*/bin/"python$version" 2>/dev/null | sort -V | tail -n 1 || true)"
    fi
    [ -n "$found" ] && [ -x "$found" ] && printf '%s\n' "$found"
}

# The fast part of the suite on every supported Python version but .venv's own: the environments are made one
# after the other, then the suites run side by side (one core each), and their output is shown in turn.
other_pythons() {
    local main version python failed=0 logs pids=() versions=() i
    main="$(venv_version .venv)"
    for version in $PYTHON_VERSIONS; do
        [ "$version" = "$main" ] && continue
        python="$(find_python "$version" || true)"
        if [ -z "$python" ]; then
            log "Python $version not found (pythonX.Y on PATH, or pyenv's versions)"
            if [ -n "${CI:-}" ]; then failed=1; fi
            continue
        fi
        if setup_venv ".venv-$version" "$python"; then versions+=("$version"); else failed=1; fi
    done
    logs="$(mktemp -d "${TMPDIR:-/tmp}/flytcheck-pythons.XXXXXX")"
    for version in "${versions[@]}"; do
        env -u FLYTCHECK_TEST_EXE ".venv-$version/bin/python" -m pytest -q -p no:cacheprovider -m "$FAST_TESTS" </dev/null \
            >"$logs/$version.log" 2>&1 &
        pids+=("$!")
    done
    for i in "${!versions[@]}"; do
        local code=0
        wait "${pids[$i]}" || code=$?
        log "Python ${versions[$i]}: pytest -m '$FAST_TESTS' (exit $code)"
        cat "$logs/${versions[$i]}.log"
        [ "$code" -eq 0 ] || failed=1
    done
    rm -rf "$logs"
    return "$failed"
}

PG_TMP=""
PG_BIN=""
PG_AS=()

cleanup() {
    local code=$?
    if [ -n "$PG_TMP" ] && [ -d "$PG_TMP" ]; then
        if [ -f "$PG_TMP/data/postmaster.pid" ]; then
            (cd "$PG_TMP" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1) || true
        fi
        rm -rf "$PG_TMP"
    fi
    exit "$code"
}

find_pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$dir" ] && command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir)"
    fi
    if [ -z "$dir" ] && command -v initdb >/dev/null 2>&1; then
        dir="$(dirname "$(command -v initdb)")"
    fi
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        log "PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql"
        return 1
    fi
    PG_BIN="$dir"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_postgres() {
    find_pg_bin
    if [ "$(id -u)" -eq 0 ]; then
        PG_TMP="$(mktemp -d /tmp/flytcheck-pg.XXXXXX)"  # not $TMPDIR: the postgres user must reach it
        # The server refuses to run as root: the cluster belongs to the postgres user.
        id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_TMP" --shell /usr/sbin/nologin postgres
        chown postgres: "$PG_TMP"
        PG_AS=(runuser -u postgres --)
    else
        PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/flytcheck-pg.XXXXXX")"
        PG_AS=(env)
    fi
    (cd "$PG_TMP" && "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust \
        --encoding=UTF8 --no-locale --no-sync >"$PG_TMP/initdb.log" 2>&1) || {
        cat "$PG_TMP/initdb.log" >&2
        log "initdb failed"
        return 1
    }
    local attempt port=""
    for attempt in 1 2 3; do
        port="$(free_port)"
        local options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_TMP"
        options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        if (cd "$PG_TMP" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
            -o "$options" start >/dev/null 2>&1); then
            break
        fi
        port=""
        log "PostgreSQL did not start on a free port (attempt $attempt)"
    done
    if [ -z "$port" ]; then
        cat "$PG_TMP/server.log" >&2 2>/dev/null || true
        return 1
    fi
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres flytcheck_test </dev/null
    export FLYTCHECK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/flytcheck_test"
    export FLYTCHECK_TEST_PG_LOG="$PG_TMP/server.log"  # the server log, for the tests of what a scan sends
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (removed on exit)"
}

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "${FLYTCHECK_TEST_ALL:-}" ]; then
    all="$FLYTCHECK_TEST_ALL"
elif [ "$#" -eq 0 ]; then
    all=1
else
    all=0
fi

install_debian_packages
setup_venv .venv python3
if [ -n "${FLYTCHECK_TEST_PG_URL:-}" ]; then
    log "using FLYTCHECK_TEST_PG_URL from the environment"
else
    start_postgres
fi

lint=0
if [ "$all" = 1 ]; then
    log "make exe (the standalone program, dist/flytcheck/)"
    if make --no-print-directory exe PYTHON=.venv/bin/python </dev/null; then
        export FLYTCHECK_TEST_EXE="$ROOT/dist/flytcheck/flytcheck"
    else
        log "building the standalone program failed"
        lint=1
    fi
fi
log "ruff check"
.venv/bin/ruff check || lint=1
log "mypy"
.venv/bin/mypy || lint=1

status=0
log "pytest on Python $(venv_version .venv)"
.venv/bin/python -m pytest "$@" </dev/null || status=$?
if [ "$all" = 1 ] && ! other_pythons; then
    log "the fast tests failed on another Python version"
    lint=1
fi
if [ "$status" -eq 5 ]; then
    log "pytest collected no tests: that is a failure"
elif [ "$status" -eq 0 ] && [ "$lint" -ne 0 ]; then
    log "tests passed but ruff, mypy, the program's build or another Python version failed"
    status=1
fi
exit "$status"
