#pragma once
// Importing a glTF model into a venue on a worker thread, with progress for the asset browser's
// progress bar. The file is validated first with the full importer (a broken model never lands
// in the venue), then it and the buffers and images it references are copied into a folder of
// their own under the venue's `models/`; the editor thread then pastes its node tree as one
// command.
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "atrium/assets/model.hpp"
#include "atrium/core/error.hpp"
#include "atrium/scene/command.hpp"

namespace atrium::editor {

class GltfImportJob {
public:
    enum class Stage { Validating, Copying, Done, Failed };
    struct Progress {
        Stage stage = Stage::Validating;
        float fraction = 0.0f;  // 0..1 over the whole job
        std::string text;       // "Copying 3.2 of 8.0 MiB"
    };

    // Starts at once; `venueDir` receives models/<name>/.
    GltfImportJob(std::filesystem::path source, std::filesystem::path venueDir);
    ~GltfImportJob();  // waits for the worker
    GltfImportJob(const GltfImportJob&) = delete;
    GltfImportJob& operator=(const GltfImportJob&) = delete;

    Progress progress() const;
    bool finished() const { return finished_; }
    // Once finished: the error, or the model as an entity tree (one entity per node, meshes
    // referenced relative to the venue's folder) to paste into the venue as one command.
    Result<EntityTree> result() const;
    const std::string& modelRef() const { return modelRef_; }  // valid once Done

private:
    void run();
    void fail(const std::string& message);

    std::filesystem::path source_, venueDir_;
    mutable std::mutex mutex_;
    Progress progress_;
    std::optional<Model> model_;
    std::string modelRef_, error_;
    std::atomic<bool> finished_{false};
    std::thread worker_;
};

}  // namespace atrium::editor
