#include "imgui_overlay.hpp"

#include <cstddef>

namespace atrium::ui {

void overlayFromDrawData(const ImDrawData& drawData, UiOverlay& out) {
    out.displaySize = vec2(drawData.DisplaySize.x, drawData.DisplaySize.y);
    out.vertices.clear();
    out.indices.clear();
    out.commands.clear();
    out.vertices.reserve(std::size_t(drawData.TotalVtxCount));
    out.indices.reserve(std::size_t(drawData.TotalIdxCount));
    const ImVec2 origin = drawData.DisplayPos;
    for (int n = 0; n < drawData.CmdListsCount; ++n) {
        const ImDrawList* list = drawData.CmdLists[n];
        auto vertexBase = std::uint32_t(out.vertices.size());
        auto indexBase = std::uint32_t(out.indices.size());
        for (const ImDrawVert& v : list->VtxBuffer) {
            out.vertices.push_back(UiVertex{vec2(v.pos.x - origin.x, v.pos.y - origin.y), vec2(v.uv.x, v.uv.y), v.col});
        }
        for (int i = 0; i < list->IdxBuffer.Size; ++i) out.indices.push_back(list->IdxBuffer[i]);
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            // The editor installs no draw callbacks; ImGui's own reset marker carries no geometry.
            if (cmd.UserCallback || cmd.ElemCount == 0) continue;
            UiDrawCommand c;
            c.clipRect = vec4(cmd.ClipRect.x - origin.x, cmd.ClipRect.y - origin.y, cmd.ClipRect.z - origin.x, cmd.ClipRect.w - origin.y);
            c.firstIndex = indexBase + cmd.IdxOffset;
            c.indexCount = cmd.ElemCount;
            c.vertexOffset = vertexBase + cmd.VtxOffset;
            c.texture = toUiTexture(cmd.TextureId);
            out.commands.push_back(c);
        }
    }
}

}  // namespace atrium::ui
