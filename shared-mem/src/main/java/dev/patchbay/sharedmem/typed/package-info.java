/**
 * Typed data in shared memory, after Python's {@code multiprocessing.Value}, {@code Array} and ctypes
 * {@code Structure}: single values, fixed arrays, and structs of declared fields laid out as C lays them out, each
 * optionally guarded by its own robust mutex.
 */
package dev.patchbay.sharedmem.typed;
