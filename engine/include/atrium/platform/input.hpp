#pragma once
// Input as state: what is held now, what went down or up since the last poll, where the mouse is.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "atrium/core/math.hpp"

namespace atrium {

// Key codes share GLFW's values (printable keys are their ASCII upper-case codes).
enum class Key : int {
    Space = 32,
    Apostrophe = 39,
    Comma = 44,
    Minus = 45,
    Period = 46,
    Slash = 47,
    Num0 = 48,
    Num1,
    Num2,
    Num3,
    Num4,
    Num5,
    Num6,
    Num7,
    Num8,
    Num9,
    A = 65,
    B,
    C,
    D,
    E,
    F,
    G,
    H,
    I,
    J,
    K,
    L,
    M,
    N,
    O,
    P,
    Q,
    R,
    S,
    T,
    U,
    V,
    W,
    X,
    Y,
    Z,
    Escape = 256,
    Enter = 257,
    Tab = 258,
    Backspace = 259,
    Insert = 260,
    Delete = 261,
    Right = 262,
    Left = 263,
    Down = 264,
    Up = 265,
    PageUp = 266,
    PageDown = 267,
    Home = 268,
    End = 269,
    F1 = 290,
    F2,
    F3,
    F4,
    F5,
    F6,
    F7,
    F8,
    F9,
    F10,
    F11,
    F12,
    LeftShift = 340,
    LeftControl = 341,
    LeftAlt = 342,
    LeftSuper = 343,
    RightShift = 344,
    RightControl = 345,
    RightAlt = 346,
    RightSuper = 347,
};

enum class MouseButton : int { Left = 0, Right = 1, Middle = 2 };

// The standard gamepad layout (GLFW's, which is SDL's game controller mapping): buttons by
// position, so "South" is A on an Xbox pad and Cross on a PlayStation one.
enum class PadButton : int {
    South = 0,
    East,
    West,
    North,
    LeftBumper,
    RightBumper,
    Back,
    Start,
    Guide,
    LeftThumb,
    RightThumb,
    DpadUp,
    DpadRight,
    DpadDown,
    DpadLeft,
};

struct GamepadState {
    static constexpr int kButtonCount = 15;
    bool connected = false;
    std::string name;
    vec2 leftStick{0.0f}, rightStick{0.0f};         // -1..1, +x right, +y down (as the device reports)
    float leftTrigger = 0.0f, rightTrigger = 0.0f;  // 0..1
    std::array<bool, kButtonCount> buttons{};
    std::array<bool, kButtonCount> pressed{};  // went down since the last poll

    bool down(PadButton b) const { return buttons[std::size_t(b)]; }
    bool wentDown(PadButton b) const { return pressed[std::size_t(b)]; }
    // A new reading: edges from the previous one.
    void set(const std::array<bool, kButtonCount>& now) {
        for (int i = 0; i < kButtonCount; ++i) pressed[std::size_t(i)] = now[std::size_t(i)] && !buttons[std::size_t(i)];
        buttons = now;
    }
};

struct InputState {
    static constexpr int kKeyCount = 512;
    static constexpr int kButtonCount = 8;

    std::array<bool, kKeyCount> keys{};
    std::array<bool, kKeyCount> pressed{};   // went down since the last poll
    std::array<bool, kKeyCount> released{};  // went up since the last poll
    std::array<bool, kButtonCount> buttons{};
    std::array<bool, kButtonCount> buttonsPressed{};
    std::array<bool, kButtonCount> buttonsReleased{};
    vec2 mousePosition{0.0f};  // pixels from the top-left of the window
    vec2 mouseDelta{0.0f};     // since the last poll
    vec2 scrollDelta{0.0f};
    std::vector<std::uint32_t> characters;  // typed text since the last poll, as Unicode code points
    GamepadState gamepad;                   // the first connected gamepad, read at each poll

    bool down(Key k) const { return index(k) >= 0 && keys[std::size_t(index(k))]; }
    bool wentDown(Key k) const { return index(k) >= 0 && pressed[std::size_t(index(k))]; }
    bool wentUp(Key k) const { return index(k) >= 0 && released[std::size_t(index(k))]; }
    bool down(MouseButton b) const { return buttons[std::size_t(b)]; }
    bool wentDown(MouseButton b) const { return buttonsPressed[std::size_t(b)]; }
    bool wentUp(MouseButton b) const { return buttonsReleased[std::size_t(b)]; }

    // Clears the per-poll edges and deltas; the held state stays.
    void beginPoll() {
        pressed.fill(false);
        released.fill(false);
        buttonsPressed.fill(false);
        buttonsReleased.fill(false);
        mouseDelta = vec2(0.0f);
        scrollDelta = vec2(0.0f);
        characters.clear();
    }
    void setKey(int code, bool isDown) {
        if (code < 0 || code >= kKeyCount) return;
        if (isDown && !keys[std::size_t(code)]) pressed[std::size_t(code)] = true;
        if (!isDown && keys[std::size_t(code)]) released[std::size_t(code)] = true;
        keys[std::size_t(code)] = isDown;
    }

private:
    static int index(Key k) {
        int i = int(k);
        return i >= 0 && i < kKeyCount ? i : -1;
    }
};

}  // namespace atrium
