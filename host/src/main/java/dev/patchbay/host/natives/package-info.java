/**
 * Native modules: shared libraries written in C (or anything with a C ABI) that export the functions of
 * {@code plugins/native/include/patchbay_transport.h}, loaded from the plugins folder beside plugin jars and
 * adapted into {@link dev.patchbay.api.Transport}s through JNA direct mapping.
 *
 * <p>{@link dev.patchbay.host.natives.NativeModule} is one generation (one private copy of the file, one
 * {@code dlopen}); {@code LoadedLibrary} keeps it loaded while any link it made is open or any call into it runs,
 * and unloads it after; {@code BindingSlots} gives each loaded library a direct-mapped class of its own, so that
 * two generations can be used side by side during a patch. Links move messages through the module's shared rings
 * where it offers them ({@code RingLink}: no native call per message) and through its send and receive functions
 * otherwise ({@code CallLink}). See docs/PLUGIN-GUIDE.md.
 */
package dev.patchbay.host.natives;
