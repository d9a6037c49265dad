#include "cli/app.h"

int main(int argc, char** argv) { return overstap::cli::Run(argc, argv); }
