/**
 * Agent threads: a small fixed set of threads that read control frames for channels whose application is not
 * receiving, so that migrations and patches move idle channels too.
 */
package dev.patchbay.host.agent;
