#include "atrium/core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

namespace atrium {
namespace {

std::atomic<LogLevel> g_level{LogLevel::Info};
std::mutex g_mutex;

void stderrSink(LogLevel level, std::string_view channel, std::string_view message) {
    std::fprintf(stderr, "[%s] %.*s: %.*s\n", toString(level), int(channel.size()), channel.data(), int(message.size()), message.data());
}

LogSink& sink() {
    static LogSink s = stderrSink;
    return s;
}

}  // namespace

void setLogLevel(LogLevel level) { g_level = level; }
LogLevel logLevel() { return g_level; }

LogSink setLogSink(LogSink newSink) {
    std::lock_guard lock(g_mutex);
    LogSink old = std::move(sink());
    sink() = newSink ? std::move(newSink) : LogSink(stderrSink);
    return old;
}

void log(LogLevel level, std::string_view channel, std::string_view message) {
    if (level < g_level.load() || level == LogLevel::Off) return;
    std::lock_guard lock(g_mutex);
    sink()(level, channel, message);
}

const char* toString(LogLevel level) {
    switch (level) {
        case LogLevel::Trace: return "trace";
        case LogLevel::Debug: return "debug";
        case LogLevel::Info: return "info";
        case LogLevel::Warn: return "warn";
        case LogLevel::Error: return "error";
        case LogLevel::Off: return "off";
    }
    return "?";
}

bool parseLogLevel(std::string_view name, LogLevel& out) {
    for (LogLevel l : {LogLevel::Trace, LogLevel::Debug, LogLevel::Info, LogLevel::Warn, LogLevel::Error, LogLevel::Off}) {
        if (name == toString(l)) {
            out = l;
            return true;
        }
    }
    return false;
}

}  // namespace atrium
