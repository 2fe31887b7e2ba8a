/* The connecting side of a fifo: address (docs/PROTOCOL.md, "Rendezvous bytes"). */
#ifndef PBPEER_FIFO_CONNECT_H
#define PBPEER_FIFO_CONNECT_H

#include <stdint.h>

typedef struct fifo_link {
    int read_fd;
    int write_fd;
    /** The listener's owner file, write-locked while the link lives so that no second peer joins. */
    int owner_fd;
} fifo_link;

/**
 * Meets a listener at fifo:<name> in the runtime folder, waiting up to timeout_ms.
 *
 * @return 0, or -1 with the error text set
 */
int fifo_connect(const char *name, int64_t timeout_ms, fifo_link *link);

void fifo_close(fifo_link *link);

#endif
