/*
 * fifo-bench: the C baseline for Patchbay's fifo backend. Two unrelated processes meet at <base>.c2s and
 * <base>.s2c, made with mkfifo(3) by the receiver.
 *
 *   fifo-bench receive <size> <base>
 *   fifo-bench send <size> <rate> <base>     (driven by the launcher over stdin/stdout)
 */
#define _GNU_SOURCE
#include "bench_proto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PATH_MAX_LENGTH 4096
#define MEET_TIMEOUT_SECONDS 20

static void fifo_path(char *out, const char *base, const char *suffix)
{
    if ((size_t) snprintf(out, PATH_MAX_LENGTH, "%s%s", base, suffix) >= PATH_MAX_LENGTH) {
        fprintf(stderr, "fifo-bench: path %s%s is too long\n", base, suffix);
        exit(2);
    }
}

static int receive(size_t size, const char *base)
{
    char c2s[PATH_MAX_LENGTH];
    char s2c[PATH_MAX_LENGTH];
    fifo_path(c2s, base, ".c2s");
    fifo_path(s2c, base, ".s2c");
    if (mkfifo(c2s, 0600) != 0 || mkfifo(s2c, 0600) != 0) {
        perror("fifo-bench: mkfifo");
        return 1;
    }
    /* Blocking opens, in the same order on both sides: each waits for its counterpart, neither deadlocks. The
     * alarm ends this process if no sender ever comes (its launcher died), instead of leaving it waiting. */
    alarm(MEET_TIMEOUT_SECONDS);
    int rfd = open(c2s, O_RDONLY);
    int wfd = rfd < 0 ? -1 : open(s2c, O_WRONLY);
    alarm(0);
    unlink(c2s);
    unlink(s2c);
    if (wfd < 0) {
        perror("fifo-bench: open");
        return 1;
    }
    struct fd_pair fds = {rfd, wfd};
    struct bench_link link = bench_fd_link(&fds);
    return run_receiver(&link, size);
}

static int send_to(size_t size, long rate, const char *base)
{
    char c2s[PATH_MAX_LENGTH];
    char s2c[PATH_MAX_LENGTH];
    fifo_path(c2s, base, ".c2s");
    fifo_path(s2c, base, ".s2c");
    struct stat st;
    time_t give_up = time(NULL) + MEET_TIMEOUT_SECONDS;
    while (stat(s2c, &st) != 0) {
        if (time(NULL) > give_up) {
            printf("error no receiver made %s within %d s\n", s2c, MEET_TIMEOUT_SECONDS);
            return 1;
        }
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    alarm(MEET_TIMEOUT_SECONDS);
    int wfd = open(c2s, O_WRONLY);
    int rfd = wfd < 0 ? -1 : open(s2c, O_RDONLY);
    alarm(0);
    if (rfd < 0) {
        printf("error open %s: %s\n", wfd < 0 ? c2s : s2c, strerror(errno));
        return 1;
    }
    struct sender_options opt = {size, rate, 0, "mkfifo(3),blocking-read/write"};
    struct fd_pair fds = {rfd, wfd};
    struct bench_link link = bench_fd_link(&fds);
    return run_sender(&link, &opt);
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "receive") == 0) {
        return receive(parse_size("fifo-bench", argv[2]), argv[3]);
    }
    if (argc == 5 && strcmp(argv[1], "send") == 0 && atol(argv[3]) > 0) {
        return send_to(parse_size("fifo-bench", argv[2]), atol(argv[3]), argv[4]);
    }
    fprintf(stderr, "usage: fifo-bench receive <size> <base> | fifo-bench send <size> <rate> <base>\n");
    return 2;
}
