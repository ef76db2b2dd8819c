// English templates for each filter operator, applied in the same order as the filters.
#include "api/filter_description.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "api/json_writer.h"
#include "api/row_values.h"
#include "db/filters.h"

namespace liteserve::api {
namespace {

struct HumanTemplate {
    std::string_view op;
    std::string_view text;  // {c} column, {v} value, {q} value quoted unless all digits, {j} JSON list
};

constexpr std::array<HumanTemplate, 22> kTemplates = {{
    {"exact", "{c} = {q}"}, {"not", "{c} != {q}"}, {"contains", "{c} contains \"{v}\""},
    {"endswith", "{c} ends with \"{v}\""}, {"startswith", "{c} starts with \"{v}\""},
    {"gt", "{c} > {v}"}, {"gte", "{c} \u2265 {v}"}, {"lt", "{c} < {v}"}, {"lte", "{c} \u2264 {v}"},
    {"like", "{c} like \"{v}\""}, {"notlike", "{c} not like \"{v}\""}, {"glob", "{c} glob \"{v}\""},
    {"in", "{c} in {j}"}, {"notin", "{c} not in {j}"}, {"arraycontains", "{c} contains \"{v}\""},
    {"arraynotcontains", "{c} does not contain \"{v}\""}, {"date", "\"{c}\" is on date {v}"},
    {"isnull", "{c} is null"}, {"notnull", "{c} is not null"}, {"isblank", "{c} is blank"},
    {"notblank", "{c} is not blank"}, {"notcontains", "{c} does not contain \"{v}\""},
}};

bool all_digits(const std::string& v) {
    return !v.empty() && std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Datasette shows json.dumps of the list it filters by: a JSON list as written, re-spaced
// the Python way ("[1, 3]"), or the comma-separated values as strings.
std::string json_list(const std::string& value) {
    if (!value.empty() && value.front() == '[') {
        rapidjson::Document list;
        list.Parse(value.c_str(), value.size());
        return list.HasParseError() ? value : json_text(list);
    }
    std::string out;
    JsonWriter w(out);
    w.begin_array();
    std::size_t start = 0;
    for (;;) {
        auto comma = value.find(',', start);
        std::string part = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        auto first = part.find_first_not_of(" \t");
        auto last = part.find_last_not_of(" \t");
        w.string(first == std::string::npos ? "" : part.substr(first, last - first + 1));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    w.end_array();
    return out;
}

std::string fill(std::string_view text, const std::string& column, const std::string& value) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}') {
            char slot = text[i + 1];
            if (slot == 'c') out += column;
            else if (slot == 'v') out += value;
            else if (slot == 'q') out += all_digits(value) ? value : "\"" + value + "\"";
            else if (slot == 'j') out += json_list(value);
            i += 2;
            continue;
        }
        out += text[i];
    }
    return out;
}

const HumanTemplate* find_template(std::string_view op) {
    for (const auto& t : kTemplates)
        if (t.op == op) return &t;
    return nullptr;
}

}  // namespace

std::string describe_filters(const QueryArgs& args, const std::optional<db::Sort>& sort,
                             const std::vector<std::string>& leading) {
    auto filters = args.without_underscore();
    std::sort(filters.begin(), filters.end());  // Datasette's sorted(filter_args): key, then value
    std::vector<std::string> bits = leading;
    for (const auto& [key, value] : filters) {
        auto parsed = db::parse_filter_key(key);
        if (!parsed) continue;
        bits.push_back(fill(find_template(parsed->op)->text, std::string(parsed->column), value));
    }
    std::string text;
    for (std::size_t i = 0; i < bits.size(); ++i) {
        if (i) text += i + 1 == bits.size() ? " and " : ", ";
        text += bits[i];
    }
    if (!text.empty()) text = "where " + text;
    if (sort) {
        std::string sorted = "sorted by " + sort->column + (sort->descending ? " descending" : "");
        text = text.empty() ? sorted : text + " " + sorted;
    }
    return text;
}

}  // namespace liteserve::api
