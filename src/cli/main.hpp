#pragma once

namespace cli {

/// obsctl's entry point: parses the command line, runs the subcommand, maps the outcome to
/// an exit code. The one place that catches exceptions and prints `obsctl: error: ...`.
int main(int argc, char** argv);

}  // namespace cli
