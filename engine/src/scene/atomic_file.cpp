#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>

#include "atrium/core/log.hpp"
#include "atrium/scene/venue_file.hpp"

namespace atrium {
namespace {

// The writer's process id from "<target>.tmp-<pid>-<n>", or 0 when `name` is not one of
// `target`'s temporary files.
pid_t tempFileOwner(const std::string& name, const std::string& target) {
    const std::string prefix = target + ".tmp-";
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return 0;
    const char* begin = name.data() + prefix.size();
    const char* end = name.data() + name.size();
    long pid = 0;
    auto [afterPid, ec] = std::from_chars(begin, end, pid);
    if (ec != std::errc() || afterPid == begin || afterPid == end || *afterPid != '-' || pid <= 0) return 0;
    unsigned long counter = 0;
    auto [afterCounter, ec2] = std::from_chars(afterPid + 1, end, counter);
    if (ec2 != std::errc() || afterCounter != end) return 0;
    return pid_t(pid);
}

bool processAlive(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

std::size_t removeOrphanedTempFiles(const std::filesystem::path& path) {
    std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const std::string target = path.filename().string();
    std::size_t removed = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        pid_t owner = tempFileOwner(it->path().filename().string(), target);
        // A live owner (this process included) may be writing it now; a reused pid only delays
        // the cleanup to a later save.
        if (owner == 0 || processAlive(owner) || !it->is_regular_file(ec)) continue;
        if (std::filesystem::remove(it->path(), ec)) {
            ++removed;
            logInfo("save", "removed " + it->path().string() + ", left by process " + std::to_string(owner) + " that is gone");
        }
    }
    return removed;
}

Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents) {
    static std::atomic<unsigned> counter{0};
    std::filesystem::path tmp = path;
    tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    auto failure = [&](const char* what) -> Status {
        Error e{std::string(what) + ": " + std::strerror(errno), path.string()};
        ::unlink(tmp.c_str());
        return e;
    };
    removeOrphanedTempFiles(path);
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return Error{std::string("cannot create temporary file: ") + std::strerror(errno), tmp.string()};
    const char* data = contents.data();
    std::size_t left = contents.size();
    while (left > 0) {
        ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            ::close(fd);
            return failure("write failed");
        }
        data += n;
        left -= std::size_t(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        return failure("fsync failed");
    }
    if (::close(fd) != 0) return failure("close failed");
    if (::rename(tmp.c_str(), path.c_str()) != 0) return failure("rename failed");
    // The rename itself is durable only once the folder's entry is on disk.
    std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return Ok{};
}

}  // namespace atrium
