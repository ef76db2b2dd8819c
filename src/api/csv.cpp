// CSV encoding with Python's csv-module rules, and Datasette's links for BLOB cells.
#include "api/csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "api/digests.h"
#include "api/json_writer.h"
#include "api/query_args.h"
#include "api/table_page.h"
#include "api/tilde.h"
#include "api/urls.h"

namespace liteserve::api {
namespace {

void append_integer(std::string& out, std::int64_t value) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, res.ptr);
}

// Python's str(float): repr, except that the non-finite values are spelled inf and nan.
void append_python_str(std::string& out, double value) {
    if (std::isnan(value)) out += "nan";
    else if (std::isinf(value)) out += value > 0 ? "inf" : "-inf";
    else append_python_float(out, value);
}

void erase_all(std::string& text, std::string_view part) {
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at)) text.erase(at, part.size());
}

}  // namespace

void append_csv_field(std::string& out, std::string_view text) {
    std::string storage;
    text = utf8_or_replaced(text, storage);
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += text;
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_value(std::string& out, const db::Value& value) {
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::int64_t>) append_integer(out, v);
            else if constexpr (std::is_same_v<T, double>) append_python_str(out, v);
            else if constexpr (std::is_same_v<T, std::string>) append_csv_field(out, v);
            else if constexpr (std::is_same_v<T, db::Blob>) append_csv_field(out, v.bytes);
        },
        value);
}

void end_csv_row(std::string& out, std::size_t row_start, std::size_t fields) {
    if (fields == 1 && out.size() == row_start) out += "\"\"";
    out += "\r\n";
}

CsvBlobLinks CsvBlobLinks::for_table(const Request& request, const std::string& database, const std::string& table,
                                     std::vector<int> key_columns) {
    CsvBlobLinks links;
    links.table_ = true;
    links.base_ = absolute_url(request, "/" + tilde_encode(database) + "/" + tilde_encode(table));
    links.key_columns_ = std::move(key_columns);
    return links;
}

// Datasette's path_with_format(format="blob", replace_format="csv") over the CSV request,
// whose query string Datasette has extended with _nofacet=1 and _nocount=1 (the ones not
// given); link() then strips "&_nocount=1" and "&_nofacet=1" again, quirks included.
CsvBlobLinks CsvBlobLinks::for_query(const Request& request) {
    CsvBlobLinks links;
    std::string path = request.path;
    if (path.ends_with(".csv")) path.resize(path.size() - 4);
    links.format_arg_ = path.find('.') != std::string::npos;
    if (!links.format_arg_) path += ".blob";
    links.base_ = absolute_url(request, path);
    links.query_ = request.query;
    auto args = QueryArgs::parse(request.query);
    for (const char* key : {"_nofacet", "_nocount"}) {
        if (!args.truthy(key))
            links.query_ += (links.query_.empty() ? "" : "&") + std::string(key) + "=1";
    }
    return links;
}

std::string CsvBlobLinks::link(std::string_view column, const std::vector<db::Value>& key,
                               std::string_view bytes) const {
    if (table_) return base_ + "/" + row_key_path(key) + ".blob?_blob_column=" + url_quote_plus(column);
    std::string extra = "_blob_column=" + url_quote_plus(column) + "&_blob_hash=" + sha256_hex(bytes);
    if (format_arg_) extra += "&_format=blob";
    std::string url = base_ + "?" + (query_.empty() ? extra : query_ + "&" + extra);
    erase_all(url, "&_nocount=1");
    erase_all(url, "&_nofacet=1");
    return url;
}

void CsvEncoder::begin(std::string& out) {
    if (!options_.header) return;
    std::size_t start = out.size();
    std::size_t fields = 0;
    for (std::size_t i = 0; i < options_.names.size(); ++i) {
        if (fields++) out += ',';
        append_csv_field(out, options_.names[i]);
        if (!is_label_column(static_cast<int>(i))) continue;
        out += ',';
        ++fields;
        append_csv_field(out, options_.names[i] + "_label");
    }
    end_csv_row(out, start, fields);
}

void CsvEncoder::row(std::string& out, const db::Cursor& row) { write_row(out, row, nullptr); }

void CsvEncoder::row(std::string& out, const ValueRow& row, const PageLabels& labels) {
    write_row(out, row, &labels);
}

bool CsvEncoder::append_error(std::string& out, std::string_view message) {
    out += message;
    return true;
}

bool CsvEncoder::is_label_column(int column) const {
    const auto& labels = options_.label_columns;
    return std::find(labels.begin(), labels.end(), column) != labels.end();
}

// An expanded column is followed by its label: empty for NULL and for values the other
// table does not have, as Datasette's ("value", "") for a cell that did not become a dict.
template <class Row>
void CsvEncoder::write_row(std::string& out, const Row& row, const PageLabels* labels) {
    std::size_t start = out.size();
    std::size_t fields = 0;
    for (int i = 0; i < static_cast<int>(options_.names.size()); ++i) {
        if (fields++) out += ',';
        write_cell(out, row, i);
        if (!is_label_column(i)) continue;
        out += ',';
        ++fields;
        if (!labels) continue;
        if (auto label = labels->find(i, row.value(i))) append_csv_value(out, *label);
    }
    end_csv_row(out, start, fields);
}

template <class Row>
void CsvEncoder::write_cell(std::string& out, const Row& row, int column) {
    switch (row.type(column)) {
        case db::CellType::Null: return;
        case db::CellType::Integer: return append_integer(out, row.integer(column));
        case db::CellType::Real: return append_python_str(out, row.real(column));
        case db::CellType::Text: return append_csv_field(out, row.text(column));
        case db::CellType::Blob: {
            std::vector<db::Value> key;
            for (int k : options_.blobs.key_columns()) key.push_back(row.value(k));
            return append_csv_field(out, options_.blobs.link(options_.names[column], key, row.blob(column)));
        }
    }
}

}  // namespace liteserve::api
