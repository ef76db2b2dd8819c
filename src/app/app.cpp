// Wiring: databases and config at start-up, then the HTTP server feeding the worker pool.
#include "app/app.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "api/errors.h"
#include "api/views.h"
#include "app/worker_pool.h"
#include "auth/signing.h"
#include "http/server.h"

namespace liteserve::app {
namespace {

void create_missing(const DatabaseFile& file) {
    if (std::filesystem::exists(file.path)) return;
    db::Connection created(file.path, db::OpenMode::ReadWriteCreate);
    // Writing the header makes the file a real (empty) SQLite database.
    sqlite3_exec(created.handle(), "PRAGMA user_version = 0; VACUUM;", nullptr, nullptr, nullptr);
}

std::unique_ptr<db::Database> open_database(const std::string& name, const DatabaseFile& file,
                                            const AppOptions& options) {
    if (!std::filesystem::exists(file.path)) {
        if (!options.create || file.immutable)
            throw std::runtime_error("Database file does not exist: " + file.path + " (use --create to create it)");
        create_missing(file);
    }
    try {
        db::DatabaseOptions opts{name, file.path, file.immutable, false,
                                 static_cast<std::size_t>(options.settings.num_sql_threads),
                                 static_cast<std::size_t>(options.settings.max_write_batch),
                                 options.settings.cache_size_kb};
        return std::make_unique<db::Database>(opts);
    } catch (const db::SqlError& e) {
        throw std::runtime_error("Cannot open " + file.path + " as a SQLite database: " + e.what());
    }
}

// Access lines go to stdout: line-buffered on a terminal, block-buffered into a file or pipe,
// so a busy server does not pay one write() per request (errors stay on unbuffered stderr).
void log_access(const http::AccessRecord& r) {
    std::fprintf(stdout, "%s %s %d %llu %.1fms\n", r.method.c_str(), r.target.c_str(), r.status,
                 static_cast<unsigned long long>(r.bytes), r.milliseconds);
}

}  // namespace

std::vector<std::string> database_names(const std::vector<std::string>& paths) {
    std::vector<std::string> names;
    for (const auto& path : paths) {
        std::string stem = std::filesystem::path(path).stem().string();
        std::string name = stem;
        for (int i = 2; std::find(names.begin(), names.end(), name) != names.end(); ++i)
            name = stem + "_" + std::to_string(i);
        names.push_back(name);
    }
    return names;
}

App::App(AppOptions options) : options_(std::move(options)) {
    try {
        config_ = config::load_config(options_.config_path, options_.metadata_path);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(e.what());
    }
    std::vector<std::string> paths;
    for (const auto& f : options_.files) paths.push_back(f.path);
    auto names = database_names(paths);
    for (std::size_t i = 0; i < options_.files.size(); ++i)
        databases_.push_back(open_database(names[i], options_.files[i], options_));
    if (options_.memory || databases_.empty())
        databases_.push_back(std::make_unique<db::Database>(db::DatabaseOptions{"_memory", "", false, true, 1}));

    // As Datasette: without a configured secret each process signs with a random one, so tokens
    // made elsewhere do not verify here.
    std::string secret = options_.secret.empty() ? auth::random_secret() : options_.secret;
    context_ = std::make_unique<api::Context>(
        api::Context{options_.settings, config_, {}, options_.root, secret, options_.default_deny});
    for (auto& database : databases_) context_->databases.push_back(database.get());
    api::register_routes(router_, *context_);
    try {
        cors_ = api::cors_policy(options_.cors, options_.settings.cors_origins);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(e.what());
    }
}

App::~App() = default;

Response App::handle(Request& request) const {
    if (options_.settings.force_https_urls) request.scheme = "https";
    Response response = router_.handle(request);
    api::apply_cors(cors_, request, response);
    return response;
}

void App::serve(const std::function<void(std::uint16_t)>& on_listening) {
    const auto& s = options_.settings;
    WorkerPool pool(static_cast<std::size_t>(s.num_sql_threads), static_cast<std::size_t>(s.max_queued_requests));
    // Requests that may write wait for their database's writer to commit (an fsync); they get
    // threads of their own so that reads never queue behind a commit.
    WorkerPool write_pool(static_cast<std::size_t>(s.write_threads), static_cast<std::size_t>(s.max_queued_requests),
                          IdleWait::Sleep);
    http::ServerOptions server_options;
    server_options.host = options_.host;
    server_options.port = options_.port;
    server_options.io_threads = static_cast<std::size_t>(s.io_threads);
    server_options.limits.body_bytes = static_cast<std::size_t>(s.max_body_kb) * 1024;
    server_options.limits.header_bytes = static_cast<std::size_t>(s.max_header_kb) * 1024;
    server_options.limits.read_timeout = std::chrono::milliseconds(s.read_timeout_ms);
    server_options.limits.idle_timeout = std::chrono::milliseconds(s.keep_alive_timeout_ms);
    server_options.limits.max_pipelined = static_cast<std::size_t>(s.max_pipelined_requests);
    server_options.limits.max_connections = static_cast<std::size_t>(s.max_connections);
    server_options.dispatch = [this, &pool, &write_pool](Request request, std::function<void(Response)> respond) {
        auto shared = std::make_shared<Request>(std::move(request));
        bool reads = shared->method == "GET" || shared->method == "HEAD" || shared->method == "OPTIONS";
        bool queued = (reads ? pool : write_pool).try_post([this, shared, respond] {
            // A client that left while its request waited in the queue gets no SQL run at all.
            if (shared->is_cancelled()) return respond(api::error_response(499, "Client closed the request"));
            respond(handle(*shared));
        });
        if (queued) return;
        Response busy = api::error_response(503, "Server busy: too many queued requests");
        api::apply_cors(cors_, *shared, busy);
        respond(std::move(busy));
    };
    server_options.offload = [&pool](std::function<void()> work) { return pool.try_post(std::move(work)); };
    server_options.access_log = log_access;
    http::Server server(std::move(server_options));
    {
        std::lock_guard lock(serving_mutex_);
        serving_ = &server;
    }
    on_listening(server.port());
    server.run();
    {
        std::lock_guard lock(serving_mutex_);
        serving_ = nullptr;
    }
    std::fflush(stdout);
}

void App::stop() {
    std::lock_guard lock(serving_mutex_);
    if (serving_) serving_->stop();
}

}  // namespace liteserve::app
