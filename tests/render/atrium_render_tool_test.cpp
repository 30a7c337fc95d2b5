// atrium-render as a user runs it: every test model becomes a non-blank PNG, every invalid
// glTF a non-zero exit with a message naming the file.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "atrium/render/image.hpp"

namespace fs = std::filesystem;

namespace {

struct ToolRun {
    int exitCode = -1;
    std::string output;
};

ToolRun runTool(const std::string& args) {
    std::string cmd = std::string(ATRIUM_BIN_DIR) + "/atrium-render " + args + " 2>&1";
    ToolRun r;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return r;
    char buf[512];
    while (fgets(buf, sizeof buf, pipe)) r.output += buf;
    int status = pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::vector<fs::path> gltfFiles(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        std::string ext = e.path().extension().string();
        if (ext == ".gltf" || ext == ".glb") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST(AtriumRenderTool, TurnsEveryTestModelIntoANonBlankPng) {
    fs::path outDir = fs::path(ATRIUM_BIN_DIR).parent_path() / "tool-renders";
    fs::create_directories(outDir);
    for (const fs::path& model : gltfFiles(fs::path(ATRIUM_TEST_DATA) / "gltf" / "models")) {
        fs::path png = outDir / (model.stem().string() + ".png");
        ToolRun r = runTool("'" + model.string() + "' -o '" + png.string() + "' --size 96x96 --validation");
        EXPECT_EQ(r.exitCode, 0) << model << "\n" << r.output;
        EXPECT_EQ(r.output.find("vulkan"), std::string::npos) << "validation messages:\n" << r.output;
        auto img = atrium::loadImagePng(png);
        ASSERT_TRUE(img) << img.error().toString();
        std::size_t distinct = 0;
        for (std::size_t i = 4; i < img->pixels.size(); i += 4) distinct += img->pixels[i] != img->pixels[0];
        EXPECT_GT(distinct, 96u * 96u / 20u) << model << " rendered blank";
    }
}

TEST(AtriumRenderTool, RejectsEveryInvalidGltfWithAClearMessage) {
    for (const fs::path& bad : gltfFiles(fs::path(ATRIUM_TEST_DATA) / "gltf" / "invalid")) {
        ToolRun r = runTool("'" + bad.string() + "' -o /dev/null --size 32x32");
        EXPECT_NE(r.exitCode, 0) << bad;
        EXPECT_NE(r.output.find("atrium-render: "), std::string::npos) << r.output;
        EXPECT_NE(r.output.find(bad.filename().string()), std::string::npos) << "the message names the file:\n" << r.output;
    }
}

TEST(AtriumRenderTool, BadArgumentsExitWithUsage) {
    EXPECT_EQ(runTool("").exitCode, 2);
    EXPECT_EQ(runTool("x.glb -o y.png --size 0x5").exitCode, 2);
    EXPECT_EQ(runTool("x.glb -o y.png --camera 1,2:3").exitCode, 2);
    ToolRun missing = runTool("/no/such/file.glb -o /tmp/never.png");
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.output.find("no such file"), std::string::npos);
}
