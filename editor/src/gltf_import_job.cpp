#include "gltf_import_job.hpp"

#include <cstdio>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "atrium/assets/gltf_importer.hpp"

namespace atrium::editor {
namespace {

constexpr float kValidatedFraction = 0.3f;  // validation's share of the bar; copying takes the rest
constexpr std::size_t kChunk = 256 * 1024;

std::string mib(std::uintmax_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", double(bytes) / (1024.0 * 1024.0));
    return text;
}

// The relative files a .gltf references (buffers, images). A .glb carries its buffers inside;
// images it references by URI (rare) are not followed.
Result<std::vector<std::filesystem::path>> referencedFiles(const std::filesystem::path& file) {
    std::vector<std::filesystem::path> out;
    if (file.extension() != ".gltf") return out;
    std::ifstream in(file);
    nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded()) return Error{file.string() + ": not JSON"};
    for (const char* key : {"buffers", "images"}) {
        if (!doc.contains(key) || !doc[key].is_array()) continue;
        for (const auto& item : doc[key]) {
            if (!item.is_object() || !item.contains("uri") || !item["uri"].is_string()) continue;
            std::string uri = item["uri"];
            if (uri.rfind("data:", 0) == 0) continue;
            std::filesystem::path p(uri);
            // A reference outside the model's folder would be copied outside the venue's.
            for (const auto& part : p) {
                if (part == "..") return Error{file.string() + ": " + key + " uri \"" + uri + "\" leaves the model's folder"};
            }
            if (p.is_absolute()) return Error{file.string() + ": " + key + " uri \"" + uri + "\" is absolute"};
            out.push_back(p);
        }
    }
    return out;
}

}  // namespace

GltfImportJob::GltfImportJob(std::filesystem::path source, std::filesystem::path venueDir)
    : source_(std::move(source)), venueDir_(std::move(venueDir)) {
    progress_.text = "Validating " + source_.filename().string();
    worker_ = std::thread([this] { run(); });
}

GltfImportJob::~GltfImportJob() {
    if (worker_.joinable()) worker_.join();
}

GltfImportJob::Progress GltfImportJob::progress() const {
    std::lock_guard lock(mutex_);
    return progress_;
}

void GltfImportJob::fail(const std::string& message) {
    std::lock_guard lock(mutex_);
    error_ = message;
    progress_.stage = Stage::Failed;
    progress_.text = message;
}

void GltfImportJob::run() {
    std::string ext = source_.extension().string();
    if (ext != ".gltf" && ext != ".glb") {
        fail(source_.string() + ": not a glTF file (.gltf or .glb)");
        finished_ = true;
        return;
    }
    Result<Model> model = importGltf(source_.string());
    if (!model) {
        fail(model.error().toString());
        finished_ = true;
        return;
    }
    auto files = referencedFiles(source_);
    if (!files) {
        fail(files.error().toString());
        finished_ = true;
        return;
    }
    files->insert(files->begin(), source_.filename());

    // models/<stem>, or models/<stem>-2 ... when taken: an import never overwrites.
    std::error_code ec;
    std::string stem = source_.stem().string();
    std::filesystem::path folder = venueDir_ / "models" / stem;
    for (int n = 2; std::filesystem::exists(folder, ec); ++n) folder = venueDir_ / "models" / (stem + "-" + std::to_string(n));
    std::uintmax_t total = 0, done = 0;
    for (const auto& f : *files) total += std::filesystem::file_size(source_.parent_path() / f, ec);
    {
        std::lock_guard lock(mutex_);
        progress_.stage = Stage::Copying;
        progress_.fraction = kValidatedFraction;
        progress_.text = "Copying " + mib(0) + " of " + mib(total) + " MiB";
    }
    std::vector<char> buffer(kChunk);
    for (const auto& f : *files) {
        std::filesystem::path from = source_.parent_path() / f, to = folder / f;
        std::filesystem::create_directories(to.parent_path(), ec);
        std::ifstream in(from, std::ios::binary);
        std::ofstream out(to, std::ios::binary);
        if (!in || !out) {
            fail("cannot copy " + from.string() + " to " + to.string());
            finished_ = true;
            return;
        }
        while (in) {
            in.read(buffer.data(), std::streamsize(buffer.size()));
            out.write(buffer.data(), in.gcount());
            done += std::uintmax_t(in.gcount());
            std::lock_guard lock(mutex_);
            progress_.fraction = kValidatedFraction + (1.0f - kValidatedFraction) * (total ? float(double(done) / double(total)) : 1.0f);
            progress_.text = "Copying " + mib(done) + " of " + mib(total) + " MiB";
        }
        if (!out) {
            fail("writing " + to.string() + " failed");
            finished_ = true;
            return;
        }
    }
    {
        std::lock_guard lock(mutex_);
        model_ = std::move(*model);
        modelRef_ = std::filesystem::relative(folder / source_.filename(), venueDir_, ec).generic_string();
        progress_.stage = Stage::Done;
        progress_.fraction = 1.0f;
        progress_.text = "Imported " + modelRef_;
    }
    finished_ = true;
}

Result<EntityTree> GltfImportJob::result() const {
    if (!finished_) return Error{"the import is still running"};
    std::lock_guard lock(mutex_);
    if (!error_.empty()) return Error{error_};
    // The importer's own instantiation, recorded as one command so undo removes the whole model.
    World scratch;
    Entity root = instantiateModel(scratch, *model_, modelRef_);
    scratch.updateTransforms();
    return captureTree(scratch, root);
}

}  // namespace atrium::editor
