# CMake toolchain file: 32-bit RISC-V (rv32imac, QEMU virt), bare metal,
# Debian's gcc-riscv64-unknown-elf + picolibc-riscv64-unknown-elf.
# Debian ships no libstdc++ for this compiler: the few C++ headers the reader
# includes come from tools/firmware/rv32-cxx (added by CMakeLists.txt).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_CXX_COMPILER riscv64-unknown-elf-g++)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_AR riscv64-unknown-elf-ar)
set(CMAKE_RANLIB riscv64-unknown-elf-ranlib)
set(CMAKE_SIZE riscv64-unknown-elf-size)
set(CMAKE_NM riscv64-unknown-elf-nm)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(ND_CPU_FLAGS "-march=rv32imac -mabi=ilp32 -mcmodel=medany")
# picolibc's specs (headers, libc.a) go with the compile flags only: links
# pass the compile flags too, and the specs file must be read once.
set(CMAKE_C_FLAGS_INIT "${ND_CPU_FLAGS} --specs=picolibc.specs -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${ND_CPU_FLAGS} --specs=picolibc.specs -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${ND_CPU_FLAGS}")
# -nostartfiles: the reset code is tools/firmware/semihost_rv32.c; picolibc
# gives memcpy/memset/strlen only.
set(CMAKE_EXE_LINKER_FLAGS_INIT "${ND_CPU_FLAGS} -nostartfiles -Wl,--gc-sections")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
