// gpucompat — the whole core API: which TensorFlow / CUDA / cuDNN fits an
// NVIDIA GPU, driver, OS and Python, and why every other release does not.
//
// Needs only the C++20 standard library. Opt-in extras beside it:
//   <gpucompat/gpus.hpp>        GPU model names -> compute capability (large table)
//   <gpucompat/json.hpp>        answers as JSON (nlohmann_json)
//   <gpucompat/json_tables.hpp> load the tables from data/*.json at run time (nlohmann_json)
//   <gpucompat/detect.hpp>      parsers of nvidia-smi, /proc and friends (pure)
//   <gpucompat/probe.hpp>       live probing of this machine (dlopen of libcuda/libcudnn)
#pragma once

#include "check.hpp"
#include "compute_capability.hpp"
#include "config.hpp"
#include "driver.hpp"
#include "install.hpp"
#include "explain.hpp"
#include "messages.hpp"
#include "parse_result.hpp"
#include "platform.hpp"
#include "query.hpp"
#include "reason.hpp"
#include "framework_check.hpp"
#include "framework_install.hpp"
#include "framework_problems.hpp"
#include "framework_resolver.hpp"
#include "resolver.hpp"
#include "row_facts.hpp"
#include "shared_environment.hpp"
#include "table_types.hpp"
#include "tables.hpp"
#include "version.hpp"
#include "version_spec.hpp"
#include "windows_build.hpp"
