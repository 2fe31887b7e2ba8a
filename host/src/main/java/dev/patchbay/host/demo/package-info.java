/**
 * The live demo: two processes exchanging sequence-numbered messages over a backend the host loaded from a plugin
 * jar, with every message checked for loss, repetition and order.
 */
package dev.patchbay.host.demo;
