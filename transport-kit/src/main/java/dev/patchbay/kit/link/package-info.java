/**
 * Skeletons of links and acceptors that backends share, for media where the two sides meet at a slot in memory or
 * in a file (shm, mmap): {@link dev.patchbay.kit.link.MeetingAcceptor} and the link's
 * {@link dev.patchbay.kit.link.LinkLifecycle}.
 */
package dev.patchbay.kit.link;
