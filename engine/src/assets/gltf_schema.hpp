#pragma once
// Type checks on the raw glTF JSON before tinygltf sees it: tinygltf silently ignores many
// wrongly typed fields (a string where a number belongs, -1 as a texture index), which would
// import a different model from the one the author wrote. Here each is an error with its path.
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "atrium/core/error.hpp"

namespace atrium::detail {

// `baseDir` is where relative buffer and image URIs resolve (empty for .glb or in-memory input
// with no external files); a missing file is reported here with the URI that names it.
std::optional<Error> checkGltfJson(const nlohmann::json& doc, const std::string& file,
                                   const std::filesystem::path& baseDir, bool checkImages);

}  // namespace atrium::detail
