#pragma once

#include <string>
#include <vector>

#include "stack/local_stack.hpp"

namespace stack {

struct SelftestCheck {
    std::string name;
    bool passed = false;
    std::string detail;  ///< what was seen, with times and the deadline that applied
};

struct SelftestReport {
    std::vector<SelftestCheck> checks;
    bool passed() const;
};

/// Proves a running local stack works end to end, as a person would check it by hand:
/// 1. Prometheus counts exactly the requests sent to demoapp (no loss, no double count);
/// 2. with demoapp stopped, ApplicationDown goes pending, fires within its rule's deadline
///    (read from /api/v1/rules: for + 2 evaluations + 1 scrape + 5 s slack), and is active in
///    Alertmanager with a receiver;
/// 3. with demoapp restarted, it resolves in Prometheus and Alertmanager within 15 s.
/// Reports each event through `progress` as it happens. Leaves demoapp running.
SelftestReport run_selftest(LocalStack& stack, const Progress& progress);

}  // namespace stack
