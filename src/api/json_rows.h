// A result as one JSON array of row objects (_shape=array) or as newline-delimited objects
// (_shape=array&_nl=on), written row by row so that it can be streamed: the same text the
// table and query views write for those shapes when they answer with one page.
#pragma once

#include <string>
#include <vector>

#include "api/cells.h"
#include "api/row_encoder.h"
#include "api/shapes.h"

namespace liteserve::api {

class JsonRowsEncoder final : public RowEncoder {
public:
    // `names` are the output columns: the first names.size() result columns.
    JsonRowsEncoder(std::vector<std::string> names, CellFormat format, bool newline_delimited)
        : format_(format), objects_(Shape::Objects, false, std::move(names), std::move(format)),
          nl_(newline_delimited) {}

    void begin(std::string& out) override;
    void row(std::string& out, const db::Cursor& row) override;
    void row(std::string& out, const ValueRow& row, const PageLabels& labels) override;
    void end(std::string& out) override;
    // A JSON document has no place for a message after its rows have started.
    bool append_error(std::string&, std::string_view) override { return false; }

private:
    void separate(std::string& out);

    CellFormat format_;
    RowWriter objects_;  // writes one row object at a time; the container is ours
    bool nl_;
    bool first_ = true;
};

}  // namespace liteserve::api
