#pragma once
// Levelled logging with a replaceable sink, so tests can capture (and fail on) what layers report.
#include <functional>
#include <string_view>

namespace atrium {

enum class LogLevel { Trace, Debug, Info, Warn, Error, Off };

using LogSink = std::function<void(LogLevel, std::string_view channel, std::string_view message)>;

// Messages below this level are dropped before formatting reaches the sink.
void setLogLevel(LogLevel level);
LogLevel logLevel();

// Replaces the sink (default: stderr with a level prefix). Returns the previous one.
LogSink setLogSink(LogSink sink);

void log(LogLevel level, std::string_view channel, std::string_view message);

inline void logInfo(std::string_view channel, std::string_view message) { log(LogLevel::Info, channel, message); }
inline void logWarn(std::string_view channel, std::string_view message) { log(LogLevel::Warn, channel, message); }
inline void logError(std::string_view channel, std::string_view message) { log(LogLevel::Error, channel, message); }
inline void logDebug(std::string_view channel, std::string_view message) { log(LogLevel::Debug, channel, message); }

const char* toString(LogLevel level);
// "trace", "debug", "info", "warn", "error", "off"; false when the name is unknown.
bool parseLogLevel(std::string_view name, LogLevel& out);

}  // namespace atrium
