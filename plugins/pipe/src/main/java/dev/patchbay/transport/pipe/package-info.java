/**
 * The anonymous-pipe backend, {@code pipe:} addresses.
 *
 * <ul>
 *   <li>{@code pipe:child?exec=<command>} (listen): runs the command with {@code /bin/sh -c} and talks to it over
 *       its stdin and stdout, as {@code popen} does, but in both directions.</li>
 *   <li>{@code pipe:stdio} (connect): the child's side; takes over this process's stdin and stdout.</li>
 *   <li>{@code pipe:anon} (listen): a fresh pipe pair for a process that is already running; the acceptor's address,
 *       {@code pipe:proc?pid=...&rfd=...&wfd=...}, is what the peer connects to (it opens the pipes through
 *       {@code /proc/<pid>/fd}, so both processes must belong to the same user).</li>
 * </ul>
 */
package dev.patchbay.transport.pipe;
