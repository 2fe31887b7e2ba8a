package dev.patchbay.host.pool;

/** Hears workers come and go: for the command's running commentary. */
public interface PoolEvents {
    /** Nobody listens. */
    PoolEvents NONE = new PoolEvents() {
    };

    /** A worker said hello and takes tasks; {@code respawn} if it replaces one that died. */
    default void started(WorkerHandle worker, boolean respawn) {
    }

    /** A worker's channel ended while the pool ran; its {@code reassigned} outstanding tasks go to others. */
    default void died(WorkerHandle worker, int reassigned, String cause) {
    }

    /** A replacement could not be spawned. */
    default void respawnFailed(String cause) {
    }
}
