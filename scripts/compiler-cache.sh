# Sourced by the build scripts (test.sh, bench.sh, fuzz.sh) from the repository's root: compile
# through ccache when it is installed (scripts/install-deps.sh installs it). CCACHE_BASEDIR is the
# checkout, so objects are shared between checkouts in different directories (a clean clone in CI
# reuses what an earlier build of the same sources compiled); CCACHE_NOHASHDIR keeps the build
# directory's absolute path out of the hash of objects with debug information. CMake takes the
# launcher from the environment only when it configures a build directory for the first time.
if command -v ccache > /dev/null; then
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=true
fi
