// install_commands — generate the commands that install a fitting stack.
#include <iostream>

#include <gpucompat/gpucompat.hpp>

int main() {
    using namespace gpucompat;
    Query q;
    q.platform = Platform::Windows;
    q.python = *Version::parse("3.7");
    q.tensorflow = *VersionSpec::parse("2.1");
    const Resolution r = resolve(q);
    if (!r.fits()) return 1;

    InstallOptions options;
    options.method = InstallMethod::Conda;
    options.exact = true;  // pin conda build strings where the tables know them
    options.python = q.python;
    const InstallPlan plan = plan_install(*r.best(), options);
    std::cout << render_install(plan, InstallFormat::Sh) << "\n" << render_install(plan, InstallFormat::Yml);
    return 0;
}
