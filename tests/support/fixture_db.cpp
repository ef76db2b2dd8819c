// Builds test databases with the sqlite3 C API from checked-in SQL files.
#include "support/fixture_db.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <sqlite3.h>

#include "db/connection.h"

namespace liteserve::testing {

std::string temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "liteserve-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

void build_database(const std::string& sql_file, const std::string& path) {
    std::ifstream in(sql_file);
    if (!in) throw std::runtime_error("missing fixture SQL: " + sql_file);
    std::stringstream sql;
    sql << in.rdbuf();
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.str().c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error("building " + path + ": " + message);
}

const std::string& fixtures_db() {
    static const std::string path = [] {
        std::string p = temp_dir() + "/fixtures.db";
        build_database(LITESERVE_FIXTURES_SQL, p);
        return p;
    }();
    return path;
}

const db::Schema& fixtures_schema() {
    static const auto schema = [] {
        db::Connection conn(fixtures_db(), db::OpenMode::ReadOnly);
        return db::load_schema(conn);
    }();
    return *schema;
}

const db::Table& fixtures_table(const std::string& name) {
    const db::Table* table = fixtures_schema().find(name);
    if (!table) throw std::runtime_error("no table " + name + " in the fixtures");
    return *table;
}

}  // namespace liteserve::testing
