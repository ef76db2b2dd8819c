// Test databases built from SQL text: the conformance fixture database and small ad-hoc ones.
#pragma once

#include <string>

#include "db/catalog.h"

namespace liteserve::testing {

// A fresh temporary directory for one test (removed at process exit is not required).
std::string temp_dir();
// Creates `path` from the SQL in `sql_file`; throws on failure.
void build_database(const std::string& sql_file, const std::string& path);
// Path to a database built once per test run from the Datasette fixtures SQL.
const std::string& fixtures_db();
// The catalog of fixtures_db(), loaded once; and one of its tables (throws when absent).
const db::Schema& fixtures_schema();
const db::Table& fixtures_table(const std::string& name);

}  // namespace liteserve::testing
