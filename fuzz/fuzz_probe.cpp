// libFuzzer: the text doctor's live detection reads from outside - the probe
// helper's answers, pyvenv.cfg, dist-info METADATA - and the sanitiser every
// detected string goes through. Kept apart from fuzz_detect so that each
// target stays fast enough to explore.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <gpucompat/probe.hpp>
#include <gpucompat/python_env.hpp>
#include <gpucompat/sanitize.hpp>

using namespace gpucompat;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view s(reinterpret_cast<const char*>(data), size);
    const auto a = probe::read_driver_answer(std::string(s), "fuzz");
    // Whatever the helper says, what is kept is printable and in range.
    for (const auto& g : a.gpus) {
        if (!is_printable(g.name)) __builtin_trap();
        if (g.cc && (g.cc->major() < 1 || g.cc->major() > 99)) __builtin_trap();
    }
    (void)probe::parse_pyvenv_cfg(s);
    (void)probe::parse_metadata(s);
    // The sanitiser's output is valid UTF-8 without controls: sanitising it again changes nothing.
    const std::string shown = printable(s, s.size());
    if (printable(shown, shown.size()) != shown) __builtin_trap();
    return 0;
}
