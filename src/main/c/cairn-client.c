/*
 * cairn-client: the thin client of Cairn's daemon (dev.cairn.cli.Daemon). dist/cairn runs it for
 * the quick read-only commands; it hands the command to a resident JVM over a Unix domain socket
 * and relays its output and exit code, so the command costs a connection instead of a JVM start.
 * When no daemon answers it starts one in the background and runs the command in a JVM of its
 * own, as it also does whenever the daemon declines a command.
 *
 *   cairn-client RUNDIR IDLE N DAEMON-COMMAND(N words) M JAVA-COMMAND(M words) ARGS...
 *
 * RUNDIR holds the sockets (created 0700; used only when it is this user's alone), IDLE is the
 * daemon's idle timeout in seconds, DAEMON-COMMAND starts a daemon (the socket path and IDLE are
 * appended), JAVA-COMMAND runs Cairn in its own JVM (ARGS are appended). The socket's name is a
 * hash of the daemon command and the jar's size and time, so a rebuilt jar gets a new daemon.
 * The protocol is described in Daemon.java.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static char **fallback;

/* Runs the command in a JVM of its own: the answer whenever the daemon cannot give one. */
static void run_in_own_jvm(void) {
    signal(SIGPIPE, SIG_DFL);
    execv(fallback[0], fallback);
    fprintf(stderr, "cairn: cannot run %s: %s\n", fallback[0], strerror(errno));
    exit(2);
}

static uint64_t fnv(uint64_t h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 1099511628211ULL;
    }
    return h;
}

static int write_all(int fd, const void *data, size_t n) {
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

static int read_all(int fd, void *data, size_t n) {
    char *p = data;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        p += r;
        n -= (size_t) r;
    }
    return 0;
}

/* A request buffer of NUL-terminated strings. */
static char *req;
static size_t req_len, req_cap;

static void put(const char *s) {
    size_t n = strlen(s) + 1;
    if (req_len + n > req_cap) {
        req_cap = (req_len + n) * 2;
        req = realloc(req, req_cap);
        if (req == NULL) run_in_own_jvm();
    }
    memcpy(req + req_len, s, n);
    req_len += n;
}

static void put_count(long n) {
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", n);
    put(buf);
}

/* Starts a daemon, detached from this process, its session and its terminal. */
static void start_daemon(char **daemon_cmd, int n, const char *socket_path, const char *idle, const char *log) {
    pid_t child = fork();
    if (child < 0) return;
    if (child == 0) {
        setsid();
        if (fork() != 0) _exit(0);
        char **argv = calloc((size_t) n + 3, sizeof *argv);
        if (argv == NULL) _exit(1);
        for (int i = 0; i < n; i++) argv[i] = daemon_cmd[i];
        argv[n] = (char *) socket_path;
        argv[n + 1] = (char *) idle;
        int in = open("/dev/null", O_RDONLY);
        int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0) _exit(1);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        for (int fd = 3; fd < 1024; fd++) close(fd);
        signal(SIGPIPE, SIG_DFL);
        execv(argv[0], argv);
        _exit(1);
    }
    waitpid(child, NULL, 0);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: cairn-client RUNDIR IDLE N DAEMON-COMMAND M JAVA-COMMAND ARGS...\n");
        return 2;
    }
    const char *rundir = argv[1];
    const char *idle = argv[2];
    int n = atoi(argv[3]);
    if (n < 1 || 4 + n >= argc) return 2;
    char **daemon_cmd = argv + 4;
    int m = atoi(argv[4 + n]);
    if (m < 1 || 5 + n + m > argc) return 2;
    char **java_cmd = argv + 5 + n;
    char **args = argv + 5 + n + m;
    int nargs = argc - (5 + n + m);

    fallback = calloc((size_t) (m + nargs + 1), sizeof *fallback);
    if (fallback == NULL) return 2;
    for (int i = 0; i < m; i++) fallback[i] = java_cmd[i];
    for (int i = 0; i < nargs; i++) fallback[m + i] = args[i];

    /* the socket's name: the daemon command and the jar it runs (the word after -cp) */
    uint64_t h = 14695981039346656037ULL;
    for (int i = 0; i < n; i++) {
        h = fnv(h, daemon_cmd[i], strlen(daemon_cmd[i]) + 1);
        if (strcmp(daemon_cmd[i], "-cp") == 0 && i + 1 < n) {
            struct stat jar; /* a class path of several entries (tests) has only its text hashed */
            if (stat(daemon_cmd[i + 1], &jar) == 0) {
                h = fnv(h, &jar.st_size, sizeof jar.st_size);
                h = fnv(h, &jar.st_mtime, sizeof jar.st_mtime); /* POSIX: seconds; size and inode do the rest */
                h = fnv(h, &jar.st_ino, sizeof jar.st_ino);
            }
        }
    }
    /* only a directory that is this user's alone: another user could otherwise answer as the daemon */
    if (mkdir(rundir, 0700) != 0 && errno != EEXIST) run_in_own_jvm();
    struct stat dir;
    if (lstat(rundir, &dir) != 0 || !S_ISDIR(dir.st_mode) || dir.st_uid != getuid() || (dir.st_mode & 077) != 0) {
        run_in_own_jvm();
    }
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    char log[sizeof addr.sun_path + 8];
    int len = snprintf(addr.sun_path, sizeof addr.sun_path, "%s/cairn-%016llx.sock", rundir, (unsigned long long) h);
    if (len < 0 || (size_t) len >= sizeof addr.sun_path) run_in_own_jvm();
    snprintf(log, sizeof log, "%s/cairn-%016llx.log", rundir, (unsigned long long) h);

    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) run_in_own_jvm();
    fcntl(fd, F_SETFD, FD_CLOEXEC); /* not inherited by the JVM run in its place */
    if (connect(fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
        close(fd);
        start_daemon(daemon_cmd, n, addr.sun_path, idle, log);
        run_in_own_jvm();
    }

    char cwd[8192];
    if (getcwd(cwd, sizeof cwd) == NULL) run_in_own_jvm();
    put("cairn-daemon-1");
    put(cwd);
    put_count(nargs);
    for (int i = 0; i < nargs; i++) put(args[i]);
    long envc = 0;
    for (char **e = environ; *e != NULL; e++) envc++;
    put_count(envc);
    for (char **e = environ; *e != NULL; e++) put(*e);
    if (write_all(fd, req, req_len) != 0 || shutdown(fd, SHUT_WR) != 0) run_in_own_jvm();

    /* A reader that goes away (| head, | grep -q) ends that stream, not the command: the rest of
     * it is dropped and the exit code is still the command's, as with the JVM, whose writers
     * swallow a broken pipe. */
    signal(SIGPIPE, SIG_IGN);
    int wrote = 0, out_open = 1, err_open = 1;
    char *buf = NULL;
    for (;;) {
        unsigned char head[5];
        if (read_all(fd, head, sizeof head) != 0) break;
        uint32_t size = (uint32_t) head[1] << 24 | (uint32_t) head[2] << 16 | (uint32_t) head[3] << 8 | head[4];
        buf = realloc(buf, size + 1);
        if (buf == NULL || read_all(fd, buf, size) != 0) break;
        switch (head[0]) {
            case 'o':
                wrote = 1;
                if (out_open && write_all(1, buf, size) != 0) out_open = 0;
                break;
            case 'e':
                wrote = 1;
                if (err_open && write_all(2, buf, size) != 0) err_open = 0;
                break;
            case 'x':
                if (size != 4) break;
                return (int) ((uint32_t) (unsigned char) buf[0] << 24 | (uint32_t) (unsigned char) buf[1] << 16
                        | (uint32_t) (unsigned char) buf[2] << 8 | (unsigned char) buf[3]);
            case 'r':
                close(fd);
                run_in_own_jvm();
                break;
            default:
                break;
        }
    }
    /* the daemon went away without an exit code */
    if (!wrote) {
        close(fd);
        run_in_own_jvm();
    }
    fprintf(stderr, "cairn: the daemon stopped before the command finished (run it again with CAIRN_DAEMON=0)\n");
    return 1;
}
