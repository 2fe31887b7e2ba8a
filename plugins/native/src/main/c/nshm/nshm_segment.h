/*
 * POSIX shared-memory segments with the Patchbay segment header (docs/PROTOCOL.md, "Segment"), so that the
 * janitor lists what a crashed process leaves and the Java library could open the same segments.
 */
#ifndef NSHM_SEGMENT_H
#define NSHM_SEGMENT_H

#include <stdint.h>

#define NSHM_SEGMENT_HEADER 128
#define NSHM_NAME_MAX 63

typedef struct nshm_segment {
    uint8_t *base;
    uint64_t size;
    /** The Patchbay name, e.g. "nshm.orders"; the POSIX name is "/patchbay-" + name. */
    char name[NSHM_NAME_MAX + 1];
    char path[NSHM_NAME_MAX + 16];
} nshm_segment;

/** Result of nshm_segment_open when nobody has created the segment (yet). */
#define NSHM_NOT_FOUND 1

/**
 * Creates /patchbay-<name> with room for data_size bytes after the header, owned by this process, and leaves it
 * initialising ("PATCHINI"): fill the data, then nshm_segment_publish. A leftover of a dead owner is replaced.
 *
 * @return 0, or a PB_ERR_* code with the error text set
 */
int nshm_segment_create(nshm_segment *segment, const char *name, uint64_t data_size);

/** Publishes a created segment: release-stores the "PATCHBAY" magic. */
void nshm_segment_publish(nshm_segment *segment);

/**
 * Opens an existing segment, waiting until deadline_ns for its creator to publish it.
 *
 * @return 0; NSHM_NOT_FOUND if there is no such name; or a PB_ERR_* code with the error text set
 */
int nshm_segment_open(nshm_segment *segment, const char *name, int64_t deadline_ns);

/** The segment's data area (after the header). */
uint8_t *nshm_segment_data(const nshm_segment *segment);

/** Removes the name (the memory lives on while mapped). Harmless if already gone. */
void nshm_segment_unlink(const nshm_segment *segment);

/** Unmaps the segment. */
void nshm_segment_unmap(nshm_segment *segment);

#endif
