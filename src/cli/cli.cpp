// Subcommand dispatch and the serve/--get/create-token flows; every failure becomes one stderr line.
#include "cli/cli.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/create_token.h"
#include "cli/serve_options.h"

namespace liteserve::cli {
namespace {

Request get_request(const std::string& path) {
    Request request;
    request.method = "GET";
    request.target = path;
    auto q = path.find('?');
    request.path = path.substr(0, q);
    if (q != std::string::npos) request.query = path.substr(q + 1);
    request.headers.emplace_back("host", "localhost");
    return request;
}

int serve(const std::vector<std::string>& args) {
    ServeCommand cmd = parse_serve(args);
    if (cmd.help) { std::cout << serve_help(); return 0; }
    if (cmd.help_settings) { std::cout << settings_help(); return 0; }
    if (cmd.version) { std::cout << "liteserve, version " << LITESERVE_VERSION << "\n"; return 0; }
    app::App app(std::move(cmd.app));
    if (cmd.get_path) {
        Request request = get_request(*cmd.get_path);
        Response response = app.handle(request);
        std::cout << response.body << "\n";
        return response.status == 200 ? 0 : 1;
    }
    app.serve([&](std::uint16_t port) {
        std::fprintf(stderr, "liteserve %s serving on http://%s:%u/\n", LITESERVE_VERSION,
                     app.options().host.c_str(), static_cast<unsigned>(port));
    });
    return 0;
}

int create_token(const std::vector<std::string>& args) {
    std::optional<std::string> env_secret;
    if (const char* env = std::getenv("DATASETTE_SECRET")) env_secret = env;
    CreateTokenCommand cmd = parse_create_token(args, env_secret);
    std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    return run_create_token(cmd, now, std::cout, std::cerr);
}

}  // namespace

int run(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args.front() == "serve") args.erase(args.begin());
    try {
        if (!args.empty() && args.front() == "create-token") return create_token({args.begin() + 1, args.end()});
        return serve(args);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "Error: %s\n", e.what());
        return 1;
    }
}

}  // namespace liteserve::cli
