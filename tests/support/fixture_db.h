// Test databases built from SQL text: the conformance fixture database and small ad-hoc ones.
#pragma once

#include <string>

namespace liteserve::testing {

// A fresh temporary directory for one test (removed at process exit is not required).
std::string temp_dir();
// Creates `path` from the SQL in `sql_file`; throws on failure.
void build_database(const std::string& sql_file, const std::string& path);
// Path to a database built once per test run from the Datasette fixtures SQL.
const std::string& fixtures_db();

}  // namespace liteserve::testing
