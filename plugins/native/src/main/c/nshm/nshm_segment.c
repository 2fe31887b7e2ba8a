#define _GNU_SOURCE
#include "nshm_segment.h"
#include "patchbay_transport.h"
#include "../common/pb_clock.h"
#include "../common/pb_error.h"
#include "../common/pb_process.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC_PUBLISHED 0x5941424843544150ULL /* "PATCHBAY" */
#define MAGIC_CREATING 0x494e494843544150ULL  /* "PATCHINI" */
#define KIND_POSIX 1u
#define FLAG_PERSISTENT 1u

/* Header fields, offsets of docs/PROTOCOL.md "Segment". */
#define H_MAGIC 0
#define H_MAJOR 8
#define H_MINOR 10
#define H_HEADER_LENGTH 12
#define H_TOTAL_SIZE 16
#define H_OWNER_PID 24
#define H_OWNER_START 32
#define H_CREATED 40
#define H_KIND 48
#define H_FLAGS 52
#define H_HEARTBEAT 56
#define H_NAME 64

#define FIELD(base, type, offset) (*(type *) ((base) + (offset)))

static void set_names(nshm_segment *segment, const char *name) {
    memset(segment, 0, sizeof *segment);
    snprintf(segment->name, sizeof segment->name, "%s", name);
    snprintf(segment->path, sizeof segment->path, "/patchbay-%s", name);
}

static int64_t epoch_millis(void) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* The refusal of a segment that is not this user's alone: what it is, whose, and what to do. */
static int not_owned(const nshm_segment *segment, const struct stat *st) {
    if (st->st_uid != geteuid()) {
        return pb_fail(PB_ERR_NOT_OWNED, "/dev/shm%s belongs to uid %u (mode %04o), not to you (uid %u); Patchbay"
                       " will not write to another user's object: ask its owner to remove it, or use another name",
                       segment->path, (unsigned) st->st_uid, (unsigned) (st->st_mode & 07777), (unsigned) geteuid());
    }
    return pb_fail(PB_ERR_NOT_OWNED, "/dev/shm%s is yours but has mode %04o, open to other users (Patchbay makes"
                   " its objects 0600), so someone else may read or write it: remove it, or use another name",
                   segment->path, (unsigned) (st->st_mode & 07777));
}

/*
 * What holds the name: 1 if it was a leftover of a dead owner and is now removed; otherwise a PB_ERR_* code with
 * the reason (a live owner, or something that is not provably ours and is left alone).
 */
static int reclaim(const nshm_segment *segment) {
    int fd = shm_open(segment->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (fd < 0) {
        /* Removed meanwhile: try again. */
        return errno == ENOENT ? 1 : pb_fail_errno(PB_ERR_IO, errno, "shm_open(%s)", segment->path);
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && (st.st_uid != geteuid() || (st.st_mode & 0077) != 0)) {
        /* Another user's object is never ours to remove, leftover or not. */
        close(fd);
        return not_owned(segment, &st);
    }
    uint8_t header[NSHM_SEGMENT_HEADER];
    ssize_t n = pread(fd, header, sizeof header, 0);
    close(fd);
    if (n < (ssize_t) sizeof header) {
        return pb_fail(PB_ERR_IO, "/dev/shm%s exists and is being created by another process; pick another name",
                       segment->path);
    }
    uint64_t magic = FIELD(header, uint64_t, H_MAGIC);
    char name[NSHM_NAME_MAX + 1];
    memcpy(name, header + H_NAME, NSHM_NAME_MAX);
    name[NSHM_NAME_MAX] = '\0';
    if ((magic != MAGIC_PUBLISHED && magic != MAGIC_CREATING) || FIELD(header, uint32_t, H_KIND) != KIND_POSIX
            || strcmp(name, segment->name) != 0 || (FIELD(header, uint32_t, H_FLAGS) & FLAG_PERSISTENT)) {
        return pb_fail(PB_ERR_IO, "/dev/shm%s exists and is not a Patchbay segment of ours; not touching it",
                       segment->path);
    }
    pb_process owner = {FIELD(header, int64_t, H_OWNER_PID), FIELD(header, int64_t, H_OWNER_START)};
    if (pb_process_alive(owner)) {
        return pb_fail(PB_ERR_IO, "%s is already being listened on by process %lld; pick another name",
                       segment->name, (long long) owner.pid);
    }
    if (shm_unlink(segment->path) != 0 && errno != ENOENT) {
        return pb_fail_errno(PB_ERR_IO, errno, "shm_unlink(%s) of a leftover of process %lld", segment->path,
                             (long long) owner.pid);
    }
    return 1;
}

int nshm_segment_create(nshm_segment *segment, const char *name, uint64_t data_size) {
    set_names(segment, name);
    long page = sysconf(_SC_PAGESIZE);
    uint64_t size = (NSHM_SEGMENT_HEADER + data_size + (uint64_t) page - 1) & ~((uint64_t) page - 1);
    int fd = -1;
    for (int attempt = 0; fd < 0; attempt++) {
        fd = shm_open(segment->path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0) {
            break;
        }
        if (errno != EEXIST) {
            return pb_fail_errno(PB_ERR_IO, errno, "shm_open(%s)", segment->path);
        }
        int r = reclaim(segment);
        if (r != 1) {
            return r;
        }
        if (attempt == 2) {
            return pb_fail(PB_ERR_IO, "cannot create %s: another process keeps taking the name", segment->path);
        }
    }
    int err;
    /* The umask may have taken bits away: set 0600 exactly. */
    if (fchmod(fd, 0600) != 0 || ftruncate(fd, (off_t) size) != 0) {
        err = errno;
        goto fail;
    }
    /* Allocate now, so that a full /dev/shm is an error here and not a SIGBUS later. */
    err = posix_fallocate(fd, 0, (off_t) size);
    if (err != 0) {
        goto fail;
    }
    segment->base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (segment->base == MAP_FAILED) {
        err = errno;
        segment->base = NULL;
        goto fail;
    }
    close(fd);
    segment->size = size;
    pb_process self = pb_process_self();
    uint8_t *h = segment->base;
    FIELD(h, uint16_t, H_MAJOR) = 1;
    FIELD(h, uint16_t, H_MINOR) = 0;
    FIELD(h, uint32_t, H_HEADER_LENGTH) = NSHM_SEGMENT_HEADER;
    FIELD(h, uint64_t, H_TOTAL_SIZE) = size;
    FIELD(h, int64_t, H_OWNER_PID) = self.pid;
    FIELD(h, int64_t, H_OWNER_START) = self.start_time;
    FIELD(h, int64_t, H_CREATED) = epoch_millis();
    FIELD(h, uint32_t, H_KIND) = KIND_POSIX;
    FIELD(h, uint32_t, H_FLAGS) = 0;
    FIELD(h, int64_t, H_HEARTBEAT) = FIELD(h, int64_t, H_CREATED);
    memcpy(h + H_NAME, segment->name, strlen(segment->name));
    __atomic_store_n(&FIELD(h, uint64_t, H_MAGIC), MAGIC_CREATING, __ATOMIC_RELEASE);
    return 0;

fail:
    close(fd);
    shm_unlink(segment->path);
    return pb_fail_errno(PB_ERR_IO, err, "creating %s of %llu bytes", segment->path, (unsigned long long) size);
}

void nshm_segment_publish(nshm_segment *segment) {
    __atomic_store_n(&FIELD(segment->base, uint64_t, H_MAGIC), MAGIC_PUBLISHED, __ATOMIC_RELEASE);
}

static int refuse(nshm_segment *segment, int code) {
    nshm_segment_unmap(segment);
    return code;
}

int nshm_segment_open(nshm_segment *segment, const char *name, int64_t deadline_ns) {
    set_names(segment, name);
    int fd = shm_open(segment->path, O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0);
    if (fd < 0) {
        return errno == ENOENT ? NSHM_NOT_FOUND : pb_fail_errno(PB_ERR_IO, errno, "shm_open(%s)", segment->path);
    }
    struct stat st;
    /*
     * Asked of the descriptor, before a byte is read or written: another user's segment at our name (or one that
     * anyone may write) would receive our messages.
     */
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        return pb_fail_errno(PB_ERR_IO, err, "fstat(%s)", segment->path);
    }
    if (st.st_uid != geteuid() || (st.st_mode & 0077) != 0) {
        close(fd);
        return not_owned(segment, &st);
    }
    /* The creator may be between shm_open and ftruncate: wait for the header to exist. */
    while (fstat(fd, &st) == 0 && st.st_size < NSHM_SEGMENT_HEADER && pb_now_ns() < deadline_ns) {
        pb_sleep_ns(PB_MILLIS);
    }
    if (st.st_size < NSHM_SEGMENT_HEADER) {
        close(fd);
        return pb_fail(PB_ERR_TIMEOUT, "%s stayed at %lld bytes: its creator did not finish it", segment->path,
                       (long long) st.st_size);
    }
    segment->size = (uint64_t) st.st_size;
    segment->base = mmap(NULL, segment->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int err = errno;
    close(fd);
    if (segment->base == MAP_FAILED) {
        segment->base = NULL;
        return pb_fail_errno(PB_ERR_IO, err, "mmap(%s)", segment->path);
    }
    uint8_t *h = segment->base;
    uint64_t magic;
    while ((magic = __atomic_load_n(&FIELD(h, uint64_t, H_MAGIC), __ATOMIC_ACQUIRE)) != MAGIC_PUBLISHED) {
        if (magic != 0 && magic != MAGIC_CREATING) {
            return refuse(segment, pb_fail(PB_ERR_IO, "%s is not a Patchbay segment: magic 0x%016llx, expected"
                                           " 0x%016llx 'PATCHBAY'", segment->path, (unsigned long long) magic,
                                           (unsigned long long) MAGIC_PUBLISHED));
        }
        if (pb_now_ns() >= deadline_ns) {
            return refuse(segment, pb_fail(PB_ERR_TIMEOUT, "%s was not published in time: its creator is still"
                                           " initialising it, or died doing so", segment->path));
        }
        pb_sleep_ns(PB_MILLIS);
    }
    uint16_t major = FIELD(h, uint16_t, H_MAJOR);
    if (major != 1) {
        return refuse(segment, pb_fail(PB_ERR_IO, "%s has segment layout %u.%u; this module reads 1.x",
                                       segment->path, major, FIELD(h, uint16_t, H_MINOR)));
    }
    if (FIELD(h, uint32_t, H_HEADER_LENGTH) < NSHM_SEGMENT_HEADER || FIELD(h, uint32_t, H_KIND) != KIND_POSIX
            || strncmp((const char *) h + H_NAME, segment->name, NSHM_NAME_MAX) != 0
            || FIELD(h, uint64_t, H_TOTAL_SIZE) > segment->size) {
        return refuse(segment, pb_fail(PB_ERR_IO, "%s has a header that does not match its name, kind or size",
                                       segment->path));
    }
    return 0;
}

uint8_t *nshm_segment_data(const nshm_segment *segment) {
    return segment->base + NSHM_SEGMENT_HEADER;
}

void nshm_segment_unlink(const nshm_segment *segment) {
    shm_unlink(segment->path);
}

void nshm_segment_unmap(nshm_segment *segment) {
    if (segment->base != NULL) {
        munmap(segment->base, segment->size);
        segment->base = NULL;
    }
}
