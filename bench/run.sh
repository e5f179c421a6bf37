#!/bin/sh
# run.sh — the benchmarks of `make bench`; each prints its baseline from the same run and the ratio.
set -eu
cd "$(dirname "$0")/.."
export LANG="${LANG:-en_US.UTF-8}"
go run ./bench "$@"
