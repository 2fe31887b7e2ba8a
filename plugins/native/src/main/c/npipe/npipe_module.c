/* What the module says about itself, and the optional parts of the ABI. */
#include "npipe_link.h"
#include "../common/pb_error.h"

#ifndef NPIPE_VERSION
#error "build with -DNPIPE_VERSION=\"x.y.z\""
#endif

static const struct pb_module_info INFO = {
    .abi_version = PB_ABI_VERSION,
    .capabilities = 0,
    .max_message = 8u << 20,
    .reserved = 0,
    .id = "npipe",
    .version = NPIPE_VERSION,
    .scheme = "npipe",
    .description = "Windows named pipes in message mode, written in C",
};

PB_EXPORT const struct pb_module_info *pb_module_info(void) {
    return &INFO;
}

PB_EXPORT const char *pb_last_error(void) {
    return pb_error_text();
}

/* The host moves every message through pb_send and pb_receive: a pipe has no rings to share. */
PB_EXPORT int pb_link_rings(pb_link *link, void **tx_ring, void **rx_ring) {
    (void) link;
    (void) tx_ring;
    (void) rx_ring;
    return pb_fail(PB_ERR_UNSUPPORTED, "npipe links have no shared rings");
}

PB_EXPORT int pb_await(pb_link *link, int what, uint32_t length, int64_t timeout_ns) {
    (void) link;
    (void) what;
    (void) length;
    (void) timeout_ns;
    return pb_fail(PB_ERR_UNSUPPORTED, "npipe links have no shared rings");
}

#ifdef NPIPE_STATS
/* Since 1.0.1: messages moved per link, so that a patched copy in use can be told from the old one. */
PB_EXPORT int pb_link_stats(pb_link *link, uint64_t *out, uint32_t count) {
    uint64_t values[] = {(uint64_t) InterlockedCompareExchange64(&link->sent, 0, 0),
                         (uint64_t) InterlockedCompareExchange64(&link->received, 0, 0)};
    uint32_t n = count < 2 ? count : 2;
    for (uint32_t i = 0; i < n; i++) {
        out[i] = values[i];
    }
    return (int) n;
}

PB_EXPORT const char *pb_link_stats_names(void) {
    return "sent,received";
}
#endif
