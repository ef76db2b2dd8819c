// The serve command's options table and its validation.
#include "cli/serve_options.h"

#include <cstdlib>
#include <sstream>

#include <boost/program_options.hpp>

namespace liteserve::cli {
namespace po = boost::program_options;
namespace {

po::options_description describe() {
    po::options_description options("Options");
    options.add_options()
        ("setting,s", po::value<std::vector<std::string>>(), "Setting: -s NAME VALUE (repeatable; see --help-settings)")
        ("immutable,i", po::value<std::vector<std::string>>()->composing(), "Database file to open read-only and immutable (repeatable)")
        ("host,h", po::value<std::string>()->default_value("127.0.0.1"), "Host to listen on (0.0.0.0 for all interfaces)")
        ("port,p", po::value<int>()->default_value(8001), "Port to listen on; 0 picks a free port")
        ("cors", po::bool_switch(), "Send CORS headers (Access-Control-Allow-Origin: *)")
        ("config,c", po::value<std::string>(), "Datasette configuration file (JSON): table options, stored queries")
        ("metadata,m", po::value<std::string>(), "Datasette metadata file (JSON): titles, descriptions")
        ("secret", po::value<std::string>(), "Secret for signing tokens (default: $DATASETTE_SECRET)")
        ("root", po::bool_switch(), "Enable the root actor (every permission)")
        ("default-deny", po::bool_switch(), "Deny every permission unless the configuration grants it")
        ("create", po::bool_switch(), "Create database files that do not exist")
        ("memory", po::bool_switch(), "Also serve an in-memory database named _memory")
        ("get", po::value<std::string>(), "Handle one GET request for PATH in-process, print the body, exit (1 unless 200)")
        ("version", po::bool_switch(), "Print the version and exit")
        ("help", po::bool_switch(), "Show this help and exit")
        ("help-settings", po::bool_switch(), "List every --setting with its default and exit");
    return options;
}

// `-s NAME VALUE` takes exactly two values, which Program_options cannot express (a
// multitoken option would also swallow the database files after it), so the pairs are taken
// out of the arguments before parsing.
std::vector<std::string> take_settings(std::vector<std::string>& args, config::Settings& settings) {
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != "-s" && args[i] != "--setting") {
            rest.push_back(args[i]);
            continue;
        }
        if (i + 2 >= args.size())
            throw std::invalid_argument("--setting needs a NAME and a VALUE, e.g. --setting default_page_size 50");
        config::apply_setting(settings, args[i + 1], args[i + 2]);
        i += 2;
    }
    return rest;
}

}  // namespace

std::string serve_help() {
    std::ostringstream out;
    out << "Usage: liteserve [serve] [FILES]... [OPTIONS]\n\n"
           "Serve SQLite database files as a Datasette-compatible JSON API.\n\n"
        << describe();
    return out.str();
}

std::string settings_help() {
    config::Settings defaults;
    std::ostringstream out;
    out << "Settings (--setting NAME VALUE):\n";
    for (const auto& info : config::setting_infos())
        out << "  " << info.name << " (default " << config::setting_json(defaults, info.name) << ")\n      "
            << info.help << "\n";
    return out.str();
}

ServeCommand parse_serve(std::vector<std::string> args) {
    ServeCommand cmd;
    args = take_settings(args, cmd.app.settings);
    po::options_description options = describe();
    po::options_description hidden;
    hidden.add_options()("files", po::value<std::vector<std::string>>()->composing());
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("files", -1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw std::invalid_argument(e.what());
    }
    cmd.help = vm["help"].as<bool>();
    cmd.help_settings = vm["help-settings"].as<bool>();
    cmd.version = vm["version"].as<bool>();
    app::AppOptions& app = cmd.app;
    if (vm.count("files"))
        for (const auto& f : vm["files"].as<std::vector<std::string>>()) app.files.push_back({f, false});
    if (vm.count("immutable"))
        for (const auto& f : vm["immutable"].as<std::vector<std::string>>()) app.files.push_back({f, true});
    app.host = vm["host"].as<std::string>();
    int port = vm["port"].as<int>();
    if (port < 0 || port > 65535) throw std::invalid_argument("--port must be between 0 and 65535");
    app.port = static_cast<std::uint16_t>(port);
    app.cors = vm["cors"].as<bool>();
    app.root = vm["root"].as<bool>();
    app.default_deny = vm["default-deny"].as<bool>();
    app.create = vm["create"].as<bool>();
    app.memory = vm["memory"].as<bool>();
    if (vm.count("config")) app.config_path = vm["config"].as<std::string>();
    if (vm.count("metadata")) app.metadata_path = vm["metadata"].as<std::string>();
    if (vm.count("secret")) app.secret = vm["secret"].as<std::string>();
    else if (const char* env = std::getenv("DATASETTE_SECRET")) app.secret = env;
    if (vm.count("get")) cmd.get_path = vm["get"].as<std::string>();
    return cmd;
}

}  // namespace liteserve::cli
