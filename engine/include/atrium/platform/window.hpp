#pragma once
// A desktop window (GLFW underneath, never exposed) and the input state polled from it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/platform/input.hpp"

namespace atrium {

enum class CursorShape { Arrow, TextInput, Hand, ResizeHorizontal, ResizeVertical, Crosshair, Hidden };

struct WindowOptions {
    std::string title = "Atrium";
    std::uint32_t width = 1280;
    std::uint32_t height = 720;
    bool resizable = true;
    bool visible = true;
};

class Window {
public:
    // Fails with a clear error when no display is available.
    static Result<std::unique_ptr<Window>> create(const WindowOptions& options = {});
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // Processes pending events into input(); call once per frame.
    void pollEvents();
    bool shouldClose() const;
    void requestClose();
    // Withdraws a close request (the user chose to keep working at an unsaved-changes prompt).
    void cancelClose();
    void setTitle(const std::string& title);
    // The desktop clipboard (text).
    void setClipboardText(const std::string& text);
    std::string clipboardText() const;
    // The mouse cursor over the window (UIs show a text beam over text fields, arrows on splitters).
    void setCursor(CursorShape shape);
    CursorShape cursor() const { return cursor_; }
    // Asks for a new client size; the framebuffer size follows once events are polled.
    void resize(std::uint32_t width, std::uint32_t height);

    const InputState& input() const { return input_; }
    std::uint32_t framebufferWidth() const;
    std::uint32_t framebufferHeight() const;
    // The client area in screen units, the space mouse positions are in; the framebuffer may
    // have more pixels (HiDPI).
    std::uint32_t width() const;
    std::uint32_t height() const;
    bool minimized() const { return framebufferWidth() == 0 || framebufferHeight() == 0; }
    // Bumped whenever the framebuffer size changes, so a swapchain knows to rebuild.
    std::uint64_t resizeCount() const { return resizeCount_; }

    // For the renderer only: the GLFWwindow* and the Vulkan instance extensions it needs.
    void* nativeHandle() const { return handle_; }
    static std::vector<const char*> requiredVulkanExtensions();

    struct Callbacks;  // GLFW callbacks reach the window through this

private:
    void pollGamepad();
    Window() = default;
    void* handle_ = nullptr;
    InputState input_;
    std::uint64_t resizeCount_ = 0;
    bool havePreviousMouse_ = false;
    CursorShape cursor_ = CursorShape::Arrow;
    void* cursors_[7] = {};  // GLFWcursor* per shape, made on first use
};

}  // namespace atrium
