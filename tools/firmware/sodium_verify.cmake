# Signature verification on the device (issue 18): libsodium's SHA-512 and
# Ed25519 verify, compiled verify-only from the Debian source package that
# tools/fetch-device-sources.sh fetches ("libsodium-dev=<dir>"), never
# committed; plus the reader's nd_reader_sign.cc. Nothing here allocates.
# Included from CMakeLists.txt; does nothing unless ND_SODIUM_DIR is set, so
# the plain reader build is unchanged. CPU-neutral: every flag comes from
# the toolchain file and ND_OPT; the byte order from CMake.
#   -DND_SODIUM_DIR=<libsodium source>  -> targets nd_device_reader_sign (library)
#   and, with ND_FW_CORPUS_DIR holding signed.ndg + sign_key.h (from
#   sign_fw_corpus), the firmware nd_fw_sign (tools/firmware/sodium_verify_main.cc).
set(ND_SODIUM_DIR "" CACHE PATH "libsodium source tree (Debian source package); empty: no signature verify")
if(NOT ND_SODIUM_DIR)
  return()
endif()
set(ND_S ${ND_SODIUM_DIR}/src/libsodium)
if(NOT EXISTS ${ND_S}/crypto_sign/ed25519/ref10/open.c)
  message(FATAL_ERROR "ND_SODIUM_DIR: no libsodium sources in '${ND_SODIUM_DIR}'")
endif()
# Only what crypto_sign_ed25519_verify_detached and crypto_hash_sha512 use;
# the linker's section GC drops the rest of ed25519_ref10.c (signing's
# base-point tables). Our stubs replace utils.c, core.c and sign.c.
add_library(nd_dev_sodium OBJECT
  ${ND_S}/crypto_sign/ed25519/ref10/open.c
  ${ND_S}/crypto_core/ed25519/ref10/ed25519_ref10.c
  ${ND_S}/crypto_hash/sha512/cp/hash_sha512_cp.c
  ${ND_S}/crypto_verify/sodium/verify.c
  ${CMAKE_CURRENT_LIST_DIR}/sodium_verify_stubs.c)
target_include_directories(nd_dev_sodium PUBLIC ${ND_S}/include PRIVATE ${ND_S}/include/sodium)
target_compile_definitions(nd_dev_sodium PRIVATE CONFIGURED=1)
if(CMAKE_C_BYTE_ORDER STREQUAL "LITTLE_ENDIAN")
  target_compile_definitions(nd_dev_sodium PRIVATE NATIVE_LITTLE_ENDIAN=1)
elseif(CMAKE_C_BYTE_ORDER STREQUAL "BIG_ENDIAN")
  target_compile_definitions(nd_dev_sodium PRIVATE NATIVE_BIG_ENDIAN=1)
endif()
target_compile_options(nd_dev_sodium PRIVATE ${ND_OPT} -w)

add_library(nd_dev_reader_sign OBJECT ${ND_ROOT}/core/reader/nd_reader_sign.cc)
target_include_directories(nd_dev_reader_sign PRIVATE ${ND_ROOT}/core/reader/include ${ND_ROOT}/core/format/include
  ${ND_S}/include)
target_link_libraries(nd_dev_reader_sign PRIVATE nd_dev_zstd)
target_compile_definitions(nd_dev_reader_sign PRIVATE ${ND_STRIP_DEFS} NEWSDIGEST_READER_NO_DDICT)
target_compile_features(nd_dev_reader_sign PRIVATE cxx_std_17)
target_compile_options(nd_dev_reader_sign PRIVATE ${ND_OPT} -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion)

# What a device project links besides nd_device_reader.
add_library(nd_device_reader_sign STATIC $<TARGET_OBJECTS:nd_dev_reader_sign> $<TARGET_OBJECTS:nd_dev_sodium>)
target_include_directories(nd_device_reader_sign PUBLIC ${ND_ROOT}/core/reader/include ${ND_ROOT}/core/format/include)

if(EXISTS ${ND_FW_CORPUS_DIR}/sign_key.h)
  nd_firmware(nd_fw_sign ${CMAKE_CURRENT_LIST_DIR}/sodium_verify_main.cc)
  target_link_libraries(nd_fw_sign PRIVATE nd_device_reader_sign)
endif()
