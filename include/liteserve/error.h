// Typed errors that views throw; the router turns them into Datasette's error JSON in one place.
#pragma once

#include <stdexcept>
#include <string>

namespace liteserve {

// A client-visible failure: HTTP status, message and optional title, exactly as Datasette
// renders {"ok": false, "error": message, "status": status, "title": title}.
class HttpError : public std::runtime_error {
public:
    HttpError(int status, std::string message, std::string title = {})
        : std::runtime_error(std::move(message)), status_(status), title_(std::move(title)) {}

    int status() const noexcept { return status_; }
    const std::string& title() const noexcept { return title_; }

private:
    int status_;
    std::string title_;
};

// Convenience constructors for the common statuses.
inline HttpError bad_request(std::string message, std::string title = {}) {
    return HttpError(400, std::move(message), std::move(title));
}
inline HttpError not_found(std::string message) { return HttpError(404, std::move(message)); }

}  // namespace liteserve
