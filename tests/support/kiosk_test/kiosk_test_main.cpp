// heard-kiosk-test: heard-kiosk with the tests' own script commands (kiosk_test_commands.hpp).
#include "kiosk_test_commands.hpp"
#include "programs.hpp"

int main(int argc, char** argv) { return heard::kiosk::kiosk_main(argc, argv, heard::kiosk::test_script_commands()); }
