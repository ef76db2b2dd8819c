// The create-token command: options (Program_options, with -d/-r taken out first), the token
// on stdout and, with --debug, the decoded payload on stderr.
#include "cli/create_token.h"

#include <ostream>
#include <sstream>
#include <stdexcept>

#include <boost/program_options.hpp>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "auth/actions.h"
#include "auth/tokens.h"

namespace liteserve::cli {
namespace po = boost::program_options;
namespace {

po::options_description describe() {
    po::options_description options("Options");
    options.add_options()
        ("secret", po::value<std::string>(), "Secret used for signing the API tokens (default: $DATASETTE_SECRET)")
        ("expires-after,e", po::value<std::int64_t>(), "Token should expire after this many seconds")
        ("all,a", po::value<std::vector<std::string>>()->composing(), "Restrict token to this action (repeatable)")
        ("debug", po::bool_switch(), "Show the decoded token on stderr")
        ("help", po::bool_switch(), "Show this help and exit");
    return options;
}

// The options as --help lists them: -d and -r are parsed by take_restrictions, not here.
po::options_description describe_for_help() {
    po::options_description options = describe();
    options.add_options()
        ("database,d", po::value<std::string>()->value_name("DB ACTION"),
         "Restrict token to this action on this database (repeatable)")
        ("resource,r", po::value<std::string>()->value_name("DB RESOURCE ACTION"),
         "Restrict token to this action on this table, view or stored query (repeatable)");
    return options;
}

// What a token stores for `action`: its abbreviation, or an unknown name as given (recorded
// in `unknown` for a warning), as Datasette's create-token does.
std::string token_action(const std::string& action, std::vector<std::string>& unknown) {
    if (auto stored = auth::token_action(action)) return std::string(*stored);
    unknown.push_back(action);
    return action;
}

// `-d DB ACTION` and `-r DB RESOURCE ACTION` take two and three values, which Program_options
// cannot express, so they are taken out of the arguments first. The value after a one-value
// option is passed over untouched, so a secret such as "-d" stays a value.
std::vector<std::string> take_restrictions(const std::vector<std::string>& args, auth::Restrictions& restrictions,
                                           std::vector<std::string>& unknown) {
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        bool database = arg == "-d" || arg == "--database";
        bool resource = arg == "-r" || arg == "--resource";
        if (!database && !resource) {
            rest.push_back(arg);
            bool one_value = arg == "--secret" || arg == "-e" || arg == "--expires-after" || arg == "-a" || arg == "--all";
            if (one_value && i + 1 < args.size()) rest.push_back(args[++i]);
            continue;
        }
        std::size_t values = database ? 2 : 3;
        if (i + values >= args.size())
            throw std::invalid_argument(arg + (database ? " needs a DB and an ACTION" : " needs a DB, a RESOURCE and an ACTION"));
        if (database) restrictions.allow_database(args[i + 1], token_action(args[i + 2], unknown));
        else restrictions.allow_resource(args[i + 1], args[i + 2], token_action(args[i + 3], unknown));
        i += values;
    }
    return rest;
}

po::variables_map parse_options(const std::vector<std::string>& args) {
    po::options_description hidden;
    hidden.add_options()("actor", po::value<std::string>());
    po::options_description all;
    all.add(describe()).add(hidden);
    po::positional_options_description positional;
    positional.add("actor", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw std::invalid_argument(e.what());
    }
    return vm;
}

// json.dumps(payload, indent=2), as Datasette's --debug prints it.
std::string pretty(const std::string& json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
    writer.SetIndent(' ', 2);
    doc.Accept(writer);
    return buffer.GetString();
}

}  // namespace

std::string create_token_help() {
    std::ostringstream out;
    out << "Usage: liteserve create-token ACTOR [OPTIONS]\n\n"
           "Create a signed API token (dstok_…) for the actor ID ACTOR, as `datasette create-token`.\n\n"
        << describe_for_help();
    return out.str();
}

CreateTokenCommand parse_create_token(std::vector<std::string> args, std::optional<std::string> env_secret) {
    CreateTokenCommand cmd;
    po::variables_map vm = parse_options(take_restrictions(args, cmd.restrictions, cmd.unknown_actions));
    cmd.help = vm["help"].as<bool>();
    if (cmd.help) return cmd;
    if (!vm.count("actor")) throw std::invalid_argument("Missing argument ACTOR: the actor ID the token is for");
    cmd.actor = vm["actor"].as<std::string>();
    cmd.secret = vm.count("secret") ? vm["secret"].as<std::string>() : env_secret.value_or("");
    if (cmd.secret.empty()) throw std::invalid_argument("Missing option --secret (or set DATASETTE_SECRET)");
    if (vm.count("expires-after")) cmd.expires_after = vm["expires-after"].as<std::int64_t>();
    if (vm.count("all"))
        for (const auto& action : vm["all"].as<std::vector<std::string>>())
            cmd.restrictions.allow_all(token_action(action, cmd.unknown_actions));
    cmd.debug = vm["debug"].as<bool>();
    return cmd;
}

int run_create_token(const CreateTokenCommand& cmd, std::int64_t now, std::ostream& out, std::ostream& err) {
    if (cmd.help) {
        out << create_token_help();
        return 0;
    }
    for (const auto& action : cmd.unknown_actions) err << "Warning: unknown action: " << action << "\n";
    auth::TokenPayload payload{cmd.actor, now, std::nullopt, std::nullopt};
    if (cmd.expires_after) payload.duration = cmd.expires_after;
    if (!cmd.restrictions.empty()) payload.restrictions = cmd.restrictions;
    std::string token = auth::create_token(payload, cmd.secret);
    out << token << "\n";
    if (cmd.debug) {
        auto decoded = auth::decode_token(token, cmd.secret);
        err << "\nDecoded:\n\n" << pretty(auth::payload_json(decoded.value())) << "\n";
    }
    return 0;
}

}  // namespace liteserve::cli
