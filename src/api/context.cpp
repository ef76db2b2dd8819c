// Context lookups shared by the views.
#include "api/context.h"

#include "liteserve/error.h"

namespace liteserve::api {

db::Database& Context::database(std::string_view name) const {
    for (db::Database* db : databases)
        if (db->name() == name) return *db;
    throw not_found("Database not found");
}

const config::TableConfig& Context::table_config(std::string_view db, std::string_view table) const {
    static const config::TableConfig defaults;
    const config::TableConfig* found = config.table(db, table);
    return found ? *found : defaults;
}

}  // namespace liteserve::api
