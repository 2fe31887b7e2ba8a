package dev.patchbay.host.module;

/** Where a module generation is in its life. */
public enum ModuleState {
    /** Loaded and started; its transports can open links. */
    STARTED,
    /** Could not be used; the listing says why. */
    FAILED,
    /**
     * Not loaded: a host on this plugins folder rejected this content before (see {@link Quarantine}); the listing
     * says when and why.
     */
    QUARANTINED,
    /**
     * Superseded and no longer used: stopped and unloaded (its class loader is closed), but its private copy is kept
     * so that a rollback can load it again.
     */
    RETIRED,
    /** Stopped and unloaded; its class loader is closed and its copy of the jar deleted. */
    UNLOADED
}
