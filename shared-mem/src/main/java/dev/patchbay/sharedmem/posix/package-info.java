/**
 * JNA bindings to the C library, in the shape of JNA's platform package: one class per header, constants named as
 * in the header, direct mapping ({@code Native.register}) so a call costs about as little as JNA allows.
 *
 * <p>Every failed call becomes a {@link dev.patchbay.sharedmem.posix.NativeCallException} through
 * {@link dev.patchbay.sharedmem.posix.Errno}, with a message such as
 * {@code "shm_open(/patchbay-orders) failed: EEXIST (File exists)"}.
 *
 * <p>The constant values are those of Linux on x86-64 and AArch64.
 */
package dev.patchbay.sharedmem.posix;
