// A downstream program, as a user writes it.
#include <gpucompat/gpucompat.hpp>

#include <iostream>

using namespace gpucompat::literals;
static_assert("2.10"_v < "2.11.0"_v, "the version algebra works at compile time");

int main() {
    gpucompat::Query q;
    q.platform = gpucompat::Platform::Windows;
    const auto r = gpucompat::resolve(q);
    std::cout << "gpucompat " << GPUCOMPAT_VERSION_STRING << ": best on native Windows is TensorFlow "
              << r.best()->tensorflow.text() << "\n";
    return r.best()->tensorflow == "2.10.0"_v ? 0 : 1;
}
