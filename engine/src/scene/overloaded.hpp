#pragma once
// The usual lambda-overload set for std::visit over commands and component values.
namespace atrium {

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace atrium
