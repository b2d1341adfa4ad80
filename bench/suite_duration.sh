#!/usr/bin/env bash
# The whole suite's wall time in one process and with N xdist workers, and their ratio.
# Usage: bench/suite_duration.sh [N]   (after `make test-db`; INI=var/other.ini to use another
# configuration, whose workers' files var/<stem>-gwI.ini must exist). Takes serial + parallel time.
set -uo pipefail
cd "$(dirname "$0")/.."
N="${1:-4}"; INI="${INI:-test.ini}"
run() {
    local start=$SECONDS
    .venv/bin/python -m pytest --ckan-ini="$INI" -q -p no:randomly "$@" >"/tmp/suite-duration-$$.log" 2>&1
    local rc=$?
    echo "$((SECONDS - start)) $rc $(tail -n 1 "/tmp/suite-duration-$$.log")"
}
read -r serial serial_rc serial_tail < <(run -p no:xdist)
echo "serial:   ${serial} s (exit $serial_rc) $serial_tail"
read -r parallel parallel_rc parallel_tail < <(run -n "$N")
echo "parallel: ${parallel} s with $N workers (exit $parallel_rc) $parallel_tail"
awk -v s="$serial" -v p="$parallel" 'BEGIN { if (p > 0) printf "speed-up: %.2fx\n", s / p }'
[ "$serial_rc" = 0 ] && [ "$parallel_rc" = 0 ]
