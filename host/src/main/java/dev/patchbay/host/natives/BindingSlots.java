package dev.patchbay.host.natives;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@link NativeAbi} to loaded libraries with JNA direct mapping, one class per library.
 *
 * <p>{@code Native.register(Class, NativeLibrary)} binds a class's native methods to one library, and two
 * generations of a module are loaded at once during a patch, so each library needs a class of its own. A slot is a
 * copy of {@link NativeBinding} defined by a class loader of its own. Slots are reused: JNA keeps every class it has
 * registered in a cache that never lets go of it, so defining a fresh class per generation would leak one class
 * and one loader per patch. A slot is unregistered before its library is closed; a call through it afterwards
 * fails with {@link UnsatisfiedLinkError} instead of jumping into unmapped code.
 *
 * <p>JNA refuses to register a class whose natives the library lacks, so an optional function has a template of
 * its own ({@link BoundedSendBinding}), bound only where the library exports it.
 */
final class BindingSlots {
    /** The C functions every native transport exports: the natives of {@link NativeBinding}. */
    static final List<String> REQUIRED = Arrays.stream(NativeBinding.class.getDeclaredMethods())
            .filter(m -> Modifier.isNative(m.getModifiers()))
            .map(Method::getName)
            .sorted()
            .toList();

    /** Free slot classes, by the template they copy. */
    private static final Map<Class<?>, Deque<Class<?>>> FREE = new HashMap<>();
    private static int defined;

    private BindingSlots() {
    }

    /** An implementation of {@code T} bound to one library, and what frees its slot. */
    record Slot<T>(Class<?> template, Class<?> type, T abi) {
    }

    /** Binds a free slot (or a new one) to {@code library}; every {@link #REQUIRED} function must be there. */
    static Slot<NativeAbi> bind(NativeLibrary library) {
        return bind(library, NativeBinding.class, NativeAbi.class);
    }

    /** Binds a free copy of {@code template} (or a new one) to {@code library}, which must export its natives. */
    static synchronized <T> Slot<T> bind(NativeLibrary library, Class<? extends T> template, Class<T> api) {
        Deque<Class<?>> free = FREE.computeIfAbsent(template, t -> new ArrayDeque<>());
        Class<?> type = free.isEmpty() ? define(template) : free.pop();
        try {
            Native.register(type, library);
            return new Slot<>(template, type, api.cast(type.getConstructor().newInstance()));
        } catch (ReflectiveOperationException e) {
            free.push(type);
            throw new IllegalStateException("cannot instantiate " + type, e);
        } catch (RuntimeException | Error e) {
            free.push(type);
            throw e;
        }
    }

    /** Unbinds the slot from its library and makes it free for the next one. Call before closing the library. */
    static synchronized void release(Slot<?> slot) {
        Native.unregister(slot.type());
        FREE.get(slot.template()).push(slot.type());
    }

    /** How many slot classes exist: the most native generations loaded at once so far, over all templates. */
    static synchronized int defined() {
        return defined;
    }

    private static Class<?> define(Class<?> template) {
        defined++;
        return new SlotLoader(defined, template).defineBinding();
    }

    /** Defines one copy of a template; everything else comes from the host's class loader. */
    private static final class SlotLoader extends ClassLoader {
        private final Class<?> template;

        SlotLoader(int number, Class<?> template) {
            super("patchbay-native-slot-" + number, template.getClassLoader());
            this.template = template;
        }

        Class<?> defineBinding() {
            String name = template.getName();
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new IllegalStateException(name + ".class is not on the host's class path");
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length, template.getProtectionDomain());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
