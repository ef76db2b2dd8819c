// CSV exactly as Datasette writes it, which is Python's csv module (QUOTE_MINIMAL, "\r\n"
// line ends): field quoting, the text of each SQLite value, BLOB cells as links to their
// download, and the CsvEncoder that writes a result's header and rows.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "api/row_encoder.h"
#include "db/value.h"
#include "liteserve/request.h"

namespace liteserve::api {

// Appends one field, quoted when it holds a comma, a double quote, CR or LF, with embedded
// quotes doubled. Ill-formed UTF-8 is replaced by U+FFFD, as Datasette decodes SQLite text.
void append_csv_field(std::string& out, std::string_view text);
// Appends str(value) as csv.writer does: NULL as an empty field, integers in decimal, floats
// as Python's str() ("1.5", "1e+16", "inf", "-inf"), text as a field, BLOB bytes as text.
void append_csv_value(std::string& out, const db::Value& value);
// Ends the row that starts at out[row_start] and has `fields` fields: a row whose only field
// is empty is written as "" (Python does so that it differs from a blank line), then CRLF.
void end_csv_row(std::string& out, std::size_t row_start, std::size_t fields);

// Where BLOB cells point. Datasette writes a link to the value's .blob download, not the bytes.
class CsvBlobLinks {
public:
    CsvBlobLinks() = default;  // query links relative to nothing; views set one of the below
    // Rows of a table: <table URL>/<row key>.blob?_blob_column=<column>, with the row key
    // (primary keys or rowid) read from result columns `key_columns`.
    static CsvBlobLinks for_table(const Request& request, const std::string& database, const std::string& table,
                                  std::vector<int> key_columns);
    // Any other result (queries, views): this request's URL with .blob for .csv, plus
    // _blob_column and _blob_hash (the SHA-256 of the value), as Datasette builds it.
    static CsvBlobLinks for_query(const Request& request);

    const std::vector<int>& key_columns() const { return key_columns_; }
    // `key` holds the values of key_columns() for the row (empty for query links).
    std::string link(std::string_view column, const std::vector<db::Value>& key, std::string_view bytes) const;

private:
    bool table_ = false;
    bool format_arg_ = false;  // query: the path keeps its dot, so ?_format=blob says the format
    std::string base_;         // table: its absolute URL; query: the absolute .blob path
    std::string query_;        // query: the request's query string as Datasette sees it
    std::vector<int> key_columns_;
};

struct CsvOptions {
    std::vector<std::string> names;  // output columns: the first names.size() result columns
    std::vector<int> label_columns;  // result columns followed by a "<name>_label" column
    bool header = true;              // _header=off leaves the header row out
    CsvBlobLinks blobs;
};

class CsvEncoder final : public RowEncoder {
public:
    explicit CsvEncoder(CsvOptions options) : options_(std::move(options)) {}

    void begin(std::string& out) override;
    void row(std::string& out, const db::Cursor& row) override;
    void row(std::string& out, const ValueRow& row, const PageLabels& labels) override;
    void end(std::string&) override {}
    // Datasette writes the message of an error that stops a CSV stream as the last text.
    bool append_error(std::string& out, std::string_view message) override;

private:
    template <class Row>
    void write_row(std::string& out, const Row& row, const PageLabels* labels);
    template <class Row>
    void write_cell(std::string& out, const Row& row, int column);
    bool is_label_column(int column) const;

    CsvOptions options_;
};

}  // namespace liteserve::api
