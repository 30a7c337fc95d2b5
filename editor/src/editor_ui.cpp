#include "editor_ui.hpp"

#include "translations.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "atrium/core/log.hpp"
#include "atrium/scene/kit.hpp"
#include "editor_names.hpp"
#include "kit_placement.hpp"
#include "venue_templates.hpp"

namespace atrium::editor {

namespace {

constexpr float kLeftWidth = 300.0f;
constexpr float kRightWidth = 380.0f;
constexpr float kBottomHeight = 230.0f;
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

bool beginPanel(const char* title, const Rect& r, ImGuiWindowFlags extra = 0) {
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
    return ImGui::Begin(title, nullptr, kPanelFlags | extra);
}

}  // namespace

EditorUi::EditorUi(Document& doc, std::filesystem::path configDir) : doc_(doc), configDir_(std::move(configDir)) {
    recent_ = RecentFiles::load(configDir_ / "recent.txt");
    doc_.setUntitledRecoveryDir(configDir_);
}

void EditorUi::remember(const std::filesystem::path& venue) {
    recent_.add(venue);
    if (Status s = recent_.save(configDir_ / "recent.txt"); !s.ok()) doc_.lastMessage = s.error().toString();
}

void EditorUi::layout() {
    ImVec2 size = ImGui::GetIO().DisplaySize;
    float menuH = ImGui::GetFrameHeight();
    float statusH = ImGui::GetFrameHeight() + 4.0f;
    float bodyH = std::max(size.y - menuH - statusH, 100.0f);
    menu_ = {0, 0, size.x, menuH};
    status_ = {0, size.y - statusH, size.x, statusH};
    left_ = {0, menuH, kLeftWidth, bodyH};
    right_ = {size.x - kRightWidth, menuH, kRightWidth, bodyH};
    float midW = std::max(size.x - kLeftWidth - kRightWidth, 100.0f);
    float bottomH = std::min(kBottomHeight, bodyH * 0.5f);
    bottom_ = {kLeftWidth, menuH + bodyH - bottomH, midW, bottomH};
    viewport_ = {kLeftWidth, menuH, midW, bodyH - bottomH};
}

void EditorUi::frame(double now, float frameMs) {
    refreshBudget(now);
    layout();
    shortcuts();
    menuBar();
    viewportPanel.draw(doc_, ViewRect{viewport_.x, viewport_.y, viewport_.w, viewport_.h}, ImGui::GetIO().DeltaTime);
    if (beginPanel(ui::trId("Hierarchy", "hierarchy").c_str(), left_)) hierarchy.draw(doc_);
    ImGui::End();
    if (beginPanel(ui::trId("Inspector", "inspector").c_str(), right_)) inspector.draw(doc_);
    ImGui::End();
    if (beginPanel("##bottom", bottom_, ImGuiWindowFlags_NoTitleBar)) {
        if (ImGui::BeginTabBar("##tabs")) {
            auto flags = [&](const char* id) { return openTab == id ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None; };
            if (ImGui::BeginTabItem(ui::trId("Kit library", "kits").c_str(), nullptr, flags("kits"))) {
                kitLibrary();
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem(ui::trId("Assets", "assets").c_str(), nullptr, flags("assets"))) {
                assetBrowser();
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem(ui::trId("Venue settings", "settings").c_str(), nullptr, flags("settings"))) {
                venueSettings();
                ImGui::EndTabItem();
            }
            std::string budgetTab = ui::trId(overBudgetSummary().empty() ? "Budget" : "Budget (over)", "budget");
            if (ImGui::BeginTabItem(budgetTab.c_str(), nullptr, flags("budget"))) {
                budgetPanel();
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
            openTab.clear();
        }
    }
    ImGui::End();
    statusBar(frameMs);
    pathPopups();
    promptWindow();
    doc_.tickAutosave(now);
    if (host_) host_->update(doc_.takeApplied());
    if (host_ && voice_) {
        const ImGuiIO& io = ImGui::GetIO();
        voice_->setPushToTalk(!io.WantTextInput && !io.KeyCtrl && io.KeysDown[keys::kV]);
        const EditorCamera& eye = viewportPanel.camera;
        voice_->update(*host_, eye.position(), eye.forward(), lastFrameAt_ < 0.0 ? 0.0 : std::clamp(now - lastFrameAt_, 0.0, 0.5));
        voice_->panel(*host_);
    }
    lastFrameAt_ = now;
    if (importJob_ && importJob_->finished()) finishImport();  // also when the Assets tab is hidden
}

void EditorUi::shortcuts() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
    if (io.KeyCtrl) {
        if (pressed(keys::kZ)) (void)(io.KeyShift ? doc_.redo() : doc_.undo());
        else if (pressed(keys::kY)) (void)doc_.redo();
        else if (pressed(keys::kS)) {
            if (doc_.path().empty() || io.KeyShift) saveAsPopup_ = true;
            else if (doc_.save().ok()) remember(doc_.path());
        } else if (pressed(keys::kD)) (void)doc_.duplicateSelection();
        else if (pressed(keys::kC)) doc_.copySelection();
        else if (pressed(keys::kV)) (void)doc_.paste();
        else if (pressed(keys::kO)) openPathPopup_ = true;
        return;
    }
    if (pressed(keys::kDelete)) (void)doc_.deleteSelection();
    if (pressed(keys::kEnd) && !doc_.selection().empty()) (void)doc_.dropSelectionToFloor();
    if (pressed(keys::kF5)) (void)(doc_.playing() ? (doc_.exitPlay(), Status(Ok{})) : doc_.enterPlay());
    if (pressed(keys::kEscape) && doc_.playing()) doc_.exitPlay();
}

void EditorUi::menuBar() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu(ui::tr("File"))) {
        if (ImGui::BeginMenu(ui::tr("New from template"))) {
            for (const VenueTemplate& t : venueTemplates()) {
                if (ImGui::MenuItem(std::string(t.label).c_str())) requestNew(std::string(t.id));
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(t.description).c_str());
            }
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem(ui::tr("Open..."), "Ctrl+O")) openPathPopup_ = true;
        if (ImGui::BeginMenu(ui::tr("Open recent"), !recent_.paths().empty())) {
            for (const auto& p : recent_.paths()) {
                if (ImGui::MenuItem(p.string().c_str())) requestOpen(p);
            }
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem(ui::tr("Save"), "Ctrl+S", false, !doc_.playing())) {
            if (doc_.path().empty()) saveAsPopup_ = true;
            else if (doc_.save().ok()) remember(doc_.path());
        }
        if (ImGui::MenuItem(ui::tr("Save as..."), "Ctrl+Shift+S", false, !doc_.playing())) saveAsPopup_ = true;
        if (ImGui::MenuItem(ui::tr("Export .glb..."))) exportPopup_ = true;
        ImGui::Separator();
        if (ImGui::MenuItem(ui::tr("Quit"))) requestQuit();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(ui::tr("Edit"))) {
        std::string undo = std::string(ui::tr("Undo")) + " " + doc_.history().undoLabel() + "###undo";
        std::string redo = std::string(ui::tr("Redo")) + " " + doc_.history().redoLabel() + "###redo";
        if (ImGui::MenuItem(undo.c_str(), "Ctrl+Z", false, doc_.history().canUndo())) (void)doc_.undo();
        if (ImGui::MenuItem(redo.c_str(), "Ctrl+Y", false, doc_.history().canRedo())) (void)doc_.redo();
        ImGui::Separator();
        bool any = !doc_.selection().empty();
        if (ImGui::MenuItem(ui::tr("Duplicate"), "Ctrl+D", false, any)) (void)doc_.duplicateSelection();
        if (ImGui::MenuItem(ui::tr("Copy"), "Ctrl+C", false, any)) doc_.copySelection();
        if (ImGui::MenuItem(ui::tr("Paste"), "Ctrl+V", false, doc_.hasClipboard())) (void)doc_.paste();
        if (ImGui::MenuItem(ui::tr("Delete"), "Del", false, any)) (void)doc_.deleteSelection();
        ImGui::Separator();
        if (ImGui::MenuItem(ui::tr("Snap to floor"), "End", false, any && !doc_.playing())) (void)doc_.dropSelectionToFloor();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(ui::tr("Play"))) {
        if (ImGui::MenuItem(ui::trId(doc_.playing() ? "Stop" : "Play", "play").c_str(), "F5")) {
            if (doc_.playing()) doc_.exitPlay();
            else (void)doc_.enterPlay();
        }
        ImGui::EndMenu();
    }
    hostMenu();
    ImGui::EndMainMenuBar();
}

void EditorUi::hostMenu() {
    if (!ImGui::BeginMenu(ui::tr("Host"))) return;
    if (!host_) {
        std::string label = "Start hosting on port " + std::to_string(hostPort);
        if (ImGui::MenuItem(label.c_str())) {
            if (Status s = startHosting(hostPort); !s.ok()) doc_.lastMessage = s.error().toString();
        }
    } else {
        ImGui::TextDisabled("Venue \"%s\" on port %u, %zu guests", host_->venueId().c_str(), unsigned(host_->port()), host_->guestCount());
        if (ImGui::MenuItem(ui::tr("Copy an attendee join token"))) {
            lastToken_ = host_->mintToken("Guest", net::Role::Attendee, 2000 + ++tokensIssued_);
            ImGui::SetClipboardText(lastToken_.c_str());
            doc_.lastMessage = "Attendee token copied to the clipboard";
        }
        if (!lastToken_.empty()) {
            ImGui::SetNextItemWidth(420);
            ImGui::InputText("##token", &lastToken_, ImGuiInputTextFlags_ReadOnly);
        }
        if (ImGui::MenuItem(ui::tr("Stop hosting"))) stopHosting();
    }
    ImGui::EndMenu();
}

namespace {
// As atrium-server and atrium-bots name a venue: its file name up to the first dot.
std::string hostVenueId(const std::filesystem::path& venue) {
    if (venue.empty()) return "venue";
    std::string name = venue.filename().string();
    return name.substr(0, name.find('.'));
}
}  // namespace

Status EditorUi::startHosting(std::uint16_t port) {
    HostOptions options;
    options.port = port;
    options.venueId = hostVenueId(doc_.path());
    if (!doc_.path().empty()) options.assetRoot = doc_.path().parent_path();
    auto session = HostSession::start(doc_.world(), options);
    if (!session) return session.error();
    host_ = std::move(*session);
    doc_.recordApplied(true);  // every change from now on reaches the server
    // Voice is a part of hosting that may be missing (no audio at all): hosting goes on without it.
    if (auto voice = HostVoice::create(hostVoice)) voice_ = std::move(*voice);
    else logWarn("editor", voice.error().toString());
    doc_.lastMessage = "Hosting \"" + host_->venueId() + "\" on port " + std::to_string(host_->port());
    return Ok{};
}

void EditorUi::stopHosting() {
    if (!host_) return;
    voice_.reset();
    host_.reset();
    doc_.recordApplied(false);
    doc_.lastMessage = "Stopped hosting";
}

void EditorUi::kitLibrary() {
    std::string category;
    for (const KitGeneratorInfo& g : kitGenerators()) {
        if (g.category != category) {
            category = g.category;
            ImGui::TextDisabled("%s", category.c_str());
        }
        ImGui::PushID(g.id.c_str());
        if (kitThumbnail) {
            constexpr float kThumb = 48.0f;
            if (ImTextureID tex = kitThumbnail(g.id)) ImGui::Image(tex, ImVec2(kThumb, kThumb));
            else ImGui::Dummy(ImVec2(kThumb, kThumb));
            ImGui::SameLine();
        }
        if (ImGui::Button(g.label.c_str(), ImVec2(160, 0))) (void)placeKit(doc_, g.id, vec3(0.0f));
        kitButtonRects[g.id] = ItemRect::lastItem();
        // Or drag it into the viewport, which places it where it is dropped (see ViewportPanel).
        if (ImGui::BeginDragDropSource()) {
            ImGui::SetDragDropPayload(kKitPayload, g.id.c_str(), g.id.size() + 1);
            ImGui::Text("%s: drop it in the viewport (Ctrl: snapping %s)", g.label.c_str(), viewportPanel.gizmo.snap.enabled ? "off" : "on");
            ImGui::EndDragDropSource();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", g.description.c_str());
        ImGui::SameLine();
        ImGui::TextWrapped("%s", g.description.c_str());
        ImGui::PopID();
    }
    ImGui::Separator();
    if (ImGui::Button("Empty entity")) {
        Command create = makeCreate("Entity");
        StableId id = std::get<CreateEntities>(create).tree.entities.front().id;
        if (doc_.execute(std::move(create)).ok()) doc_.selection().select(id);
    }
    ImGui::SameLine();
    if (ImGui::Button("Point light")) (void)doc_.execute(makeCreate("Light", {}, {Light{}}));
    ImGui::SameLine();
    if (ImGui::Button("Spawn point")) (void)doc_.execute(makeCreate("Spawn point", {}, {SpawnPoint{}}));
}

void EditorUi::assetBrowser() {
    std::filesystem::path root = doc_.path().empty() ? std::filesystem::current_path() : doc_.path().parent_path();
    if (!assetsScanned_ || ImGui::Button("Rescan")) {
        assets_.clear();
        std::error_code ec;
        for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
             !ec && it != std::filesystem::recursive_directory_iterator() && assets_.size() < 500; it.increment(ec)) {
            std::string ext = it->path().extension().string();
            if (ext == ".glb" || ext == ".gltf") assets_.push_back(std::filesystem::relative(it->path(), root, ec));
        }
        std::sort(assets_.begin(), assets_.end());
        assetsScanned_ = true;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%zu models under %s", assets_.size(), root.string().c_str());
    importer(root);
    for (const auto& a : assets_) {
        ImGui::PushID(a.string().c_str());
        if (ImGui::SmallButton("Place")) {
            (void)doc_.execute(makeCreate(a.stem().string(), {}, {MeshRenderer{.mesh = a.generic_string()}}));
        }
        ImGui::SameLine();
        ImGui::TextUnformatted(a.generic_string().c_str());
        ImGui::PopID();
    }
}

void EditorUi::importer(const std::filesystem::path& venueDir) {
    if (!importJob_) {
        ImGui::SetNextItemWidth(360);
        ImGui::InputTextWithHint("##importPath", "/path/to/model.glb or .gltf", &importPath_);
        ImGui::SameLine();
        if (ImGui::Button("Import glTF") && !importPath_.empty()) startImport(importPath_, venueDir);
        return;
    }
    GltfImportJob::Progress p = importJob_->progress();
    ImGui::ProgressBar(p.fraction, ImVec2(-1.0f, 0.0f), p.text.c_str());
    if (importJob_->finished()) finishImport();
}

void EditorUi::startImport(const std::filesystem::path& source, const std::filesystem::path& venueDir) {
    if (importJob_) return;
    importJob_ = std::make_unique<GltfImportJob>(source, venueDir);
}

void EditorUi::finishImport() {
    Result<EntityTree> tree = importJob_->result();
    if (!tree) {
        doc_.lastMessage = "Import failed: " + tree.error().toString();
    } else {
        Command paste = makePaste(doc_.world(), std::move(*tree), {});
        StableId id = std::get<CreateEntities>(paste).tree.entities.front().id;
        if (Status s = doc_.execute(std::move(paste)); s.ok()) {
            doc_.selection().select(id);
            doc_.lastMessage = "Imported " + importJob_->modelRef();
        } else {
            doc_.lastMessage = "Import failed: " + s.error().toString();
        }
    }
    importJob_.reset();
    assetsScanned_ = false;  // the new model shows in the list
}

void EditorUi::venueSettings() {
    VenueSettings s = doc_.world().settings;
    bool changed = false, done = false;
    auto track = [&](bool c) {
        changed |= c;
        done |= ImGui::IsItemDeactivatedAfterEdit() || (c && !ImGui::IsItemActive());
    };
    ImGui::PushItemWidth(260);
    track(ImGui::ColorEdit3("Sky zenith", &s.skyZenithColor.x, ImGuiColorEditFlags_Float));
    track(ImGui::ColorEdit3("Sky horizon", &s.skyHorizonColor.x, ImGuiColorEditFlags_Float));
    track(ImGui::ColorEdit3("Ground", &s.groundColor.x, ImGuiColorEditFlags_Float));
    track(ImGui::DragFloat3("Sun direction", &s.sunDirection.x, 0.01f, -1.0f, 1.0f, "%.2f"));
    track(ImGui::ColorEdit3("Sun colour", &s.sunColor.x, ImGuiColorEditFlags_Float));
    track(ImGui::SliderFloat("Sun intensity", &s.sunIntensity, 0.0f, 20.0f, "%.2f"));
    track(ImGui::SliderFloat("Ambient", &s.ambientIntensity, 0.0f, 2.0f, "%.2f"));
    track(ImGui::SliderFloat("Exposure", &s.exposure, 0.05f, 8.0f, "%.2f"));
    track(ImGui::DragFloat3("Gravity", &s.gravity.x, 0.05f, -50.0f, 50.0f, "%.2f m/s2"));
    ImGui::PopItemWidth();
    if (changed) (void)doc_.execute(SetVenueSettings{s, {}}, MergePolicy::Continue);
    if (done) doc_.endContinuousEdit();
}

void EditorUi::refreshBudget(double now) {
    // Measuring walks every MeshRenderer: after a change, not more than four times a second
    // (a drag changes the venue every frame), and not while playing (the edited venue is what
    // gets published).
    std::filesystem::path venue = doc_.path();
    bool changed = doc_.changeStamp() != budgetStamp_ || venue != budgetVenue_;
    if (changed && !doc_.playing() && now - budgetMeasuredAt_ >= 0.25) {
        budgetAssets_.setRoot(venue.empty() ? std::filesystem::path() : venue.parent_path());
        budget_ = measureVenueBudget(doc_.world(), budgetAssets_, venue);
        budgetStamp_ = doc_.changeStamp();
        budgetVenue_ = venue;
        budgetMeasuredAt_ = now;
    }
    budgetLines_ = checkBudget(budget_, budgetLimits);
}

std::string EditorUi::overBudgetSummary() const {
    std::string out;
    for (const BudgetLine& line : budgetLines_) {
        if (!line.over()) continue;
        out += (out.empty() ? "" : ", ") + line.what + " " + line.usedText + " of " + line.limitText +
               (line.detail.empty() ? "" : " (" + line.detail + ")");
    }
    return out;
}

void EditorUi::budgetPanel() {
    ImGui::TextWrapped(
        "What this venue asks of an attendee's machine, against limits for a mid-range laptop. "
        "Venues over a limit stutter or fail to load for some attendees: fix them before publishing.");
    if (ImGui::BeginTable("##budget", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("What", ImGuiTableColumnFlags_WidthFixed, 230.0f);
        ImGui::TableSetupColumn("Used", ImGuiTableColumnFlags_WidthFixed, 90.0f);
        ImGui::TableSetupColumn("Limit", ImGuiTableColumnFlags_WidthFixed, 90.0f);
        ImGui::TableSetupColumn("Share of the limit");
        ImGui::TableHeadersRow();
        for (const BudgetLine& line : budgetLines_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(line.what.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(line.usedText.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(line.limitText.c_str());
            ImGui::TableNextColumn();
            float share = line.limit > 0.0 ? float(line.used / line.limit) : (line.used > 0.0 ? 1.0f : 0.0f);
            ImVec4 colour = line.over()   ? ImVec4(0.85f, 0.2f, 0.2f, 1.0f)
                            : line.near() ? ImVec4(0.9f, 0.7f, 0.1f, 1.0f)
                                          : ImVec4(0.3f, 0.65f, 0.35f, 1.0f);
            ImGui::PushStyleColor(ImGuiCol_PlotHistogram, colour);
            char overlay[32];
            std::snprintf(overlay, sizeof overlay, "%s%.0f%%", line.over() ? "OVER: " : "", double(share) * 100.0);
            ImGui::ProgressBar(std::min(share, 1.0f), ImVec2(-1.0f, 0.0f), overlay);
            ImGui::PopStyleColor();
        }
        ImGui::EndTable();
    }
    ImGui::Text("%u meshes drawn, %u textures", budget_.drawnMeshes, budget_.textures);
    for (const std::string& missing : budget_.missingAssets) ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.3f, 1.0f), "missing: %s", missing.c_str());
}

void EditorUi::statusBar(float frameMs) {
    if (beginPanel("##status", status_, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
        std::string hosting = host_ ? "HOSTING :" + std::to_string(host_->port()) + " (" + std::to_string(host_->guestCount()) + " guests) | "
                                    : std::string();
        ImGui::Text("%s%s%s | %zu entities | %zu selected | %.2f ms | %s", doc_.playing() ? "PLAYING | " : "", hosting.c_str(),
                    doc_.title().c_str(), doc_.world().entityCount(), doc_.selection().size(), frameMs, doc_.lastMessage.c_str());
        if (std::string over = overBudgetSummary(); !over.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(0.95f, 0.35f, 0.3f, 1.0f), "| OVER BUDGET: %s", over.c_str());
        }
    }
    ImGui::End();
}

void EditorUi::pathPopups() {
    if (openPathPopup_) {
        ImGui::OpenPopup("Open venue");
        openPathPopup_ = false;
        pathInput_ = doc_.path().empty() ? "" : doc_.path().parent_path().string() + "/";
    }
    if (saveAsPopup_) {
        ImGui::OpenPopup("Save venue as");
        saveAsPopup_ = false;
        pathInput_ = doc_.path().empty() ? "venue.venue.json" : doc_.path().string();
    }
    if (exportPopup_) {
        ImGui::OpenPopup("Export venue as glTF binary");
        exportPopup_ = false;
        std::filesystem::path p = doc_.path().empty() ? std::filesystem::path("venue.glb") : doc_.path();
        pathInput_ = p.replace_extension().replace_extension(".glb").string();
    }
    if (ImGui::BeginPopupModal("Export venue as glTF binary", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::SetNextItemWidth(480);
        bool enter = ImGui::InputText("Path", &pathInput_, ImGuiInputTextFlags_EnterReturnsTrue);
        if (std::string over = overBudgetSummary(); !over.empty()) {
            ImGui::TextColored(ImVec4(0.95f, 0.35f, 0.3f, 1.0f), "Over the venue budget: %s.", over.c_str());
            ImGui::TextUnformatted("Attendees' machines may not carry it; see the Budget tab.");
        }
        if (ImGui::Button("Export") || enter) {
            (void)doc_.exportGlb(pathInput_);
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    if (ImGui::BeginPopupModal("Open venue", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::SetNextItemWidth(480);
        bool enter = ImGui::InputText("Path", &pathInput_, ImGuiInputTextFlags_EnterReturnsTrue);
        if (ImGui::Button("Open") || enter) {
            requestOpen(pathInput_);
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    if (ImGui::BeginPopupModal("Save venue as", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::SetNextItemWidth(480);
        bool enter = ImGui::InputText("Path", &pathInput_, ImGuiInputTextFlags_EnterReturnsTrue);
        if (ImGui::Button("Save") || enter) {
            if (doc_.saveAs(pathInput_).ok()) remember(doc_.path());
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void EditorUi::requestNew(std::string templateId) {
    pendingTemplate_ = std::move(templateId);
    if (doc_.dirty()) pending_ = Pending::NewFromTemplate;
    else perform(Pending::NewFromTemplate);
}

void EditorUi::requestOpen(std::filesystem::path venue) {
    pendingPath_ = std::move(venue);
    if (doc_.dirty()) pending_ = Pending::Open;
    else perform(Pending::Open);
}

void EditorUi::requestQuit() {
    if (doc_.dirty()) pending_ = Pending::Quit;
    else perform(Pending::Quit);
}

void EditorUi::resolvePrompt(Answer answer) {
    Pending action = std::exchange(pending_, Pending::None);
    if (answer == Answer::Cancel || action == Pending::None) return;
    if (answer == Answer::Save) {
        if (doc_.path().empty()) {
            saveAsPopup_ = true;  // the user picks a path, then repeats the action
            return;
        }
        if (!doc_.save().ok()) return;
        remember(doc_.path());
    }
    perform(action);
}

void EditorUi::perform(Pending action) {
    // Guests joined the venue being replaced; another venue is another session.
    if (host_ && (action == Pending::NewFromTemplate || action == Pending::Open)) stopHosting();
    switch (action) {
        case Pending::NewFromTemplate:
            doc_.removeRecovery();
            (void)doc_.newFromTemplate(pendingTemplate_);
            hierarchy.expandAll(doc_.world());
            doc_.mutableWorld().updateTransforms();
            viewportPanel.frameSelection(doc_);
            break;
        case Pending::Open:
            doc_.removeRecovery();
            if (doc_.open(pendingPath_).ok()) {
                remember(pendingPath_);
                viewportPanel.frameSelection(doc_);
            }
            break;
        case Pending::Quit:
            doc_.removeRecovery();
            quit_ = true;
            break;
        case Pending::None: break;
    }
}

void EditorUi::promptWindow() {
    if (pending_ == Pending::None) return;
    if (!ImGui::IsPopupOpen("Unsaved changes")) ImGui::OpenPopup("Unsaved changes");
    if (!ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::Text("%s has unsaved changes. Save them first?", doc_.title().c_str());
    std::optional<Answer> answer;
    if (ImGui::Button("Save")) answer = Answer::Save;
    ImGui::SameLine();
    if (ImGui::Button("Discard")) answer = Answer::Discard;
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) answer = Answer::Cancel;
    if (answer) {
        ImGui::CloseCurrentPopup();
        resolvePrompt(*answer);
    }
    ImGui::EndPopup();
}

}  // namespace atrium::editor
