// The interface between the row producer (row_stream.h) and an output format (CSV, a JSON
// array, newline-delimited JSON), and ValueRow, which lets a format read rows that were
// buffered for a label lookup exactly as it reads rows straight from a cursor.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/labels.h"
#include "db/cursor.h"

namespace liteserve::api {

// A result row held as values, with db::Cursor's cell accessors (formats are templates
// over the row type, so the cursor path pays nothing for this).
class ValueRow {
public:
    explicit ValueRow(const std::vector<db::Value>& values) : values_(values) {}

    db::CellType type(int i) const {
        switch (value(i).index()) {
            case 1: return db::CellType::Integer;
            case 2: return db::CellType::Real;
            case 3: return db::CellType::Text;
            case 4: return db::CellType::Blob;
            default: return db::CellType::Null;
        }
    }
    std::int64_t integer(int i) const { return std::get<std::int64_t>(value(i)); }
    double real(int i) const { return std::get<double>(value(i)); }
    std::string_view text(int i) const { return std::get<std::string>(value(i)); }
    std::string_view blob(int i) const { return std::get<db::Blob>(value(i)).bytes; }
    const db::Value& value(int i) const { return values_[static_cast<std::size_t>(i)]; }
    const std::vector<db::Value>& values() const { return values_; }

private:
    const std::vector<db::Value>& values_;
};

// Writes rows in one format. Every call appends to `out`; the producer decides where chunks
// end, so an encoder keeps whatever state it needs between rows itself.
class RowEncoder {
public:
    virtual ~RowEncoder() = default;

    // What comes before the first row: the CSV header, "[".
    virtual void begin(std::string& out) = 0;
    virtual void row(std::string& out, const db::Cursor& row) = 0;
    // A row buffered with the rest of its batch so that their labels could be looked up
    // together (?_labels=on, ?_label=).
    virtual void row(std::string& out, const ValueRow& row, const PageLabels& labels) = 0;
    // What comes after the last row: "]".
    virtual void end(std::string& out) = 0;
    // Once the response has started its status cannot change. A format that can carry a
    // message in its body appends it and returns true (CSV, as Datasette does); false means
    // the body has no place for one, and the stream is cut off so that the client sees an
    // incomplete response rather than a shorter one that looks whole.
    virtual bool append_error(std::string& out, std::string_view message) = 0;
};

}  // namespace liteserve::api
