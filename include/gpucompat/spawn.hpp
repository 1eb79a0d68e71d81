// gpucompat — run child processes with a hard deadline (opt-in; POSIX).
//
// Every probe of the live machine (nvidia-smi, python3, ldconfig, and the
// helper that loads libnvidia-ml/libcuda/libcudnn/libcudart) runs through
// run_all(): the caller must survive whatever the child does, so
//  * the child starts with posix_spawn (glibc's clone+exec path allocates
//    nothing between fork and exec, which fork() in a multithreaded host
//    cannot promise) in a process group of its own;
//  * the deadline holds from spawn to reaping: a child that closes stdout and
//    keeps running, or a background grandchild that keeps the pipe open after
//    the child exits, costs no more than the child's own exit;
//  * when the child exits or the deadline passes, the whole group is killed
//    before the child is reaped (the zombie keeps the group id from being
//    reused), so nothing it started outlives the probe;
//  * several jobs run at once and are polled together, so doctor's probes
//    overlap instead of adding up.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif
extern char** environ;
#define GPUCOMPAT_SPAWN_POSIX 1
#endif

namespace gpucompat::spawn {

struct Job {
    std::vector<std::string> argv;  // argv[0] is looked up on PATH unless it holds a '/'
    std::chrono::milliseconds limit{3000};
    std::size_t max_output = 1 << 20;  // stdout beyond this is read and dropped

    // Results.
    bool started = false;    // the program could be started
    bool exited = false;     // it exited by itself within the limit
    bool timed_out = false;  // killed at the deadline
    int exit_code = -1;      // when exited
    int signal = 0;          // when it died of a signal (a crash: SIGSEGV, SIGABRT)
    std::string output;      // stdout
};

namespace detail {
#ifdef GPUCOMPAT_SPAWN_POSIX
struct Running {
    Job* job = nullptr;
    pid_t pid = -1;
    int out = -1;     // read end of the stdout pipe
    int pidfd = -1;   // readable when the child exits (Linux 5.3+); -1: poll with a short tick
    std::chrono::steady_clock::time_point deadline;
    bool done = false;
};

inline void set_cloexec_nonblock(int fd) {
    fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

inline int open_pidfd(pid_t pid) {
#if defined(__linux__) && defined(SYS_pidfd_open)
    const long fd = syscall(SYS_pidfd_open, pid, 0);
    return fd < 0 ? -1 : static_cast<int>(fd);
#else
    (void)pid;
    return -1;
#endif
}

// Reads what the pipe holds now, at most `rounds` reads (a writer faster
// than the reader must not keep us from the deadline); false at EOF or error.
inline bool drain(Running& r, int rounds = 64) {
    char buf[8192];
    for (int i = 0; i < rounds; ++i) {
        const ssize_t n = read(r.out, buf, sizeof buf);
        if (n > 0) {
            const std::size_t room = r.job->max_output > r.job->output.size() ? r.job->max_output - r.job->output.size() : 0;
            r.job->output.append(buf, std::min(room, static_cast<std::size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
        return false;  // EOF or a real error
    }
    return true;
}

// Has the child exited? Leaves it a zombie (WNOWAIT) so its group id stays reserved.
inline bool has_exited(const Running& r) {
    siginfo_t info{};
    info.si_pid = 0;
    if (waitid(P_PID, static_cast<id_t>(r.pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return true;  // already gone: nothing to wait for
    return info.si_pid == r.pid;
}

// Kills the group (the child and whatever it started), then reaps the child.
inline void finish(Running& r, bool timed_out) {
    // The group first: a grandchild still writing could otherwise keep the
    // pipe full forever. What the pipe already holds is read after.
    kill(-r.pid, SIGKILL);
    if (r.out >= 0 && !timed_out) drain(r, 16);
    int status = 0;
    while (waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (r.out >= 0) close(r.out);
    if (r.pidfd >= 0) close(r.pidfd);
    r.out = r.pidfd = -1;
    r.done = true;
    Job& j = *r.job;
    j.timed_out = timed_out;
    if (timed_out) return;
    if (WIFEXITED(status)) {
        j.exit_code = WEXITSTATUS(status);
        // 127: posix_spawnp found the file but the exec failed after the fork (or the shell said so).
        j.exited = true;
    } else if (WIFSIGNALED(status)) {
        j.signal = WTERMSIG(status);
    }
}

inline bool start(Running& r) {
    Job& j = *r.job;
    int fds[2];
    if (pipe(fds) != 0) return false;
    set_cloexec_nonblock(fds[0]);
    fcntl(fds[1], F_SETFD, fcntl(fds[1], F_GETFD) | FD_CLOEXEC);  // dup2 in the child clears it on fd 1

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    // Its own process group, so one kill() reaches everything it starts; and
    // default signal handling, whatever the host had installed or blocked.
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    // The argv strings are built before the spawn: nothing is allocated in the child.
    std::vector<char*> args;
    args.reserve(j.argv.size() + 1);
    for (auto& a : j.argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const bool path_lookup = j.argv[0].find('/') == std::string::npos;
    const int rc = path_lookup ? posix_spawnp(&pid, args[0], &fa, &attr, args.data(), environ)
                               : posix_spawn(&pid, args[0], &fa, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return false;
    }
    r.pid = pid;
    r.out = fds[0];
    r.pidfd = open_pidfd(pid);
    r.deadline = std::chrono::steady_clock::now() + j.limit;
    j.started = true;
    return true;
}
#endif
}  // namespace detail

// Runs every job at once; returns when each has exited or been killed at its deadline.
inline void run_all(std::vector<Job*> jobs) {
#ifdef GPUCOMPAT_SPAWN_POSIX
    using clock = std::chrono::steady_clock;
    std::vector<detail::Running> running;
    running.reserve(jobs.size());
    for (Job* j : jobs) {
        if (j->argv.empty()) continue;
        detail::Running r;
        r.job = j;
        if (detail::start(r)) running.push_back(r);
    }
    for (;;) {
        std::vector<pollfd> fds;
        std::vector<std::size_t> owner;
        auto next = clock::time_point::max();
        bool need_tick = false;
        const auto now = clock::now();
        for (std::size_t i = 0; i < running.size(); ++i) {
            auto& r = running[i];
            if (r.done) continue;
            if (now >= r.deadline) {
                detail::finish(r, true);
                continue;
            }
            if (detail::has_exited(r)) {
                detail::finish(r, false);
                continue;
            }
            next = std::min(next, r.deadline);
            if (r.out >= 0) {
                fds.push_back({r.out, POLLIN, 0});
                owner.push_back(i);
            }
            if (r.pidfd >= 0) {
                fds.push_back({r.pidfd, POLLIN, 0});
                owner.push_back(i);
            } else {
                need_tick = true;  // no pidfd: look at the child every few milliseconds
            }
        }
        if (next == clock::time_point::max()) break;  // all done
        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1;
        if (need_tick && wait > 5) wait = 5;
        const int ready = poll(fds.data(), fds.size(), static_cast<int>(wait));
        if (ready < 0 && errno != EINTR) break;
        for (std::size_t k = 0; ready > 0 && k < fds.size(); ++k) {
            auto& r = running[owner[k]];
            if (r.done || fds[k].fd != r.out || fds[k].revents == 0) continue;
            if (!detail::drain(r)) {
                // EOF: the child closed stdout, but may still run; the deadline goes on.
                close(r.out);
                r.out = -1;
            }
        }
    }
    for (auto& r : running)
        if (!r.done) detail::finish(r, true);
#else
    (void)jobs;
#endif
}

inline void run_one(Job& job) { run_all({&job}); }

}  // namespace gpucompat::spawn
