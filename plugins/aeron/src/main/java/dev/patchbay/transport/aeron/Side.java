package dev.patchbay.transport.aeron;

/** Which end of a link: the two publish to each other's endpoint. */
enum Side {
    LISTENER,
    CONNECTOR
}
