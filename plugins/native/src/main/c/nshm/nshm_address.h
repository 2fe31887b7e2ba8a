/* nshm addresses: nshm:<name>?size=<ring bytes>&spin=<duration>; other parameters belong to the host. */
#ifndef NSHM_ADDRESS_H
#define NSHM_ADDRESS_H

#include <stdint.h>

/** "nshm." + the name must fit a segment name of 63 characters. */
#define NSHM_ADDRESS_NAME_MAX 58
#define NSHM_DEFAULT_CAPACITY (256u * 1024u)
#define NSHM_DEFAULT_SPIN_NS 20000

typedef struct nshm_address {
    char name[NSHM_ADDRESS_NAME_MAX + 1];
    /** Bytes of record area of each ring: a power of two. */
    uint32_t capacity;
    /** How long a waiting call spins before it sleeps. */
    int64_t spin_ns;
} nshm_address;

/** Parses an address; PB_OK, or PB_ERR_ADDRESS with the error text naming the part that is wrong. */
int nshm_address_parse(const char *text, nshm_address *out);

#endif
