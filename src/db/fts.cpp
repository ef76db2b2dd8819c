// Datasette's escape_fts, byte for byte (its regex \s+|(".*?") scanned by hand over UTF-8),
// the escape_fts SQL function, and the text of a search condition.
#include "db/fts.h"

#include <algorithm>
#include <vector>

#include "db/connection.h"
#include "db/quote.h"

namespace liteserve::db {
namespace {

// Byte length of the whitespace character starting at `i` (Python's str.isspace, which is
// what \s means in a str pattern), or 0 when the character there is not whitespace.
std::size_t space_length(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
    unsigned b0 = byte(i), b1 = byte(i + 1), b2 = byte(i + 2);
    if ((b0 >= 0x09 && b0 <= 0x0D) || (b0 >= 0x1C && b0 <= 0x20)) return 1;
    if (b0 == 0xC2 && (b1 == 0x85 || b1 == 0xA0)) return 2;                        // U+0085, U+00A0
    if (b0 == 0xE1 && b1 == 0x9A && b2 == 0x80) return 3;                           // U+1680
    bool general = b0 == 0xE2 && b1 == 0x80;                                        // U+2000–U+203F
    if (general && ((b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF)) return 3;
    if (b0 == 0xE2 && b1 == 0x81 && b2 == 0x9F) return 3;                           // U+205F
    if (b0 == 0xE3 && b1 == 0x80 && b2 == 0x80) return 3;                           // U+3000
    return 0;
}

// re.split(r'\s+|(".*?")', query) with empty pieces and "" dropped: the text between
// matches plus each quoted phrase ('.' does not match a newline, so neither may a phrase).
std::vector<std::string_view> split_query(std::string_view q) {
    std::vector<std::string_view> bits;
    auto keep = [&](std::string_view bit) {
        if (!bit.empty() && bit != "\"\"") bits.push_back(bit);
    };
    std::size_t start = 0, i = 0;
    while (i < q.size()) {
        if (std::size_t n = space_length(q, i)) {
            keep(q.substr(start, i - start));
            do i += n; while ((n = space_length(q, i)) != 0);
            start = i;
            continue;
        }
        if (q[i] == '"') {
            auto close = q.find_first_of("\"\n", i + 1);
            if (close != std::string_view::npos && q[close] == '"') {
                keep(q.substr(start, i - start));
                keep(q.substr(i, close + 1 - i));
                i = start = close + 1;
                continue;
            }
        }
        ++i;
    }
    keep(q.substr(start));
    return bits;
}

void escape_fts_sql(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
    try {
        const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
        std::string out = escape_fts(std::string_view(text ? text : "", sqlite3_value_bytes(argv[0])));
        sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
    } catch (const std::bad_alloc&) {
        sqlite3_result_error_nomem(ctx);
    }
}

}  // namespace

std::string escape_fts(std::string_view input) {
    std::string query(input);
    if (std::count(query.begin(), query.end(), '"') % 2) query += '"';
    std::string out;
    for (std::string_view bit : split_query(query)) {
        if (!out.empty()) out += ' ';
        if (bit.front() == '"') out += bit;
        else out.append("\"").append(bit).append("\"");
    }
    return out;
}

void register_fts_functions(sqlite3* db) {
    int rc = sqlite3_create_function_v2(db, "escape_fts", 1,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                        &escape_fts_sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) throw SqlError(sqlite3_errmsg(db), rc);
}

std::string fts_match_clause(const FtsMatch& m) {
    std::string fts = quote_identifier(m.fts_table);
    std::string target = m.column ? quote_identifier(*m.column) : fts;
    std::string query = m.raw ? ":" + m.param : "escape_fts(:" + m.param + ")";
    return quote_identifier(m.key_column) + " in (select rowid from " + fts + " where " + target +
           " match " + query + ")";
}

}  // namespace liteserve::db
