// In-process helpers for the write API tests: an App over a fresh writable copy of the
// fixtures database (named "fixtures", --root on, a known secret), root and restricted tokens,
// and POST/GET requests through App::handle with the reply's JSON parsed.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "app/app.h"
#include "auth/tokens.h"
#include "support/fixture_db.h"

namespace liteserve::testing {

inline constexpr const char* kWriteSecret = "write-test-secret";

struct WriteAppOptions {
    bool root = true;
    bool immutable = false;
    bool memory = false;
    std::vector<std::pair<std::string, std::string>> settings;
};

inline std::unique_ptr<app::App> write_app(const WriteAppOptions& o = {}) {
    app::AppOptions options;
    std::string path = temp_dir() + "/fixtures.db";
    std::filesystem::copy_file(fixtures_db(), path);
    options.files.push_back({path, o.immutable});
    options.memory = o.memory;
    options.root = o.root;
    options.secret = kWriteSecret;
    for (const auto& [name, value] : o.settings) config::apply_setting(options.settings, name, value);
    return std::make_unique<app::App>(std::move(options));
}

inline std::string token_for(const std::string& actor, std::optional<auth::Restrictions> restrictions = std::nullopt) {
    std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    return auth::create_token({actor, now, std::nullopt, std::move(restrictions)}, kWriteSecret);
}

inline std::string root_token() { return token_for("root"); }

// A token restricted to `actions` everywhere.
inline std::string token_allowing(const std::vector<std::string>& actions) {
    auth::Restrictions r;
    for (const auto& a : actions) r.allow_all(a);
    return token_for("root", r);
}

struct WriteReply {
    int status = 0;
    std::string body;
    rapidjson::Document json;

    // The value at a path such as "rows/0/id", compact JSON; "(absent)" when missing.
    std::string at(const std::string& path) const {
        const rapidjson::Value* v = &json;
        std::size_t start = 0;
        while (v && start <= path.size() && !path.empty()) {
            auto slash = path.find('/', start);
            std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
            if (v->IsArray()) {
                auto index = static_cast<rapidjson::SizeType>(std::stoul(part));
                v = index < v->Size() ? &(*v)[index] : nullptr;
            } else if (v->IsObject() && v->HasMember(part.c_str())) {
                v = &(*v)[part.c_str()];
            } else {
                v = nullptr;
            }
            if (slash == std::string::npos) break;
            start = slash + 1;
        }
        if (!v) return "(absent)";
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        v->Accept(writer);
        return buffer.GetString();
    }
    // The errors list of a failed write, compact.
    std::string errors() const { return at("errors"); }
};

struct RequestSpec {
    std::string method = "POST";
    std::string target;
    std::optional<std::string> body;
    std::optional<std::string> token;             // Bearer token
    std::optional<std::string> content_type = "application/json";
};

inline WriteReply send(const app::App& app, const RequestSpec& spec) {
    Request r;
    r.method = spec.method;
    r.target = spec.target;
    auto q = spec.target.find('?');
    r.path = spec.target.substr(0, q);
    r.query = q == std::string::npos ? "" : spec.target.substr(q + 1);
    r.headers = {{"host", "localhost"}};
    if (spec.content_type) r.headers.emplace_back("content-type", *spec.content_type);
    if (spec.token) r.headers.emplace_back("authorization", "Bearer " + *spec.token);
    if (spec.body) r.body = *spec.body;
    Response response = app.handle(r);
    WriteReply reply;
    reply.status = response.status;
    reply.body = response.body;
    reply.json.Parse(reply.body.c_str());
    if (reply.json.HasParseError()) reply.json.SetNull();
    return reply;
}

// POST `body` to `target` as root.
inline WriteReply post(const app::App& app, const std::string& target, const std::string& body) {
    return send(app, {"POST", target, body, root_token()});
}

inline WriteReply get(const app::App& app, const std::string& target) {
    return send(app, {"GET", target, std::nullopt, std::nullopt, std::nullopt});
}

}  // namespace liteserve::testing
