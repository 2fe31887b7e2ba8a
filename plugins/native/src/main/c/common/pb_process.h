/*
 * Process identities as docs/PROTOCOL.md defines them: a pid with its start time (field 22 of /proc/<pid>/stat),
 * so that a reused pid is not mistaken for the process that is gone.
 */
#ifndef PB_PROCESS_H
#define PB_PROCESS_H

#include <stdint.h>

typedef struct pb_process {
    int64_t pid;
    int64_t start_time;
} pb_process;

/** This process. */
pb_process pb_process_self(void);

/** 1 if that very process runs (not a zombie), 0 if it is gone. */
int pb_process_alive(pb_process process);

/**
 * Watches a peer process cheaply: through a pidfd where the kernel has them (one poll, no /proc read), else by
 * reading /proc. Open once per link; check as often as needed.
 */
typedef struct pb_watch {
    pb_process process;
    int pidfd;
    int gone;
} pb_watch;

/** Starts watching; a process that is already gone is reported gone by the first check. */
void pb_watch_open(pb_watch *watch, pb_process process);

/** 1 if the watched process is gone. Once gone, always gone. */
int pb_watch_gone(pb_watch *watch);

void pb_watch_close(pb_watch *watch);

#endif
