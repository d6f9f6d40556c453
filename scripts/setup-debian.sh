#!/bin/sh
# Installs what yigongti needs to build and test on Debian bookworm, from
# Debian's archive only. Installs nothing that is already there; safe to re-run.
#   scripts/setup-debian.sh            compiler, CMake, Ninja, Eigen, Boost 1.81, GoogleTest, Benchmark
#   scripts/setup-debian.sh PACKAGE..  the same plus extra Debian packages (CI adds clang-format)
#   scripts/setup-debian.sh --mpi      the same plus Open MPI and Boost.MPI, for -DYGT_WITH_MPI=ON
#   scripts/setup-debian.sh --python   the same plus pybind11, NumPy, pandas, pytest and matplotlib
#                                      for /usr/bin/python3 (the Python package, bindings/python)
#   scripts/setup-debian.sh --r        the same plus R and Rcpp (the R package, bindings/r)
set -eu

extra=""
for arg in "$@"; do
  case "$arg" in
    --mpi) extra="$extra libboost-mpi1.81-dev openmpi-bin libopenmpi-dev" ;;
    --python) extra="$extra python3 python3-dev pybind11-dev python3-numpy python3-pandas python3-pytest python3-matplotlib" ;;
    --r) extra="$extra r-base-core r-cran-rcpp" ;;
    *) extra="$extra $arg" ;;
  esac
done

packages="g++ cmake ninja-build libeigen3-dev libboost1.81-dev libboost-json1.81-dev
libboost-program-options1.81-dev libgtest-dev libbenchmark-dev $extra"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
  else
    echo "setup-debian.sh: these packages are missing and installing them needs root:$missing" >&2
    exit 1
  fi
else
  as_root=""
fi
echo "setup-debian.sh: installing$missing" >&2
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
