/*
 * pipe-bench: the C baseline for Patchbay's pipe backend. Makes two pipes, forks, and runs the receiver in the
 * child and the sender (driven by the launcher over stdin/stdout) in the parent.
 *
 *   pipe-bench <size> <rate>
 */
#define _GNU_SOURCE
#include "bench_proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: pipe-bench <size> <rate>\n");
        return 2;
    }
    size_t size = parse_size("pipe-bench", argv[1]);
    long rate = atol(argv[2]);
    int to_child[2];
    int from_child[2];
    if (rate <= 0 || pipe(to_child) != 0 || pipe(from_child) != 0) {
        perror("pipe-bench: bad rate or pipe()");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("pipe-bench: fork");
        return 1;
    }
    if (pid == 0) {
        close(to_child[1]);
        close(from_child[0]);
        struct fd_pair fds = {to_child[0], from_child[1]};
        struct bench_link link = bench_fd_link(&fds);
        return run_receiver(&link, size);
    }
    close(to_child[0]);
    close(from_child[1]);
    struct sender_options opt = {size, rate, (long) pid, "pipe()+fork(),blocking-read/write"};
    struct fd_pair fds = {from_child[0], to_child[1]};
    struct bench_link link = bench_fd_link(&fds);
    int status = run_sender(&link, &opt);
    int child_status;
    if (waitpid(pid, &child_status, 0) == pid && (!WIFEXITED(child_status) || WEXITSTATUS(child_status) != 0)) {
        fprintf(stderr, "pipe-bench: receiver ended with status %d\n", child_status);
        status = status != 0 ? status : 1;
    }
    return status;
}
