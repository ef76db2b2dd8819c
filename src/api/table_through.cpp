// Parsing and checking ?_through= and turning it into a subquery on the linking table.
#include "api/table_through.h"

#include <algorithm>

#include <rapidjson/document.h>

#include "api/cells.h"
#include "db/quote.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

struct Through {
    const db::Table* table;
    std::string column;
    db::Value value;
};

std::string member_text(const rapidjson::Document& doc, const char* key) {
    auto it = doc.FindMember(key);
    if (it == doc.MemberEnd() || !it->value.IsString())
        throw bad_request(std::string("_through needs a \"") + key + "\" string");
    return it->value.GetString();
}

db::Value member_value(const rapidjson::Document& doc) {
    auto it = doc.FindMember("value");
    if (it == doc.MemberEnd()) throw bad_request("_through needs a \"value\"");
    const auto& v = it->value;
    if (v.IsInt64()) return v.GetInt64();
    if (v.IsNumber()) return v.GetDouble();
    if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
    throw bad_request("_through \"value\" must be a string or a number");
}

Through parse_through(const db::Schema& schema, const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError() || !doc.IsObject())
        throw bad_request("_through must be a JSON object with \"table\", \"column\" and \"value\"");
    std::string table_name = member_text(doc, "table");
    const db::Table* through = schema.find(table_name);
    if (!through || through->is_view) throw bad_request("_through table not found: " + table_name);
    return {through, member_text(doc, "column"), member_value(doc)};
}

}  // namespace

ThroughPlan plan_through(const db::Schema& schema, const db::Table& table, const QueryArgs& args,
                         std::size_t first_param) {
    ThroughPlan plan;
    for (const auto& text : args.every("_through")) {
        Through t = parse_through(schema, text);
        auto fk = std::find_if(t.table->outgoing.begin(), t.table->outgoing.end(),
                               [&](const db::ForeignKey& f) { return f.other_table == table.name; });
        if (fk == t.table->outgoing.end())
            throw bad_request("Invalid _through - could not find corresponding foreign key");
        // Datasette lets SQLite find a missing column; the same answer, without the query.
        if (!t.table->has_column(t.column)) throw bad_request("no such column: " + t.column, "Invalid SQL");
        std::string our_key = fk->other_column.value_or(table.primary_keys.empty() ? "rowid" : table.primary_keys.front());
        std::string param = "p" + std::to_string(first_param + plan.params.size());
        plan.where.push_back(db::quote_identifier(our_key) + " in (select " + db::quote_identifier(fk->column) +
                             " from " + db::quote_identifier(t.table->name) + " where " +
                             db::quote_identifier(t.column) + " = :" + param + ")");
        plan.descriptions.push_back(t.table->name + "." + t.column + " = \"" + value_to_text(t.value) + "\"");
        plan.params.emplace_back(param, std::move(t.value));
    }
    return plan;
}

}  // namespace liteserve::api
