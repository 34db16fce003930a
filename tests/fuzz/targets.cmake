# The fuzz harnesses' entry functions (fuzz_targets.hpp), as one library: the libFuzzer
# programs of tests/fuzz/CMakeLists.txt link it, and so does heard_tests, which feeds it
# every seed and every kept crash (tests/test_fuzz_inputs.cpp).
set(HEARD_FUZZ_NAMES hub_batch survey device_config hub_reply script csv_round_trip hub_http config_download)
set(fuzz_dir ${PROJECT_SOURCE_DIR}/tests/fuzz)
list(TRANSFORM HEARD_FUZZ_NAMES PREPEND ${fuzz_dir}/ OUTPUT_VARIABLE fuzz_sources)
list(TRANSFORM fuzz_sources APPEND .cpp)
add_library(heard_fuzz_targets STATIC ${fuzz_sources}
  ${fuzz_dir}/hub_http_chain.cpp
  # The code under test that lives in a program rather than a library.
  ${PROJECT_SOURCE_DIR}/platform/script.cpp)
target_include_directories(heard_fuzz_targets PUBLIC ${fuzz_dir})
target_link_libraries(heard_fuzz_targets PUBLIC heard_hub heard_config heard_sync heard_store heard_core
                      PRIVATE heard_warnings)
if(TARGET heard_ui)
  target_link_libraries(heard_fuzz_targets PUBLIC heard_ui)
else()
  # Without the kiosk (the fuzz build) the translations reader alone; it needs no ImGui.
  target_sources(heard_fuzz_targets PRIVATE ${PROJECT_SOURCE_DIR}/src/ui/i18n.cpp)
endif()
