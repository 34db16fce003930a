# Cross build for 64-bit ARM boards on a Debian x86-64 machine (preset "arm64", or
# tools/dev cross-arm64). Uses Debian's g++-aarch64-linux-gnu and multiarch development
# packages (libsqlite3-dev:arm64, ...), which put arm64 libraries in /usr/lib/aarch64-linux-gnu
# beside the native ones and share /usr/include. Header-only packages (catch2,
# nlohmann-json3-dev) are used as installed for the build machine.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Makes find_library look in /usr/lib/aarch64-linux-gnu and never in the x86-64 folder.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# The cross compiler's own runtime (libstdc++, libc) lives under /usr/aarch64-linux-gnu; the
# multiarch packages live under /. Programs (pkg-config, gzip, help2man) come from the host.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# pkg-config reads only arm64 .pc files (and the architecture-independent ones).
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# Tests run through qemu-user when it is installed (Debian package qemu-user); CTest puts
# this in front of every test program. QEMU_LD_PREFIX tells qemu where the arm64 loader is.
find_program(HEARD_QEMU_AARCH64 qemu-aarch64)
if(HEARD_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${HEARD_QEMU_AARCH64} -L /usr/aarch64-linux-gnu)
endif()

# CPack names the .deb for the target, not for the build machine.
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
