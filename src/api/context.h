// What every view needs: settings, configuration, the served databases and the token secret.
// Built once by the App; views only read it, so it is shared between worker threads without
// locks.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/settings.h"
#include "db/database.h"

namespace liteserve::api {

struct Context {
    const config::Settings& settings;
    const config::Config& config;
    std::vector<db::Database*> databases;  // in command-line order
    bool root_enabled = false;
    // The secret that signs and checks tokens (--secret, $DATASETTE_SECRET, or random).
    std::string secret;
    bool default_deny = false;  // --default-deny: nothing is allowed unless configured

    // The database with this URL name; throws HttpError 404 "Database not found".
    db::Database& database(std::string_view name) const;
    // Configured options for a table (defaults when none).
    const config::TableConfig& table_config(std::string_view db, std::string_view table) const;
};

}  // namespace liteserve::api
