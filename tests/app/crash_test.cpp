// End-to-end tests of build/liteserve as a separate process. Crash safety: concurrent clients
// insert batches of rows tagged with a batch id while the server is SIGKILLed at random
// moments, round after round; after each kill every acknowledged batch is in the file, no
// batch is partial and PRAGMA integrity_check is ok, and the server restarts on the file.
// Limits: a body over max_body_kb is a 413 and the server carries on.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "auth/tokens.h"
#include "support/fixture_db.h"

using namespace std::chrono_literals;

namespace {

constexpr const char* kSecret = "crash-test-secret";
constexpr int kBatchRows = 10;

// build/liteserve serving one database on a free port, its stderr read for the port.
class ServerProcess {
public:
    ServerProcess(const std::string& db, std::vector<std::string> extra = {}) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        std::vector<std::string> args = {"liteserve", "serve", db, "-p", "0", "--root", "--secret", kSecret};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {  // only async-signal-safe calls until exec
            ::dup2(fds[1], 2);
            int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            ::close(fds[0]);
            ::execv(LITESERVE_BINARY, argv.data());
            ::_exit(127);
        }
        ::close(fds[1]);
        stderr_ = fds[0];
        port_ = read_port();
    }
    ~ServerProcess() { kill(); }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::uint16_t port() const { return port_; }
    void kill() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        ::close(stderr_);
        pid_ = -1;
    }

private:
    std::uint16_t read_port() {
        std::string text;
        auto deadline = std::chrono::steady_clock::now() + 10s;
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd entry{stderr_, POLLIN, 0};
            if (::poll(&entry, 1, 100) <= 0) continue;
            char buffer[512];
            auto n = ::read(stderr_, buffer, sizeof buffer);
            if (n <= 0) break;
            text.append(buffer, static_cast<std::size_t>(n));
            auto at = text.find("http://127.0.0.1:");
            if (at != std::string::npos && text.find('/', at + 17) != std::string::npos)
                return static_cast<std::uint16_t>(std::stoi(text.substr(at + 17)));
        }
        FAIL("liteserve did not start: " << text);
        return 0;
    }

    pid_t pid_ = -1;
    int stderr_ = -1;
    std::uint16_t port_ = 0;
};

// One request on a fresh connection ("Connection: close"); the status, or 0 when the server
// could not be reached or the answer did not arrive whole.
int http_status(std::uint16_t port, const std::string& request) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string reply;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
        char buffer[4096];
        for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) reply.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    auto head_end = reply.find("\r\n\r\n");
    std::string head = reply.substr(0, head_end);
    for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto length_at = head.find("content-length: ");
    if (reply.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos || length_at == std::string::npos) return 0;
    if (reply.size() - head_end - 4 != std::stoul(reply.substr(length_at + 16))) return 0;
    return std::stoi(reply.substr(9, 3));
}

std::string post_request(const std::string& target, const std::string& body) {
    std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::string token = liteserve::auth::create_token({"root", now, std::nullopt, std::nullopt}, kSecret);
    return "POST " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
           "Authorization: Bearer " + token + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string batch_body(std::int64_t batch) {
    std::string rows;
    for (int i = 0; i < kBatchRows; ++i)
        rows += (i ? ", " : "") + std::string(R"({"batch": )") + std::to_string(batch) + R"(, "seq": )" + std::to_string(i) +
                R"(, "note": "row )" + std::to_string(i) + " of batch " + std::to_string(batch) + "\"}";
    return R"({"rows": [)" + rows + "]}";
}

// What the file holds once the server is dead: row counts per batch, and integrity_check.
struct FileState {
    std::map<std::int64_t, int> batches;
    std::string integrity;
};

FileState read_file(const std::string& path) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    FileState state;
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "select batch, count(*) from events group by batch", -1, &stmt, nullptr);
    while (sqlite3_step(stmt) == SQLITE_ROW) state.batches[sqlite3_column_int64(stmt, 0)] = sqlite3_column_int(stmt, 1);
    sqlite3_finalize(stmt);
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
    while (sqlite3_step(stmt) == SQLITE_ROW) state.integrity += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return state;
}

std::string events_db() {
    std::string dir = liteserve::testing::temp_dir();
    std::string path = dir + "/crash.db";
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE events (id INTEGER PRIMARY KEY, batch INTEGER, seq INTEGER, note TEXT)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return path;
}

}  // namespace

TEST_CASE("crash safety: SIGKILL never loses an acknowledged batch nor leaves half of one") {
    std::string path = events_db();
    std::mt19937 random(std::random_device{}());
    std::set<std::int64_t> acknowledged;
    std::mutex mutex;
    for (int round = 0; round < 5; ++round) {
        ServerProcess server(path);
        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        for (int c = 0; c < 4; ++c)
            clients.emplace_back([&, c] {
                for (std::int64_t n = 0; !stop; ++n) {
                    std::int64_t batch = round * 1'000'000 + c * 100'000 + n;
                    int status = http_status(server.port(), post_request("/crash/events/-/insert", batch_body(batch)));
                    if (status == 201) {
                        std::lock_guard lock(mutex);
                        acknowledged.insert(batch);
                    } else if (status == 0) {
                        std::this_thread::sleep_for(5ms);  // killed: wait for the round to end
                    }
                }
            });
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 700)(random)));
        server.kill();
        stop = true;
        for (auto& client : clients) client.join();

        FileState state = read_file(path);
        CAPTURE(round);
        CHECK(state.integrity == "ok");
        std::vector<std::int64_t> partial, lost;
        for (const auto& [batch, rows] : state.batches)
            if (rows != kBatchRows) partial.push_back(batch);
        std::lock_guard lock(mutex);
        for (auto batch : acknowledged)
            if (!state.batches.count(batch)) lost.push_back(batch);
        INFO("round " << round << ": " << acknowledged.size() << " batches acknowledged so far, "
                      << state.batches.size() << " in the file");
        CHECK(partial.empty());
        CHECK(lost.empty());
    }
    CHECK(acknowledged.size() > 10);
    ServerProcess restarted(path);
    CHECK(http_status(restarted.port(), "GET /crash/events.json?_size=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") == 200);
}

TEST_CASE("limits end to end: a body over max_body_kb is 413, and the server carries on") {
    ServerProcess server(events_db(), {"-s", "max_body_kb", "4"});
    std::string big = batch_body(1);
    while (big.size() < 8 * 1024) big = R"({"rows": [{"note": ")" + std::string(8 * 1024, 'x') + R"("}]})";
    CHECK(http_status(server.port(), post_request("/crash/events/-/insert", big)) == 413);
    CHECK(http_status(server.port(), post_request("/crash/events/-/insert", "{\"rows\": [")) == 400);
    CHECK(http_status(server.port(), post_request("/crash/events/-/insert", "{\"row\": {\"note\": \"\xc3\x28\"}}")) == 400);
    CHECK(http_status(server.port(), post_request("/crash/events/-/insert", std::string(5000, '['))) == 413);
    CHECK(http_status(server.port(), post_request("/crash/events/-/insert", std::string(3000, '[') + std::string(1000, ']'))) == 400);
    CHECK(http_status(server.port(), post_request("/crash/events/-/insert", batch_body(2))) == 201);
}
