/* CRC-32C (Castagnoli), as iSCSI and java.util.zip.CRC32C compute it: the checksum of docs/PROTOCOL.md frames. */
#ifndef PBPEER_CRC32C_H
#define PBPEER_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/** Continues a checksum: start with crc = 0, feed the bytes in order. */
uint32_t crc32c_update(uint32_t crc, const void *bytes, size_t length);

#endif
