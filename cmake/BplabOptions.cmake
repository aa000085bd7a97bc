# One INTERFACE target carries the language standard, the warnings and the
# Qt safety defines; every target of the project links it.
add_library(bplab_options INTERFACE)
target_compile_features(bplab_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(bplab_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wno-missing-field-initializers  # noise with designated initializers
  $<$<BOOL:${BPLAB_WERROR}>:-Werror>)
target_compile_definitions(bplab_options INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
  QT_NO_CAST_FROM_BYTEARRAY QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_KEYWORDS)
if(BPLAB_SANITIZE)
  target_compile_options(bplab_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(bplab_options INTERFACE -fsanitize=address,undefined)
endif()
if(BPLAB_BUILD_FUZZERS)
  # Coverage for libFuzzer in every target; the fuzz targets link its main.
  target_compile_options(bplab_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
