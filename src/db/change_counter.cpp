// PRAGMA data_version on a watch connection (mutable files) or the file's identity
// (immutable ones); see change_counter.h for why this sees other processes' commits.
#include "db/change_counter.h"

#include <sys/stat.h>

#include <filesystem>
#include <random>

namespace liteserve::db {
namespace {

struct FileFacts {
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
};

FileFacts stat_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    return {static_cast<std::int64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::string random_hex() {
    std::random_device device;
    std::uint64_t value = (static_cast<std::uint64_t>(device()) << 32) ^ device();
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int shift = 60; shift >= 0; shift -= 4) out += hex[(value >> shift) & 15];
    return out;
}

}  // namespace

ChangeCounter::ChangeCounter(const std::string& path, bool immutable) : path_(path) {
    if (immutable) {
        std::error_code ec;
        auto canonical = std::filesystem::weakly_canonical(path, ec);
        FileFacts facts = stat_file(path);
        fixed_ = "i:" + (ec ? path : canonical.string()) + ":" + std::to_string(facts.size) + ":" +
                 std::to_string(facts.mtime_ns);
        return;
    }
    fixed_ = "m:" + random_hex();
    watch_ = std::make_unique<Connection>(path, OpenMode::ReadOnly);
    pragma_ = watch_->prepare("PRAGMA data_version");
}

std::int64_t ChangeCounter::data_version() {
    sqlite3_stmt* stmt = pragma_.get();
    int rc = sqlite3_step(stmt);
    std::int64_t value = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    std::string error = rc == SQLITE_ROW ? std::string() : sqlite3_errmsg(watch_->handle());
    // Resetting ends the read transaction at once: a watch connection that kept one open
    // would pin an old WAL snapshot and hold back checkpoints.
    sqlite3_reset(stmt);
    if (rc != SQLITE_ROW) throw SqlError(error, rc);
    return value;
}

std::string ChangeCounter::token() {
    if (!watch_) return fixed_;
    std::int64_t version = 0;
    {
        std::lock_guard lock(mutex_);
        version = data_version();
    }
    return fixed_ + ":" + std::to_string(version) + ":" + std::to_string(stat_file(path_).size);
}

}  // namespace liteserve::db
