#pragma once
#include <string>

#include "util/text.hpp"

namespace net {
std::string scrub(const std::string& text);
}
