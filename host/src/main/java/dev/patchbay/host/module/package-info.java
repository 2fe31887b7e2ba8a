/**
 * Loading backend modules. Each plugin jar becomes one {@link dev.patchbay.host.module.JarModule} generation with its
 * own PF4J manager, so that two versions of one plugin can be loaded side by side during a patch. A module that
 * cannot be used (bad descriptor, wrong API version, failing start, no Transport) is kept in the listing as
 * {@link dev.patchbay.host.module.ModuleState#FAILED} with its cause; the host carries on with the rest.
 */
package dev.patchbay.host.module;
