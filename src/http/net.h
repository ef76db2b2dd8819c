// Boost.Asio/Beast includes and the short names used inside src/http. Only files in this
// folder include it, so Beast's compile cost (and its types) stay out of the rest of the tree.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace liteserve::http {

namespace net = boost::asio;
namespace beast = boost::beast;
// Not `http`: that would shadow this namespace's own name.
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using error_code = beast::error_code;
template <class T>
using awaitable = net::awaitable<T>;

// Completion token for coroutines that inspect error codes instead of catching exceptions:
// network failures are ordinary events for a server, not exceptional ones.
inline constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

}  // namespace liteserve::http
