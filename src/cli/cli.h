// Command-line entry: `liteserve [serve] FILES… [options]` and `liteserve create-token ACTOR …`
// (Datasette's commands and flags).
#pragma once

namespace liteserve::cli {

// Parses argv, runs the subcommand and returns the process exit code. Errors are reported
// as one line on stderr with exit code 1.
int run(int argc, char** argv);

}  // namespace liteserve::cli
