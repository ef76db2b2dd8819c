// Parsing `liteserve serve` arguments into AppOptions with Boost.Program_options.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/app.h"

namespace liteserve::cli {

struct ServeCommand {
    app::AppOptions app;
    std::optional<std::string> get_path;  // --get PATH: one in-process request, then exit
    bool help = false;
    bool help_settings = false;
    bool version = false;
};

// Throws std::invalid_argument with a one-line message for bad arguments.
ServeCommand parse_serve(std::vector<std::string> args);
std::string serve_help();
std::string settings_help();

}  // namespace liteserve::cli
