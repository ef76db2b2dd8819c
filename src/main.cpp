// liteserve's entry point: everything happens in cli::run.
#include "cli/cli.h"

int main(int argc, char** argv) { return liteserve::cli::run(argc, argv); }
