// A downstream program that wants the answers as JSON: linking gpucompat::json
// alone must bring nlohmann_json's include path along.
#include <gpucompat/gpucompat.hpp>
#include <gpucompat/json.hpp>

#include <iostream>

int main() {
    gpucompat::Query q;
    q.platform = gpucompat::Platform::Windows;
    const nlohmann::json j = gpucompat::to_json(gpucompat::resolve(q));
    const std::string best = j.at("candidates").at(0).at("tensorflow").get<std::string>();
    std::cout << "best on native Windows, as JSON: " << best << "\n";
    return best == "2.10.0" ? 0 : 1;
}
