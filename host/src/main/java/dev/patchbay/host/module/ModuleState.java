package dev.patchbay.host.module;

/** Where a module generation is in its life. */
public enum ModuleState {
    /** Loaded and started; its transports can open links. */
    STARTED,
    /** Could not be used; the listing says why. */
    FAILED,
    /** Stopped and unloaded; its class loader is closed and its copy of the jar deleted. */
    UNLOADED
}
