#include "crc32c.h"

/* The reflected Castagnoli polynomial 0x1EDC6F41. */
#define POLYNOMIAL 0x82f63b78u

static uint32_t table[256];
static int ready;

static void build_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int bit = 0; bit < 8; bit++) {
            c = (c & 1) ? (c >> 1) ^ POLYNOMIAL : c >> 1;
        }
        table[i] = c;
    }
    ready = 1;
}

uint32_t crc32c_update(uint32_t crc, const void *bytes, size_t length) {
    if (!ready) {
        build_table();
    }
    const uint8_t *p = bytes;
    crc = ~crc;
    for (size_t i = 0; i < length; i++) {
        crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
}
