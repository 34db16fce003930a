// libFuzzer's door to one entry function of fuzz_targets.hpp; CMake compiles this file once
// per harness with HEARD_FUZZ_ENTRY naming the function.
#include <cstddef>
#include <cstdint>

#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  heard::fuzz::HEARD_FUZZ_ENTRY(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
