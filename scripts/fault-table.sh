#!/usr/bin/env bash
# Issue 16's fault suite in one command: runs every test of Category=Faults (Tests/BlazorEs.App.Tests/Faults: the
# database read-only, its write lock held by another process, the disk full, and the fuzz families at 10,000 cases
# each), the kills inside long operations (Tests/BlazorEs.CrashTrials.Tests/Operations: a rebuild's swap, a snapshot
# write, the seed, an export, an integrity verification), the wall clock stepped back (Tests/BlazorEs.Infrastructure.Tests,
# ClockSteppedBackTests, SQLite and PostgreSQL) and the circuit storm (Tests/BlazorEs.Browser.Tests,
# CircuitStormTests, with BLAZORES_CIRCUITS=200 unless set), then rewrites the results table in docs/reliability.md
# between its FAULT-TABLE markers from the rows the tests wrote. Needs root (tmpfs mount, chattr), the sqlite3 shell
# and Chromium, as .ci/run has them. Extra arguments go to each dotnet test.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=$(mktemp -d)
export BLAZORES_FAULT_REPORT="$rows" BLAZORES_FUZZ_CASES="${BLAZORES_FUZZ_CASES:-10000}" BLAZORES_CIRCUITS="${BLAZORES_CIRCUITS:-200}"
nice -n 10 dotnet test Tests/BlazorEs.App.Tests --filter "Category=Faults" "$@"
nice -n 10 dotnet test Tests/BlazorEs.Infrastructure.Tests --filter "FullyQualifiedName~ClockSteppedBackTests" "$@"
nice -n 10 dotnet test Tests/BlazorEs.CrashTrials.Tests --filter "FullyQualifiedName~BlazorEs.CrashTrials.Tests.Operations" "$@"
nice -n 10 dotnet test Tests/BlazorEs.Browser.Tests --filter "FullyQualifiedName~CircuitStormTests" "$@"
table=$(mktemp)
{
  echo "| fault | what the user saw | acknowledged / lost | recovery |"
  echo "| --- | --- | --- | --- |"
  cat "$rows"/*.row
} > "$table"
python3 - "$table" <<'PY'
import re, sys
table = open(sys.argv[1]).read()
path = "docs/reliability.md"
doc = open(path).read()
doc = re.sub(r"(<!-- FAULT-TABLE -->\n).*?(<!-- /FAULT-TABLE -->)", lambda m: m.group(1) + table + m.group(2), doc, flags=re.S)
open(path, "w").write(doc)
PY
echo "docs/reliability.md: fault table rewritten from $(ls "$rows"/*.row | wc -l) rows"
