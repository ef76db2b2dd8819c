// Foreign-key labels, as Datasette's ?_labels=on, ?_label=COL and ?_extra=expandable_columns:
// which columns of a table can be expanded, which ones a request expands, and the batched
// lookup that turns a page's key values into {"value": v, "label": l}.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/cells.h"
#include "api/context.h"
#include "api/json_writer.h"
#include "api/query_args.h"
#include "db/catalog.h"
#include "db/connection.h"

namespace liteserve::api {

// An outgoing foreign key whose values can be labelled. Every name has been found in the
// catalog, so all of them may be quoted into SQL.
struct Expandable {
    std::string column;                       // the referencing column of this table
    std::string other_table;                  // the referenced table
    std::string other_column;                 // the referenced column (its primary key when implicit)
    std::optional<std::string> label_column;  // of other_table; nullopt: a value is its own label
};

// Datasette's label_column_for_table: the configured label_column when it names a column of
// `table`, else db::detect_label_column.
std::optional<std::string> label_column_for(const Context& ctx, const std::string& database,
                                            const db::Table& table);

// The single-column foreign keys of `table` with their label columns, in Datasette's order.
std::vector<Expandable> expandable_columns(const Context& ctx, const std::string& database,
                                           const db::Schema& schema, const db::Table& table);

// ?_extra=expandable_columns: [[{"column", "other_table", "other_column"}, label_column], …].
void write_expandable_columns(JsonWriter& w, const std::vector<Expandable>& expandables);

// A result column that the request expands.
struct LabelColumn {
    int index;  // position in the result row
    Expandable fk;
};

// The result columns a request expands: every foreign key for _labels=on|true|1, only the
// named ones for _label=COL (repeatable; it overrides _labels). Empty, without touching the
// schema, when neither argument is given, so plain requests keep their fast path.
std::vector<LabelColumn> columns_to_expand(const Context& ctx, const std::string& database,
                                           const db::Schema& schema, const db::Table& table,
                                           const std::vector<std::string>& columns, const QueryArgs& args);

// The labels of the values of one page, looked up with one query per expanded column.
class PageLabels {
public:
    // `rows` are the page's result rows; values are bound, names come from `columns`.
    static PageLabels fetch(db::Connection& conn, const std::vector<LabelColumn>& columns,
                            const std::vector<std::vector<db::Value>>& rows);

    // The label of `value` in result column `index`; nullopt when the cell stays as it is
    // (not an expanded column, a NULL, or a value the other table does not have).
    std::optional<db::Value> find(int index, const db::Value& value) const;

private:
    struct Column {
        int index;
        bool values_are_labels;  // the other table has no label column
        std::unordered_map<std::string, db::Value> labels;  // by match_key of the value
    };
    std::vector<Column> columns_;
};

// Cell `column` of a buffered row: {"value": v, "label": l} when it has a label, otherwise
// exactly as write_cell writes it.
void write_labeled_cell(JsonWriter& w, const std::vector<db::Value>& row, int column,
                        const CellFormat& format, const PageLabels& labels);

}  // namespace liteserve::api
