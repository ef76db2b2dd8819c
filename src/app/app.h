// The App owns everything a running liteserve needs (settings, config, databases, router,
// worker pool, HTTP server) and wires them together. Nothing here is global: main builds
// one App from the command line; tests build their own.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/context.h"
#include "api/cors.h"
#include "api/router.h"
#include "config/config.h"
#include "config/settings.h"
#include "db/database.h"

namespace liteserve::http {
class Server;
}

namespace liteserve::app {

struct DatabaseFile {
    std::string path;
    bool immutable = false;
};

struct AppOptions {
    std::vector<DatabaseFile> files;
    bool memory = false;          // add an in-memory "_memory" database
    bool create = false;          // create missing mutable files
    config::Settings settings;
    std::string config_path;
    std::string metadata_path;
    std::string host = "127.0.0.1";
    std::uint16_t port = 8001;
    bool cors = false;
    bool root = false;
    bool default_deny = false;  // --default-deny
    std::string secret;
};

class App {
public:
    // Opens every database and loads the config; throws std::runtime_error (one line) on
    // a missing file, a file that is not SQLite or an invalid config.
    explicit App(AppOptions options);
    ~App();

    // Handles one request synchronously on the calling thread (tests, --get). Every answer,
    // errors included, gets the CORS headers of --cors / cors_origins here.
    Response handle(Request& request) const;
    // Serves HTTP until SIGINT/SIGTERM or stop(); `on_listening` receives the bound port.
    void serve(const std::function<void(std::uint16_t port)>& on_listening);
    // Thread-safe: a running serve() shuts down gracefully, as on SIGTERM (for tests and
    // embedders). It has no effect before serve() has called on_listening or after it returned.
    void stop();

    const AppOptions& options() const { return options_; }
    // What the views see (databases, settings, config): for tests and embedders.
    const api::Context& context() const { return *context_; }

private:
    AppOptions options_;
    config::Config config_;
    std::vector<std::unique_ptr<db::Database>> databases_;
    std::unique_ptr<api::Context> context_;
    api::Router router_;
    api::CorsPolicy cors_;
    std::mutex serving_mutex_;
    http::Server* serving_ = nullptr;  // guarded by serving_mutex_: the server serve() runs
};

// Datasette's database names: the file stem, with _2, _3 … appended to repeats.
std::vector<std::string> database_names(const std::vector<std::string>& paths);

}  // namespace liteserve::app
