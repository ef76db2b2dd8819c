// Registry of live sessions: the connection limit and the fan-out of shutdown requests.
#include "http/connections.h"

#include <vector>

#include "http/session.h"

namespace liteserve::http {

bool Connections::add(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(mutex_);
    if (shutting_down_ || sessions_.size() >= max_) return false;
    sessions_.emplace(session.get(), session);
    return true;
}

void Connections::remove(const Session* session) {
    std::shared_ptr<std::function<void()>> callback;
    {
        std::lock_guard lock(mutex_);
        if (sessions_.erase(session) == 0 || !sessions_.empty()) return;
        callback = on_empty_;
    }
    // Outside the lock: the callback may post work that calls back into this registry.
    if (callback && *callback) (*callback)();
}

std::vector<std::shared_ptr<Session>> Connections::snapshot() const {
    std::vector<std::shared_ptr<Session>> live;
    std::lock_guard lock(mutex_);
    live.reserve(sessions_.size());
    for (const auto& [key, weak] : sessions_)
        if (auto session = weak.lock()) live.push_back(std::move(session));
    return live;
}

void Connections::shutdown_all() {
    {
        std::lock_guard lock(mutex_);
        shutting_down_ = true;
    }
    // The sessions are told outside the lock because their last reference may be dropped
    // here, and a session's destructor must not run under our mutex.
    for (const auto& session : snapshot()) session->shutdown();
}

void Connections::close_all() {
    for (const auto& session : snapshot()) session->close();
}

bool Connections::empty() const {
    std::lock_guard lock(mutex_);
    return sessions_.empty();
}

void Connections::on_empty(std::function<void()> callback) {
    std::lock_guard lock(mutex_);
    on_empty_ = callback ? std::make_shared<std::function<void()>>(std::move(callback)) : nullptr;
}

}  // namespace liteserve::http
