#include "cli/main.hpp"

#include <cstdio>

#include "cli/command.hpp"
#include "cli/help_format.hpp"
#include "net/endpoint.hpp"

namespace cli {

namespace {

/// Every error is one line: text a server sent (an error page, a message with line breaks)
/// must not break it.
std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    }
    return text;
}

}  // namespace

void note(const std::string& line) {
    std::fprintf(stderr, "obsctl: %s\n", line.c_str());
}

int main(int argc, char** argv) {
    CLI::App app{
        "obsctl: replay traffic against an instrumented app and prove that the\n"
        "Prometheus alerts you expect fire, reach Alertmanager, and resolve.",
        "obsctl"};
    // Set first: every subcommand takes its parent's formatter when it is added.
    app.formatter(std::make_shared<GroupedFormatter>());
    set_examples(app, {"obsctl run errors --local-stack --time-scale 0.1",
                       "obsctl run my.yaml --prometheus http://prom:9090 --junit out.xml",
                       "obsctl help run"});
    app.require_subcommand(1);
    // One line, like every other error: CLI11's default adds "Run with --help ..." below it.
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return "obsctl: error: " + std::string(e.what()) + " (see --help)\n";
    });
    Action action;
    setup_run(app, action);
    setup_verify(app, action);
    setup_validate(app, action);
    setup_list(app, action);
    setup_status(app, action);
    setup_alerts(app, action);
    setup_coverage(app, action);
    setup_report(app, action);
    setup_init(app, action);
    setup_stack(app, action);
    setup_version(app, action);
    setup_help(app, action);
    setup_completion(app, action);
    setup_manpages(app, action);
    // CLI11 says only "A subcommand is required" for `obsctl frobnicate` and `obsctl -v`: name
    // the word (`help` says which commands there are).
    if (argc > 1 && (argv[1] == std::string("-v") || argv[1] == std::string("--v"))) {
        std::fprintf(stderr, "obsctl: error: unknown option %s (did you mean -V or --version?)\n",
                     argv[1]);
        return static_cast<int>(util::ExitCode::usage);
    }
    const bool unknown =
        argc > 1 && argv[1][0] != '-' &&
        app.get_subcommands([&](const CLI::App* sub) { return sub->get_name() == argv[1]; })
            .empty();
    if (unknown) {
        action = [&app, word = std::string(argv[1])] { return print_help(app, {word}); };
    } else {
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            const int code = app.exit(e);  // prints help, or the error with a usage hint
            return code == 0 ? 0 : static_cast<int>(util::ExitCode::usage);
        }
    }
    try {
        auto result = action();
        if (!result) {
            std::fprintf(stderr, "obsctl: error: %s\n",
                         one_line(net::scrub(result.error().message())).c_str());
            return static_cast<int>(result.error().code);
        }
        return static_cast<int>(*result);
    } catch (const std::exception& e) {
        // Expected failures come back as Errors; an exception here is a bug in obsctl.
        std::fprintf(stderr, "obsctl: error: internal: %s\n", net::scrub(e.what()).c_str());
        return static_cast<int>(util::ExitCode::internal);
    }
}

}  // namespace cli
