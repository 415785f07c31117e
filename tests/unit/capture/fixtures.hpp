#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "capture/notification.hpp"

namespace capture_fixtures {

/// A request Alertmanager 0.25 really sent, recorded by tests/data/capture/capture.py.
struct Recorded {
    std::string file;
    std::string method;  ///< "DATA" for an email
    std::string path;    ///< the request target, query included (empty for an email)
    std::string body;
};

/// The field `name` of `n` (a test failure if it has none).
inline std::string field(const capture::Notification& n, const std::string& name) {
    const std::string* value = n.field(name);
    BOOST_TEST_REQUIRE(value != nullptr,
                       n.integration << " has no field " << name << " (" << n.unreadable << ")");
    return *value;
}

inline std::string read_file(const std::string& name) {
    std::ifstream in(std::string(OBSCTL_TEST_DATA) + "/capture/" + name, std::ios::binary);
    if (!in)
        throw std::runtime_error("missing fixture " + name +
                                 " (run tests/data/capture/capture.py)");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline std::vector<Recorded> recorded() {
    std::vector<Recorded> out;
    std::istringstream tsv(read_file("requests.tsv"));
    std::string line;
    while (std::getline(tsv, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        Recorded r;
        std::getline(fields, r.file, '\t');
        std::getline(fields, r.method, '\t');
        std::getline(fields, r.path, '\t');
        r.body = read_file(r.file);
        out.push_back(std::move(r));
    }
    return out;
}

inline Recorded recorded(const std::string& file) {
    for (auto& r : recorded()) {
        if (r.file == file)
            return r;
    }
    throw std::runtime_error("requests.tsv has no " + file);
}

}  // namespace capture_fixtures
