#include "atrium/platform/window.hpp"

#include <mutex>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "atrium/core/log.hpp"

namespace atrium {
namespace {

std::mutex gGlfwMutex;
int gWindows = 0;

void onGlfwError(int code, const char* text) { logWarn("platform", "GLFW error " + std::to_string(code) + ": " + (text ? text : "")); }

// GLFW is initialised while any window exists and terminated with the last one.
bool acquireGlfw(std::string& error) {
    std::lock_guard lock(gGlfwMutex);
    if (gWindows == 0) {
        glfwSetErrorCallback(onGlfwError);
        if (!glfwInit()) {
            const char* text = nullptr;
            glfwGetError(&text);
            error = text ? text : "glfwInit failed";
            return false;
        }
    }
    ++gWindows;
    return true;
}

void releaseGlfw() {
    std::lock_guard lock(gGlfwMutex);
    if (--gWindows == 0) glfwTerminate();
}

Window* owner(GLFWwindow* w) { return static_cast<Window*>(glfwGetWindowUserPointer(w)); }

}  // namespace

struct Window::Callbacks {
    static void key(GLFWwindow* w, int key, int, int action, int) {
        if (action == GLFW_REPEAT) return;
        owner(w)->input_.setKey(key, action == GLFW_PRESS);
    }
    static void button(GLFWwindow* w, int button, int action, int) {
        if (button < 0 || button >= InputState::kButtonCount) return;
        InputState& in = owner(w)->input_;
        bool down = action == GLFW_PRESS;
        if (down && !in.buttons[std::size_t(button)]) in.buttonsPressed[std::size_t(button)] = true;
        if (!down && in.buttons[std::size_t(button)]) in.buttonsReleased[std::size_t(button)] = true;
        in.buttons[std::size_t(button)] = down;
    }
    static void cursor(GLFWwindow* w, double x, double y) {
        Window* win = owner(w);
        vec2 p{float(x), float(y)};
        if (win->havePreviousMouse_) win->input_.mouseDelta += p - win->input_.mousePosition;
        win->havePreviousMouse_ = true;
        win->input_.mousePosition = p;
    }
    static void scroll(GLFWwindow* w, double dx, double dy) { owner(w)->input_.scrollDelta += vec2(float(dx), float(dy)); }
    static void resize(GLFWwindow* w, int, int) { ++owner(w)->resizeCount_; }
    static void character(GLFWwindow* w, unsigned int codepoint) { owner(w)->input_.characters.push_back(codepoint); }
};

Result<std::unique_ptr<Window>> Window::create(const WindowOptions& options) {
    std::string error;
    if (!acquireGlfw(error)) return Error{"cannot open a window (is a display available?): " + error};
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);  // Vulkan draws, not OpenGL
    glfwWindowHint(GLFW_RESIZABLE, options.resizable ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow* handle = glfwCreateWindow(int(options.width), int(options.height), options.title.c_str(), nullptr, nullptr);
    if (!handle) {
        releaseGlfw();
        return Error{"cannot create a " + std::to_string(options.width) + "x" + std::to_string(options.height) + " window"};
    }
    std::unique_ptr<Window> w(new Window());
    w->handle_ = handle;
    glfwSetWindowUserPointer(handle, w.get());
    glfwSetKeyCallback(handle, Callbacks::key);
    glfwSetMouseButtonCallback(handle, Callbacks::button);
    glfwSetCursorPosCallback(handle, Callbacks::cursor);
    glfwSetScrollCallback(handle, Callbacks::scroll);
    glfwSetFramebufferSizeCallback(handle, Callbacks::resize);
    glfwSetCharCallback(handle, Callbacks::character);
    return w;
}

Window::~Window() {
    for (void* c : cursors_) {
        if (c) glfwDestroyCursor(static_cast<GLFWcursor*>(c));
    }
    if (handle_) {
        glfwDestroyWindow(static_cast<GLFWwindow*>(handle_));
        releaseGlfw();
    }
}

void Window::pollEvents() {
    input_.beginPoll();
    glfwPollEvents();
    pollGamepad();
}

// The first joystick that GLFW knows as a gamepad (its mapping database covers the common
// ones); none connected leaves the state zero, so the app treats it like released sticks.
void Window::pollGamepad() {
    GamepadState& pad = input_.gamepad;
    for (int jid = GLFW_JOYSTICK_1; jid <= GLFW_JOYSTICK_LAST; ++jid) {
        GLFWgamepadstate state;
        if (!glfwJoystickIsGamepad(jid) || !glfwGetGamepadState(jid, &state)) continue;
        if (!pad.connected) pad.name = glfwGetGamepadName(jid) ? glfwGetGamepadName(jid) : "gamepad";
        pad.connected = true;
        pad.leftStick = {state.axes[GLFW_GAMEPAD_AXIS_LEFT_X], state.axes[GLFW_GAMEPAD_AXIS_LEFT_Y]};
        pad.rightStick = {state.axes[GLFW_GAMEPAD_AXIS_RIGHT_X], state.axes[GLFW_GAMEPAD_AXIS_RIGHT_Y]};
        // Triggers rest at -1.
        pad.leftTrigger = (state.axes[GLFW_GAMEPAD_AXIS_LEFT_TRIGGER] + 1.0f) * 0.5f;
        pad.rightTrigger = (state.axes[GLFW_GAMEPAD_AXIS_RIGHT_TRIGGER] + 1.0f) * 0.5f;
        std::array<bool, GamepadState::kButtonCount> buttons{};
        for (int b = 0; b < GamepadState::kButtonCount; ++b) buttons[std::size_t(b)] = state.buttons[b] == GLFW_PRESS;
        pad.set(buttons);
        return;
    }
    pad = GamepadState{};
}

bool Window::shouldClose() const { return glfwWindowShouldClose(static_cast<GLFWwindow*>(handle_)); }
void Window::requestClose() { glfwSetWindowShouldClose(static_cast<GLFWwindow*>(handle_), GLFW_TRUE); }
void Window::setClipboardText(const std::string& text) { glfwSetClipboardString(static_cast<GLFWwindow*>(handle_), text.c_str()); }

std::string Window::clipboardText() const {
    const char* text = glfwGetClipboardString(static_cast<GLFWwindow*>(handle_));
    return text ? text : "";
}

void Window::setCursor(CursorShape shape) {
    if (shape == cursor_) return;
    cursor_ = shape;
    auto* window = static_cast<GLFWwindow*>(handle_);
    if (shape == CursorShape::Hidden) {
        glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
        return;
    }
    glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
    static constexpr int kShapes[] = {GLFW_ARROW_CURSOR,   GLFW_IBEAM_CURSOR,   GLFW_HAND_CURSOR,
                                      GLFW_HRESIZE_CURSOR, GLFW_VRESIZE_CURSOR, GLFW_CROSSHAIR_CURSOR};
    auto index = std::size_t(shape);
    if (!cursors_[index]) cursors_[index] = glfwCreateStandardCursor(kShapes[index]);
    glfwSetCursor(window, static_cast<GLFWcursor*>(cursors_[index]));  // null (creation failed): the default arrow
}

void Window::cancelClose() { glfwSetWindowShouldClose(static_cast<GLFWwindow*>(handle_), GLFW_FALSE); }
void Window::setTitle(const std::string& title) { glfwSetWindowTitle(static_cast<GLFWwindow*>(handle_), title.c_str()); }

void Window::resize(std::uint32_t width, std::uint32_t height) { glfwSetWindowSize(static_cast<GLFWwindow*>(handle_), int(width), int(height)); }

std::uint32_t Window::width() const {
    int w = 0, h = 0;
    glfwGetWindowSize(static_cast<GLFWwindow*>(handle_), &w, &h);
    return std::uint32_t(w);
}

std::uint32_t Window::height() const {
    int w = 0, h = 0;
    glfwGetWindowSize(static_cast<GLFWwindow*>(handle_), &w, &h);
    return std::uint32_t(h);
}

std::uint32_t Window::framebufferWidth() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(static_cast<GLFWwindow*>(handle_), &w, &h);
    return std::uint32_t(w);
}

std::uint32_t Window::framebufferHeight() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(static_cast<GLFWwindow*>(handle_), &w, &h);
    return std::uint32_t(h);
}

std::vector<const char*> Window::requiredVulkanExtensions() {
    std::string error;
    if (!acquireGlfw(error)) return {};
    std::uint32_t count = 0;
    const char** names = glfwGetRequiredInstanceExtensions(&count);
    std::vector<const char*> out(names, names + count);
    releaseGlfw();  // the strings are static in GLFW and stay valid
    return out;
}

}  // namespace atrium
