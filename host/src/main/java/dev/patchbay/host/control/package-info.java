/**
 * The control endpoint of a running host: a Unix domain socket, {@code <runtime>/control/<pid>.sock}, in a 0700
 * folder and itself 0600, so only the owning user can reach it. One command per connection, one line each way
 * plus result lines; the {@code patchbay channels|modules|swap|rollback} commands are its clients.
 */
package dev.patchbay.host.control;
