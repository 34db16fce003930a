#pragma once
// The script commands only tests need, added to the headless driver by heard-kiosk-test
// (kiosk_test_main.cpp), so the shipped heard-kiosk never carries them:
//   disk fill | disk free | disk writable   only under ui_script_test's #small-disk, which
//     names its tmpfs in HEARD_TEST_DISK: fill it to the last byte, free that again, or
//     remount it read-write (it was mounted read-only before the kiosk started)
//   stage-survey FILE   FILE (a hub publication, as GET .../config sends it) staged as the sync
//     worker stages a download; expect-survey VERSION: the survey the kiosk runs now
//   monkey SEED COUNT   COUNT random actions from SEED (monkey.hpp), each followed by the
//     invariants' check (monkey_invariants.hpp)
#include "script.hpp"

namespace heard::kiosk {

const ScriptCommands& test_script_commands();

}  // namespace heard::kiosk
