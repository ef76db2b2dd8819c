// Reading the permission rules out of a parsed config or metadata file: `allow`, `allow_sql`
// and `permissions` blocks at the instance, database and table/query levels, shapes checked.
#pragma once

#include <string>

#include <rapidjson/document.h>

#include "auth/rules.h"

namespace liteserve::config {

// The rules of a config file (every block). Throws std::invalid_argument "FILE: WHERE must …"
// for a block of the wrong shape.
auth::PermissionRules load_permission_rules(const std::string& file, const rapidjson::Value& root);

// The `allow` blocks of a metadata file, which Datasette still accepts there (it moves them
// into the configuration; `allow_sql` and `permissions` blocks it does not).
auth::PermissionRules load_metadata_allow_blocks(const std::string& file, const rapidjson::Value& root);

// Lays the metadata file's allow blocks over the config file's rules: a metadata block
// replaces the config file's at the same place, as Datasette's move into the config does.
void overlay_allow_blocks(auth::PermissionRules& rules, const auth::PermissionRules& metadata);

// Removes the `allow` keys from a metadata file's instance, database, table and query objects,
// as Datasette does when it moves them to the configuration.
void strip_allow_blocks(rapidjson::Value& root);

}  // namespace liteserve::config
