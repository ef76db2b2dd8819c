// Config files written to a temporary folder for tests, and the one-line error load_config
// gives for a bad one (without the file path it starts with).
#pragma once

#include <fstream>
#include <stdexcept>
#include <string>

#include "config/config.h"
#include "support/fixture_db.h"

namespace liteserve::testing {

inline std::string write_file(const std::string& name, const std::string& content) {
    static const std::string dir = temp_dir();
    std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

// The message load_config throws for a config file with this content, or "no error".
inline std::string config_error(const std::string& json, const std::string& file_name = "bad.json") {
    std::string path = write_file(file_name, json);
    try {
        config::load_config(path, "");
    } catch (const std::invalid_argument& e) {
        std::string message = e.what();
        // Every message starts with the file's path.
        if (message.rfind(path + ": ", 0) != 0) return "message without the path: " + message;
        return message.substr(path.size() + 2);
    }
    return "no error";
}

}  // namespace liteserve::testing
