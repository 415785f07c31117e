#include "cli/endpoints.hpp"

namespace cli {

void StackEndpoints::add_to(CLI::App& cmd, bool with_target) {
    if (with_target) {
        cmd.add_option("--target", target, "The app's base URL")
            ->envname("OBSCTL_TARGET")
            ->capture_default_str();
    }
    cmd.add_option("--prometheus", prometheus, "Prometheus URL")
        ->envname("OBSCTL_PROMETHEUS_URL")
        ->capture_default_str();
    cmd.add_option("--alertmanager", alertmanager, "Alertmanager URL")
        ->envname("OBSCTL_ALERTMANAGER_URL")
        ->capture_default_str();
}

}  // namespace cli
