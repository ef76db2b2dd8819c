// HTTP validators (liteserve's extension): a strong ETag on every 200 answer to GET or HEAD
// from a database-backed view, and 304 Not Modified, before the view runs any SQL, when the
// request's If-None-Match names the current tag.
//
// A tag is an HMAC-SHA256, under the instance's secret, of everything the answer depends on:
//   - the database's change token (db::ChangeCounter): for a mutable file, a per-process
//     random number, PRAGMA data_version of a watch connection (it moves with every commit
//     by any connection of any process) and the file size; for an immutable file, its path,
//     size and modification time at start-up;
//   - the request target (path and query string) and Host header (absolute URLs in bodies);
//   - who asks: the Authorization header when it resolves to an actor, else "-" (answers
//     differ per actor, and an expired token is anonymous again);
//   - an instance fingerprint: liteserve's version, every setting, the config and metadata
//     files, --root and --default-deny.
// The change token is read BEFORE the view runs, so a body is never older than its tag: a
// commit landing in between gives a body newer than its tag, which only costs a revalidation.
// Being keyed by the secret, a tag cannot be forged for a resource the client never saw, so
// the 304 needs no permission check (a permission failure never carries a tag). No tag is
// given where an answer can change without a commit: in-memory databases, SQL that uses
// random(), the current time or the like, stored queries with magic parameters.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/context.h"
#include "api/digests.h"
#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::api {

// The instance fingerprint (see above): computed once, when the routes are registered.
std::string instance_fingerprint(const Context& ctx);

// What tags are signed with, set up once when the routes are registered: the instance
// fingerprint and an HMAC keyed with the secret.
struct EtagSigner {
    explicit EtagSigner(const Context& ctx) : fingerprint(instance_fingerprint(ctx)), mac(ctx.secret) {}
    std::string fingerprint;
    HmacSha256 mac;
};

// The tag the answer to `request` gets, or nullopt when it gets none.
std::optional<std::string> etag_for(const Context& ctx, const EtagSigner& signer, const Request& request);

// RFC 9110's If-None-Match: "*" or a comma-separated list of entity tags, compared weakly
// (W/"x" matches "x").
bool if_none_match(std::string_view header, std::string_view etag);

// False when `sql` may give another result without a commit: random(), randomblob(), the
// current time ('now', current_timestamp …, date functions without a time value),
// changes(), last_insert_rowid(). Conservative: a word "now" anywhere counts.
bool sql_is_deterministic(std::string_view sql);

// Runs `view` under the validator: 304 (with the tag, and Cache-Control when
// `cache_headers`) when If-None-Match matches, else the view's answer with the tag on a 200.
Response with_etag(const Context& ctx, const EtagSigner& signer, Request& request, bool cache_headers,
                   const std::function<Response()>& view);

}  // namespace liteserve::api
