#pragma once
// Key codes as Dear ImGui 1.86 sees them in io.KeysDown[]: the GLFW backend stores GLFW key codes
// there (letters are their ASCII capitals). Defined here so that the apps' logic and UI tests need
// no GLFW header.
namespace atrium::ui::keys {
inline constexpr int kSpace = 32;
inline constexpr int kA = 'A', kC = 'C', kD = 'D', kE = 'E', kF = 'F', kN = 'N', kO = 'O', kQ = 'Q', kR = 'R', kS = 'S', kV = 'V', kW = 'W',
                     kX = 'X', kY = 'Y', kZ = 'Z';
inline constexpr int kEscape = 256, kEnter = 257, kTab = 258, kBackspace = 259, kInsert = 260, kDelete = 261;
inline constexpr int kRight = 262, kLeft = 263, kDown = 264, kUp = 265, kPageUp = 266, kPageDown = 267;
inline constexpr int kHome = 268, kEnd = 269, kF5 = 294, kKeypadEnter = 335;
inline constexpr int kLeftShift = 340, kLeftControl = 341, kLeftAlt = 342;
}  // namespace atrium::ui::keys
