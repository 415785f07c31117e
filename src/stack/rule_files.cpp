#include "stack/rule_files.hpp"

#include <yaml-cpp/yaml.h>

#include "promapi/yaml_config.hpp"
#include "util/duration.hpp"
#include "util/text_file.hpp"

namespace stack {

util::Result<std::vector<DeclaredRule>> declared_alert_rules(
    const std::vector<std::filesystem::path>& files) {
    std::vector<DeclaredRule> out;
    for (const auto& file : files) {
        auto text = util::read_text_file(file, 16u << 20, "rule file");
        if (!text)
            return std::unexpected(text.error());
        try {
            const YAML::Node doc = promapi::load_config_yaml(*text, promapi::MergeKeys::go_yaml_v3);
            const YAML::Node groups = doc.IsMap() ? doc["groups"] : YAML::Node();
            if (!groups || !groups.IsSequence())
                continue;
            for (const auto& group : groups) {
                const YAML::Node rules = group.IsMap() ? group["rules"] : YAML::Node();
                if (!rules || !rules.IsSequence())
                    continue;
                for (const auto& rule : rules) {
                    if (!rule.IsMap() || !rule["alert"])
                        continue;
                    DeclaredRule r{rule["alert"].as<std::string>(), {}, file};
                    if (rule["for"]) {
                        auto d = util::parse_duration(rule["for"].as<std::string>());
                        if (!d) {
                            return util::fail(
                                util::ExitCode::usage,
                                r.name + ": for: not a duration: " + rule["for"].as<std::string>(),
                                file.string());
                        }
                        r.for_duration = *d;
                    }
                    out.push_back(std::move(r));
                }
            }
        } catch (const YAML::Exception& e) {
            return util::fail(util::ExitCode::usage, std::string("not YAML: ") + e.what(),
                              file.string());
        }
    }
    return out;
}

}  // namespace stack
