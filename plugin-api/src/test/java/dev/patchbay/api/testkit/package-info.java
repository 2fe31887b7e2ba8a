/**
 * The transport contract suite: {@link dev.patchbay.api.testkit.TransportContractTest} states what every backend
 * must do, against real peer processes started with {@link dev.patchbay.api.testkit.PeerProcess}. A backend's test
 * extends it and says how to start a peer on its medium. Shipped as the plugin-api test-jar.
 */
package dev.patchbay.api.testkit;
