#pragma once

#include <vector>

#include "report/document.hpp"

namespace test_support {

/// A scenario's actions as the executor reports them: "stop demoapp" in warmup at +5.06 s
/// (ok, 100 ms), "exec ./fill-disk.sh" in burst at +10.12 s that failed (2 s, exit 1, its
/// output two lines, the last holding markup), and "start demoapp (undo)" at +12.65 s (ok,
/// 1.2 s), just after 12.5 s of traffic.
inline std::vector<report::ActionEntry> sample_actions() {
    using namespace std::chrono_literals;
    report::ActionEntry stop, fill, start;
    stop.phase = "warmup";
    stop.text = "stop demoapp";
    stop.at = 5'060ms;
    stop.took = 100ms;
    fill.phase = "burst";
    fill.text = "exec ./fill-disk.sh";
    fill.at = 10'120ms;
    fill.took = 2'000ms;
    fill.ok = false;
    fill.exit_status = 1;
    fill.output = "writing /tmp/fill\n<script>alert(1)</script> disk full\n";
    start.phase = "burst";
    start.text = "start demoapp (undo)";
    start.at = 12'650ms;
    start.took = 1'200ms;
    start.undo = true;
    return {stop, fill, start};
}

/// A verify report of scenario "disk" (12.5 s of traffic from 1'790'000'000 s, quiet passed)
/// holding the sample actions.
inline report::Document document_with_actions() {
    using namespace std::chrono_literals;
    report::Document doc;
    doc.scenario = "disk";
    doc.mode = "verify";
    doc.run.started = std::chrono::system_clock::from_time_t(1'790'000'000);
    doc.run.elapsed = 12'500ms;
    doc.verification.emplace();
    doc.verification->quiet = {"quiet", verify::Outcome::passed, "no unexpected alert fired"};
    doc.actions = sample_actions();
    return doc;
}

}  // namespace test_support
