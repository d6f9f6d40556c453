# Finds the project's dependencies; each failure names the Debian package to install.
# scripts/setup-debian.sh installs all of them.

macro(ygt_require_package found package_name what)
  if(NOT ${found})
    message(FATAL_ERROR "yigongti needs ${what}. On Debian bookworm: apt-get install ${package_name}"
                        " (or run scripts/setup-debian.sh, which installs every dependency).")
  endif()
endmacro()

find_package(Eigen3 3.4 QUIET NO_MODULE)
ygt_require_package(Eigen3_FOUND libeigen3-dev "Eigen 3.4")

# Debian's default Boost (1.74) has no Boost.JSON: the 1.81 packages are required.
find_package(Boost 1.81 QUIET CONFIG COMPONENTS json program_options)
ygt_require_package(
  Boost_FOUND "libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev"
  "Boost >= 1.81 with JSON and Program_options (Debian's default libboost-dev is 1.74, without Boost.JSON)")

# The optional MPI component (scripts/setup-debian.sh --mpi installs these).
if(YGT_WITH_MPI)
  find_package(MPI QUIET COMPONENTS CXX)
  ygt_require_package(MPI_CXX_FOUND "openmpi-bin libopenmpi-dev" "MPI for YGT_WITH_MPI (Open MPI)")
  find_package(Boost 1.81 QUIET CONFIG COMPONENTS mpi)
  ygt_require_package(boost_mpi_FOUND libboost-mpi1.81-dev "Boost.MPI 1.81 for YGT_WITH_MPI")
endif()
