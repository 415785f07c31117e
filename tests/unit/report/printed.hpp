#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace test_support {

/// What `print(FILE*)` writes, as the terminal would show it.
template <class Print>
std::string printed_by(Print print) {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    if (out == nullptr)
        return "open_memstream failed";
    print(out);
    std::fclose(out);
    std::string text(buffer, size);
    std::free(buffer);
    return text;
}

}  // namespace test_support
