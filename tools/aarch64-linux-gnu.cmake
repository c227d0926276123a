# CMake toolchain file: cross-compile fastact for 64-bit Arm Linux (glibc) with
# Debian's cross GCC (apt-get install gcc-aarch64-linux-gnu), from an x86-64 host.
# tools/test_aarch64.sh uses it; by hand:
#   cmake -S . -B build/aarch64/cmake -DCMAKE_TOOLCHAIN_FILE=tools/aarch64-linux-gnu.cmake \
#         -DPython_EXECUTABLE=<host python> -DPython_INCLUDE_DIR=<arm64 headers> \
#         -DPython_SOABI=cpython-311-aarch64-linux-gnu -DPython_NumPy_INCLUDE_DIR=<arm64 numpy>
# Another cross compiler: -DFASTACT_CROSS_PREFIX=/path/to/aarch64-linux-gnu- (its gcc is used).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(FASTACT_CROSS_PREFIX "aarch64-linux-gnu-" CACHE STRING "prefix of the cross tools (gcc, ar, ...)")
set(CMAKE_C_COMPILER "${FASTACT_CROSS_PREFIX}gcc")

# Generic ARMv8.0-A, whatever the compiler's default: NEON (Advanced SIMD) and
# FMA are part of it, so the baseline kernels are vectorised with NEON at -O3.
set(CMAKE_C_FLAGS_INIT "-march=armv8-a")

# Programs (the host Python that runs the table generator and Cython) come from
# the host; nothing else is looked up in host paths: the arm64 headers and
# libraries are passed explicitly.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
