// Datasette's filter operators (its filters.py) as one table: each `column__op=value`
// argument becomes a WHERE fragment. Columns are checked against the catalog and quoted by
// quote_identifier; values are always bound as parameters p0, p1, ….
#include "db/filters.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "db/quote.h"
#include "liteserve/error.h"

namespace liteserve::db {
namespace {

enum class Arity { None, One, List };  // how many parameters an operator binds
enum class Format { Plain, Contains, StartsWith, EndsWith };  // LIKE wildcards around the value

struct Operator {
    std::string_view name;
    std::string_view sql;  // {c} column, {t} table, {p} parameter(s); nothing else is expanded
    Arity arity;
    Format format;
    bool numeric;          // an all-digits value is bound as an integer
    QuoteStyle style;      // how {c} and {t} are quoted (Datasette mixes the two)
};

constexpr QuoteStyle kDouble = QuoteStyle::Double;
constexpr QuoteStyle kBare = QuoteStyle::Datasette;
constexpr QuoteStyle kBracket = QuoteStyle::Bracket;

// In Datasette's order: filter_operators() lists them as the UI does.
constexpr std::array<Operator, 22> kOperators = {{
    {"exact", "{c} = {p}", Arity::One, Format::Plain, false, kDouble},
    {"not", "{c} != {p}", Arity::One, Format::Plain, false, kDouble},
    {"contains", "{c} like {p}", Arity::One, Format::Contains, false, kDouble},
    {"endswith", "{c} like {p}", Arity::One, Format::EndsWith, false, kDouble},
    {"startswith", "{c} like {p}", Arity::One, Format::StartsWith, false, kDouble},
    {"gt", "{c} > {p}", Arity::One, Format::Plain, true, kDouble},
    {"gte", "{c} >= {p}", Arity::One, Format::Plain, true, kDouble},
    {"lt", "{c} < {p}", Arity::One, Format::Plain, true, kDouble},
    {"lte", "{c} <= {p}", Arity::One, Format::Plain, true, kDouble},
    {"like", "{c} like {p}", Arity::One, Format::Plain, false, kDouble},
    {"notlike", "{c} not like {p}", Arity::One, Format::Plain, false, kDouble},
    {"glob", "{c} glob {p}", Arity::One, Format::Plain, false, kDouble},
    {"in", "{c} in ({p})", Arity::List, Format::Plain, false, kBare},
    {"notin", "{c} not in ({p})", Arity::List, Format::Plain, false, kBare},
    {"arraycontains", "{p} in (select value from json_each({t}.{c}))", Arity::One, Format::Plain,
     false, kBracket},
    {"arraynotcontains", "{p} not in (select value from json_each({t}.{c}))", Arity::One,
     Format::Plain, false, kBracket},
    {"date", "date({c}) = {p}", Arity::One, Format::Plain, false, kDouble},
    {"isnull", "{c} is null", Arity::None, Format::Plain, false, kDouble},
    {"notnull", "{c} is not null", Arity::None, Format::Plain, false, kDouble},
    // "" as Datasette writes it (its _extra=query shows this text): SQLite reads a double-quoted
    // word that names no column as a string, so it is the empty string here.
    {"isblank", "({c} is null or {c} = \"\")", Arity::None, Format::Plain, false, kDouble},
    {"notblank", "({c} is not null and {c} != \"\")", Arity::None, Format::Plain, false, kDouble},
    {"notcontains", "{c} not like {p}", Arity::One, Format::Contains, false, kDouble},
}};

const Operator* find_operator(std::string_view name) {
    auto it = std::find_if(kOperators.begin(), kOperators.end(),
                           [&](const Operator& op) { return op.name == name; });
    return it == kOperators.end() ? nullptr : &*it;
}


bool iequals(std::string_view a, std::string_view b) {  // ASCII only, as SQLite compares names
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    auto same = [&](char x, char y) { return lower(x) == lower(y); };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same);
}

// SQLite resolves column names case-insensitively and knows rowid by three names in every
// table that has one, so accept exactly what SQLite itself would accept.
void require_column(const Table& table, std::string_view column) {
    if (table.has_column(column)) return;
    auto same = [&](const Column& c) { return iequals(c.name, column); };
    if (std::any_of(table.columns.begin(), table.columns.end(), same)) return;
    bool rowid = !table.is_view && !table.without_rowid &&
                 (iequals(column, "rowid") || iequals(column, "_rowid_") || iequals(column, "oid"));
    if (rowid) return;
    throw bad_request("no such column: " + std::string(column), "Invalid SQL");  // SQLite's error, as Datasette titles it
}

// Python's str.isdigit() restricted to ASCII: the test Datasette uses for numeric operators.
bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Value number_or_text(const std::string& text) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size()) return n;
    return std::strtod(text.c_str(), nullptr);  // too many digits for int64
}

Value single_value(const Operator& op, const std::string& raw) {
    switch (op.format) {
        case Format::Contains: return "%" + raw + "%";
        case Format::StartsWith: return raw + "%";
        case Format::EndsWith: return "%" + raw;
        case Format::Plain: break;
    }
    if (op.numeric && all_digits(raw)) return number_or_text(raw);
    return raw;
}

Value json_item(std::string_view key, const rapidjson::Value& item) {
    if (item.IsString()) return std::string(item.GetString(), item.GetStringLength());
    if (item.IsInt64()) return item.GetInt64();
    if (item.IsNumber()) return item.GetDouble();
    if (item.IsBool()) return std::int64_t{item.GetBool() ? 1 : 0};
    if (item.IsNull()) return nullptr;
    throw bad_request(std::string(key) + ": list items must be strings, numbers, booleans or null");
}

std::vector<Value> json_list(std::string_view key, const std::string& raw) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseNanAndInfFlag>(raw.data(), raw.size());
    if (doc.HasParseError()) {
        throw bad_request(std::string(key) + ": invalid JSON list at offset " +
                          std::to_string(doc.GetErrorOffset()) + ": " +
                          rapidjson::GetParseError_En(doc.GetParseError()));
    }
    // Valid JSON that starts with '[' is a list, so GetArray() cannot fail here.
    std::vector<Value> values;
    for (const auto& item : doc.GetArray()) values.push_back(json_item(key, item));
    return values;
}

std::string_view strip(std::string_view s) {  // Python's str.strip() for ASCII whitespace
    constexpr std::string_view kSpace = " \t\n\v\f\r\x1c\x1d\x1e\x1f";
    auto first = s.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// `in` / `notin`: a JSON list when the value starts with '[', else comma-separated text.
std::vector<Value> list_values(std::string_view key, const std::string& raw) {
    if (!raw.empty() && raw.front() == '[') return json_list(key, raw);
    std::vector<Value> values;
    std::string_view rest = raw;
    for (auto comma = rest.find(','); ; comma = rest.find(',')) {
        values.emplace_back(std::string(strip(rest.substr(0, comma))));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return values;
}

std::vector<Value> values_for(const Operator& op, std::string_view key, const std::string& raw) {
    switch (op.arity) {
        case Arity::None: return {};
        case Arity::One: return {single_value(op, raw)};
        case Arity::List: return list_values(key, raw);
    }
    return {};
}

// Expands the operator's template in one pass, so text inside a quoted name is never
// mistaken for a placeholder.
std::string render(const Operator& op, std::string_view table, std::string_view column,
                   std::string_view placeholders) {
    std::string sql;
    for (std::size_t i = 0; i < op.sql.size(); ++i) {
        if (op.sql[i] != '{') {
            sql += op.sql[i];
            continue;
        }
        char slot = op.sql[i + 1];
        i += 2;  // past "c}" / "t}" / "p}"
        if (slot == 'c') sql += quote_identifier(column, op.style);
        if (slot == 't') sql += quote_identifier(table, op.style);
        if (slot == 'p') sql += placeholders;
    }
    return sql;
}

}  // namespace

const std::vector<std::string_view>& filter_operators() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;
        for (const auto& op : kOperators) out.push_back(op.name);
        return out;
    }();
    return names;
}

std::optional<FilterKey> parse_filter_key(std::string_view key) {
    auto at = key.rfind("__");
    if (at == std::string_view::npos) return FilterKey{key, kOperators.front().name};
    if (!find_operator(key.substr(at + 2))) return std::nullopt;
    return FilterKey{key.substr(0, at), key.substr(at + 2)};
}

WhereClauses build_filters(const Table& table,
                           const std::vector<std::pair<std::string, std::string>>& args,
                           int first_param) {
    // Datasette applies Filters(sorted(filter_args)): ordered by key, then by value.
    std::vector<const std::pair<std::string, std::string>*> sorted;
    for (const auto& arg : args) sorted.push_back(&arg);
    std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return *a < *b; });

    WhereClauses out;
    int next = first_param;
    for (const auto* arg : sorted) {
        auto key = parse_filter_key(arg->first);
        if (!key) continue;
        const Operator& op = *find_operator(key->op);
        std::string_view column = key->column;
        require_column(table, column);
        std::string placeholders;
        for (auto& value : values_for(op, arg->first, arg->second)) {
            std::string name = "p";
            name += std::to_string(next++);  // not "p" + …: GCC 12 -Wrestrict false positive
            placeholders.append(placeholders.empty() ? ":" : ", :").append(name);
            out.params.emplace_back(std::move(name), std::move(value));
        }
        out.clauses.push_back(render(op, table.name, column, placeholders));
    }
    return out;
}

}  // namespace liteserve::db
