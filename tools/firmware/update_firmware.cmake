# The update demo firmware (issue 18): included from CMakeLists.txt after
# sodium_verify.cmake. Built only when ND_FW_UPDATE_DIR names the output of
# nd_fw_update_corpus (update_old.ndg, update.ndu, update_bad.ndu,
# update_badsig.ndu, update_expected.h, update_key.h) and ND_SODIUM_DIR the
# libsodium sources (SHA-512 and the signature verify); see update-demo.sh,
# which the ctests firmware_update_* run.
set(ND_FW_UPDATE_DIR "" CACHE PATH "nd_fw_update_corpus output (empty: no update firmware)")
if(NOT ND_FW_UPDATE_DIR STREQUAL "")
if(NOT TARGET nd_device_reader_sign)
  message(FATAL_ERROR "ND_FW_UPDATE_DIR needs ND_SODIUM_DIR (libsodium sources: SHA-512 and signature verify)")
endif()

# The applier, same sources as the host; SHA-512 from the verify-only
# libsodium build (nd_device_reader_sign), as on the host.
add_library(nd_dev_update OBJECT ${ND_ROOT}/core/update/nd_update_apply.cc ${ND_ROOT}/core/update/nd_update_sha512.cc)
target_include_directories(nd_dev_update PUBLIC ${ND_ROOT}/core/update/include ${ND_ROOT}/core/reader/include
  ${ND_ROOT}/core/format/include PRIVATE ${ND_S}/include)
target_compile_definitions(nd_dev_update PRIVATE ${ND_STRIP_DEFS} NEWSDIGEST_UPDATE_LIBSODIUM)
target_compile_features(nd_dev_update PRIVATE cxx_std_17)
target_compile_options(nd_dev_update PRIVATE ${ND_OPT} -fno-exceptions -fno-rtti -Wall -Wextra -Wshadow -Wconversion
  -Wno-sign-conversion)

# good: the signed edition 2 (must apply); bad: a tampered update, CRC
# recomputed (ND_ERR_UPDATE_TAMPERED); badsig: edition 2 correctly hashed
# but signed by another key (ND_ERR_WRONG_KEY from the signature step).
foreach(kind good bad badsig)
  if(kind STREQUAL "good")
    set(name nd_fw_update)
    set(ND_FWU_UPDATE_FILE ${ND_FW_UPDATE_DIR}/update.ndu)
    set(expect)
  elseif(kind STREQUAL "bad")
    set(name nd_fw_update_reject)
    set(ND_FWU_UPDATE_FILE ${ND_FW_UPDATE_DIR}/update_bad.ndu)
    set(expect ND_FWU_EXPECT_REJECT=ND_ERR_UPDATE_TAMPERED)
  else()
    set(name nd_fw_update_reject_sig)
    set(ND_FWU_UPDATE_FILE ${ND_FW_UPDATE_DIR}/update_badsig.ndu)
    set(expect ND_FWU_EXPECT_REJECT=ND_ERR_WRONG_KEY)
  endif()
  set(ND_FWU_OLD_FILE ${ND_FW_UPDATE_DIR}/update_old.ndg)
  configure_file(update_blob.S.in ${CMAKE_CURRENT_BINARY_DIR}/${name}_blob.S @ONLY)
  set_source_files_properties(${CMAKE_CURRENT_BINARY_DIR}/${name}_blob.S PROPERTIES
    OBJECT_DEPENDS "${ND_FWU_OLD_FILE};${ND_FWU_UPDATE_FILE}")
  add_executable(${name} update_main.cc semihost.c ${CMAKE_CURRENT_BINARY_DIR}/${name}_blob.S
    $<TARGET_OBJECTS:nd_dev_update>)
  set_target_properties(${name} PROPERTIES SUFFIX ".elf")
  target_link_libraries(${name} PRIVATE nd_device_reader_sign nd_device_reader)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${ND_FW_UPDATE_DIR} ${ND_ROOT}/core/update/include)
  target_compile_definitions(${name} PRIVATE ${ND_STRIP_DEFS} ${expect})
  target_compile_options(${name} PRIVATE ${ND_OPT} $<$<COMPILE_LANGUAGE:CXX>:-std=c++17> $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions>
    $<$<COMPILE_LANGUAGE:CXX>:-fno-rtti>)
  target_link_options(${name} PRIVATE -T${CMAKE_CURRENT_SOURCE_DIR}/mps2_an386.ld
    -Wl,--defsym=ND_RAM_BUDGET=${ND_RAM_BUDGET} -Wl,--defsym=ND_STACK_SIZE=${ND_STACK_SIZE}
    -Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/${name}.map)
  set_target_properties(${name} PROPERTIES LINK_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/mps2_an386.ld)
endforeach()
endif()
