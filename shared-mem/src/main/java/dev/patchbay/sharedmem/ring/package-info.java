/**
 * Ring buffers of variable-length records in shared memory: one-to-one and many-to-one, acquire/release ordering
 * through VarHandles on the mapping, back-pressure by return value, no system call or allocation per message.
 * Layouts: {@link dev.patchbay.sharedmem.ring.RingBufferDescriptor},
 * {@link dev.patchbay.sharedmem.ring.RecordDescriptor}; messages of any length over a ring as
 * {@link dev.patchbay.sharedmem.ring.MessageRecords}.
 */
package dev.patchbay.sharedmem.ring;
