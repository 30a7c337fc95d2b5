#pragma once
// The editor's window contents, laid out by hand (Dear ImGui 1.86 has no docking): menu bar,
// hierarchy on the left, inspector on the right, kit library / asset browser / venue settings
// along the bottom, the viewport in the middle, a status bar. Also the keyboard shortcuts and
// the unsaved-changes prompt. Needs only an ImGui context, so it runs headless in tests.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "atrium/assets/venue_budget.hpp"
#include "document.hpp"
#include "gltf_import_job.hpp"
#include "hierarchy_panel.hpp"
#include "host_session.hpp"
#include "host_voice.hpp"
#include "inspector_panel.hpp"
#include "item_rect.hpp"
#include "recent_files.hpp"
#include "viewport_panel.hpp"

namespace atrium::editor {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
};

class EditorUi {
public:
    // `configDir` holds recent.txt and the untitled recovery file.
    EditorUi(Document& doc, std::filesystem::path configDir);

    // Draws one frame of UI (between ImGui::NewFrame and ImGui::Render). `frameMs` is shown in
    // the status bar.
    void frame(double nowSeconds, float frameMs);

    // Actions that would lose unsaved changes ask first; in tests, answer with resolvePrompt().
    enum class Pending { None, NewFromTemplate, Open, Quit };
    enum class Answer { Save, Discard, Cancel };
    void requestNew(std::string templateId);
    void requestOpen(std::filesystem::path venue);
    void requestQuit();
    Pending pending() const { return pending_; }
    void resolvePrompt(Answer answer);
    bool quitRequested() const { return quit_; }

    Rect viewport() const { return viewport_; }  // where the scene goes

    // Host mode: a netsync server for this venue (Host menu, --host PORT); edits go out live.
    Status startHosting(std::uint16_t port);
    void stopHosting();
    HostSession* hostSession() { return host_.get(); }
    // The host's voice while hosting (its Voice window; V held over the venue talks). Set before
    // startHosting: tests give a WAV file and no devices.
    HostVoiceOptions hostVoice;
    HostVoice* voice() { return voice_.get(); }

    // The asset browser's glTF import (a worker thread; the progress bar shows while it runs).
    void startImport(const std::filesystem::path& source, const std::filesystem::path& venueDir);
    const GltfImportJob* importJob() const { return importJob_.get(); }
    std::uint16_t hostPort = 7777;  // what the Host menu offers

    // The kit library's thumbnails, when something can render them (the window app): the
    // texture for a generator id, or null while it is not ready.
    std::function<ImTextureID(const std::string& generatorId)> kitThumbnail;
    const RecentFiles& recent() const { return recent_; }

    std::map<std::string, ItemRect> kitButtonRects;  // test hook: the library's buttons by generator

    // The bottom panel's tab to bring forward on the next frame: "kits", "assets", "settings"
    // or "budget" (cleared once shown).
    std::string openTab;

    // The budget tab: what the venue asks of attendees' machines, measured again (at most a few
    // times a second) after the venue changes, checked against these limits every frame.
    BudgetLimits budgetLimits;
    const VenueBudget& budget() const { return budget_; }
    const std::vector<BudgetLine>& budgetLines() const { return budgetLines_; }
    // "" when the venue fits; else what is over, as the status bar and the export dialog say it.
    std::string overBudgetSummary() const;

    HierarchyPanel hierarchy;
    InspectorPanel inspector;
    ViewportPanel viewportPanel;

private:
    void layout();
    void shortcuts();
    void menuBar();
    void hostMenu();
    void importer(const std::filesystem::path& venueDir);
    void finishImport();
    void kitLibrary();
    void assetBrowser();
    void venueSettings();
    void budgetPanel();
    void refreshBudget(double now);
    void statusBar(float frameMs);
    void promptWindow();
    void pathPopups();
    void perform(Pending action);
    void remember(const std::filesystem::path& venue);

    Document& doc_;
    std::filesystem::path configDir_;
    RecentFiles recent_;
    Rect menu_, left_, right_, bottom_, status_, viewport_;
    Pending pending_ = Pending::None;
    std::string pendingTemplate_;
    std::filesystem::path pendingPath_;
    bool quit_ = false;
    bool openPathPopup_ = false, saveAsPopup_ = false, exportPopup_ = false;
    std::string pathInput_;
    std::vector<std::filesystem::path> assets_;
    bool assetsScanned_ = false;
    std::unique_ptr<HostSession> host_;
    std::unique_ptr<HostVoice> voice_;
    double lastFrameAt_ = -1.0;
    std::uint64_t tokensIssued_ = 0;
    std::string lastToken_;
    std::unique_ptr<GltfImportJob> importJob_;
    std::string importPath_;
    AssetCache budgetAssets_;
    VenueBudget budget_;
    std::vector<BudgetLine> budgetLines_;
    std::uint64_t budgetStamp_ = ~0ull;
    std::filesystem::path budgetVenue_;
    double budgetMeasuredAt_ = -1e9;
};

}  // namespace atrium::editor
