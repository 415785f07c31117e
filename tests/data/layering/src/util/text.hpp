#pragma once
#include <string>

namespace util {
std::string join();
}
