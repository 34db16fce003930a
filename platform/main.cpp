// heard-kiosk: the customer-facing kiosk. See options.cpp for the command line.
#include "programs.hpp"

int main(int argc, char** argv) { return heard::kiosk::kiosk_main(argc, argv, {}); }
