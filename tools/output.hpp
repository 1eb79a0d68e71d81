// gpucompat CLI — where the output goes, and proof that it got there.
//
// POSIX, so it lives with the tool, not in the library (the core stays
// standard C++20). Two destinations:
//  * standard output: everything the commands print is collected and written
//    here at the end with every write checked, like coreutils' close_stdout:
//    a full disk, a closed descriptor or a reader that went away (EPIPE, with
//    SIGPIPE ignored so the process lives to say so) is one line on stderr and
//    a non-zero exit, never a silent 0;
//  * a file (-o): never truncated in place. The text goes to a temporary file
//    in the target's folder and is renamed over the target (keeping the old
//    file's mode), so a failed write leaves the old content whole; a new file
//    is opened with O_EXCL, so a file or link that appeared in the meantime is
//    never overwritten; a symbolic link is never followed.
#pragma once

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gpucompat::cli {

// Why writing failed, as strerror says it; empty when it did not.
struct WriteResult {
    std::string error;
    [[nodiscard]] bool ok() const { return error.empty(); }
};

inline std::string errno_text(int e) { return std::strerror(e); }

// write(2) until every byte is out: a short write is not an error, EINTR is retried.
inline WriteResult write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return {errno_text(errno)};
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

// A reader that closed the pipe is an error to report, not a signal to die of.
inline void report_broken_pipes() { std::signal(SIGPIPE, SIG_IGN); }

// Standard output at exit: the collected text, then close(1), whose error
// (a delayed write error on NFS, say) would otherwise be lost. Nothing to
// write to a closed descriptor is not an error, as with coreutils.
inline WriteResult finish_stdout(std::string_view text) {
    if (text.empty()) return {};
    report_broken_pipes();
    if (auto r = write_all(STDOUT_FILENO, text); !r.ok()) return r;
    if (::close(STDOUT_FILENO) != 0 && errno != EINTR) return {errno_text(errno)};
    return {};
}

// What -o names, looked at without following a link.
enum class TargetKind { Missing, Regular, Symlink, Directory, Other };
struct Target {
    TargetKind kind = TargetKind::Missing;
    mode_t mode = 0;
    std::string error;  // lstat's error other than "does not exist"
};

inline Target inspect(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return {};
        return {TargetKind::Missing, 0, errno_text(errno)};
    }
    Target t;
    t.mode = st.st_mode & 07777;
    if (S_ISLNK(st.st_mode)) t.kind = TargetKind::Symlink;
    else if (S_ISREG(st.st_mode)) t.kind = TargetKind::Regular;
    else if (S_ISDIR(st.st_mode)) t.kind = TargetKind::Directory;
    else t.kind = TargetKind::Other;
    return t;
}

namespace detail {
inline std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}
inline std::string name_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}
// The mode a new file gets: 0666 less the umask, read without changing it for long.
inline mode_t default_mode() {
    const mode_t mask = ::umask(022);
    ::umask(mask);
    return 0666 & ~mask;
}
// Written, flushed to the disk, closed: each step can report the error the
// others would hide (a full disk may surface only at fsync or close).
inline WriteResult write_close(int fd, std::string_view text, bool sync) {
    WriteResult r = write_all(fd, text);
    if (r.ok() && sync && ::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) r = {errno_text(errno)};
    if (::close(fd) != 0 && r.ok() && errno != EINTR) r = {errno_text(errno)};
    return r;
}
}  // namespace detail

// Writes `text` to `path` as described at the top. `replace`: the target may
// exist (--force); a link is then replaced by a regular file, never written
// through. Devices and pipes (/dev/null, a FIFO) are written in place: there
// is nothing to truncate and renaming over them would replace the device.
inline WriteResult write_file(const std::string& path, std::string_view text, bool replace) {
    report_broken_pipes();  // a FIFO whose reader left
    const Target t = inspect(path);
    if (!t.error.empty()) return {t.error};
    if (t.kind == TargetKind::Directory) return {"is a directory"};
    if (t.kind != TargetKind::Missing && !replace) return {"exists"};
    if (t.kind == TargetKind::Missing) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0) return {errno_text(errno)};
        WriteResult r = detail::write_close(fd, text, true);
        if (!r.ok()) ::unlink(path.c_str());  // ours alone (O_EXCL): a partial file helps nobody
        return r;
    }
    if (t.kind == TargetKind::Other) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) return {errno_text(errno)};
        return detail::write_close(fd, text, false);
    }
    std::string tmp = detail::folder_of(path) + "/." + detail::name_of(path) + ".gpucompat-XXXXXX";
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) return {"cannot create a temporary file beside it: " + errno_text(errno)};
    const mode_t mode = t.kind == TargetKind::Regular ? t.mode : detail::default_mode();
    WriteResult r;
    if (::fchmod(fd, mode) != 0) r = {errno_text(errno)};
    if (r.ok()) {
        r = detail::write_close(fd, text, true);
    } else {
        ::close(fd);
    }
    if (r.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) r = {errno_text(errno)};
    if (!r.ok()) ::unlink(tmp.c_str());
    return r;
}

}  // namespace gpucompat::cli
