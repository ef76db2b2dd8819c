// The set of live sessions: enforces max_connections and lets the server shut them all down.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace liteserve::http {

class Session;

// Thread-safe: the listener adds from its strand, each session removes itself from its own
// strand, and shutdown walks the set from the server's control strand. It holds weak
// references only, so it never keeps a finished session alive.
class Connections {
public:
    explicit Connections(std::size_t max_connections) : max_(max_connections) {}

    // False when the server is full or shutting down; the caller then drops the connection.
    bool add(const std::shared_ptr<Session>& session);
    // Called once by a session when it has finished; may call the on_empty callback.
    void remove(const Session* session);
    // Asks every session to finish its in-flight responses and close; refuses new ones.
    void shutdown_all();
    // Closes every connection at once (the bounded end of a graceful shutdown).
    void close_all();
    bool empty() const;
    // Called (outside the lock, on the removing session's strand) each time the set becomes
    // empty. Set before serving and cleared before the callback's target is destroyed.
    void on_empty(std::function<void()> callback);

private:
    std::vector<std::shared_ptr<Session>> snapshot() const;

    mutable std::mutex mutex_;
    const std::size_t max_;
    bool shutting_down_ = false;                                                 // GUARDED_BY(mutex_)
    std::unordered_map<const Session*, std::weak_ptr<Session>> sessions_;       // GUARDED_BY(mutex_)
    std::shared_ptr<std::function<void()>> on_empty_;                           // GUARDED_BY(mutex_)
};

}  // namespace liteserve::http
