#pragma once
// Cross-reference and external-file checks on a glTF document's JSON, run after the type
// checks of gltf_schema and before tinygltf: each bad index or missing file becomes an Error
// naming the referring field (the caller adds the file name).
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "atrium/core/error.hpp"

namespace atrium {

// `baseDir`: where relative buffer and image URIs resolve; empty skips the file checks.
std::optional<Error> checkGltfReferences(const nlohmann::json& doc, const std::filesystem::path& baseDir, bool checkImages);

}  // namespace atrium
