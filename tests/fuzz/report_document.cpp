// The JSON report's reader (`report merge`, `report html`, `verify --client-report` read files
// anyone may hand them), and everything drawn from what it accepts: the report written again,
// the page, the Grafana annotations.
#include "fuzz_input.hpp"
#include "grafana/annotations.hpp"
#include "html/render.hpp"
#include "report/document.hpp"
#include "report/files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto doc = report::read_document(fuzz_text(data, size), "fuzz.json");
    if (!doc)
        return 0;
    // What was accepted reads back as the same verdict: one writer, one reader.
    const auto again = report::read_document(report::to_json(*doc), "again.json");
    FUZZ_ASSERT(again.has_value());
    FUZZ_ASSERT(again->verdict().word == doc->verdict().word);
    FUZZ_ASSERT(again->verdict().counts.text() == doc->verdict().counts.text());
    (void)html::render_page(*doc);
    (void)report::junit_report(*doc);
    (void)grafana::annotations_of(*doc);
    return 0;
}
