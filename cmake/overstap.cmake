# Small helpers so every folder is declared the same way.

# overstap_library(NAME SOURCES ... DEPS ...): one static library per src/ folder.
function(overstap_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(overstap_${name} STATIC ${ARG_SOURCES})
  target_include_directories(overstap_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(overstap_${name} PUBLIC ${ARG_DEPS})
endfunction()

# overstap_test(NAME SOURCES ... DEPS ... LABELS ... [PROPERTIES <name> <value> ...]): one
# GoogleTest binary; PROPERTIES are further CTest properties of each of its tests.
function(overstap_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS;PROPERTIES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    OVERSTAP_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    OVERSTAP_BINARY="$<TARGET_FILE:overstap>")
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" ${ARG_PROPERTIES}
    DISCOVERY_TIMEOUT 60)
endfunction()

# overstap_bench(NAME SOURCES ... DEPS ...): one Google Benchmark binary.
function(overstap_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
endfunction()
