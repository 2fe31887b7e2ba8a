/**
 * Skeletons of links and acceptors that backends share: {@link dev.patchbay.kit.link.MeetingAcceptor} for media
 * where the two sides meet at a slot in memory or in a file (shm, mmap).
 */
package dev.patchbay.kit.link;
