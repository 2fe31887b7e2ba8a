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
import java.util.List;

/**
 * Binds {@link NativeAbi} to loaded libraries with JNA direct mapping, one class per library.
 *
 * <p>{@code Native.register(Class, NativeLibrary)} binds a class's native methods to one library, and two
 * generations of a module are loaded at once during a patch, so each library needs a class of its own. A slot is a
 * copy of {@link NativeBinding} defined by a class loader of its own. Slots are reused: JNA keeps every class it has
 * registered in a cache that never lets go of it, so defining a fresh class per generation would leak one class
 * and one loader per patch. A slot is unregistered before its library is closed; a call through it afterwards
 * fails with {@link UnsatisfiedLinkError} instead of jumping into unmapped code.
 */
final class BindingSlots {
    /** The C functions every native transport exports: the natives of {@link NativeBinding}. */
    static final List<String> REQUIRED = Arrays.stream(NativeBinding.class.getDeclaredMethods())
            .filter(m -> Modifier.isNative(m.getModifiers()))
            .map(Method::getName)
            .sorted()
            .toList();

    private static final Deque<Class<?>> FREE = new ArrayDeque<>();
    private static int defined;

    private BindingSlots() {
    }

    /** A {@link NativeAbi} bound to {@code library}, and what frees its slot. */
    record Slot(Class<?> type, NativeAbi abi) {
    }

    /** Binds a free slot (or a new one) to {@code library}; every {@link #REQUIRED} function must be there. */
    static synchronized Slot bind(NativeLibrary library) {
        Class<?> type = FREE.isEmpty() ? define() : FREE.pop();
        try {
            Native.register(type, library);
            return new Slot(type, (NativeAbi) type.getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            FREE.push(type);
            throw new IllegalStateException("cannot instantiate " + type, e);
        } catch (RuntimeException | Error e) {
            FREE.push(type);
            throw e;
        }
    }

    /** Unbinds the slot from its library and makes it free for the next one. Call before closing the library. */
    static synchronized void release(Slot slot) {
        Native.unregister(slot.type());
        FREE.push(slot.type());
    }

    /** How many slot classes exist: the most native generations loaded at once so far. */
    static synchronized int defined() {
        return defined;
    }

    private static Class<?> define() {
        defined++;
        return new SlotLoader(defined).defineBinding();
    }

    /** Defines one copy of {@link NativeBinding}; everything else comes from the host's class loader. */
    private static final class SlotLoader extends ClassLoader {
        SlotLoader(int number) {
            super("patchbay-native-slot-" + number, NativeBinding.class.getClassLoader());
        }

        Class<?> defineBinding() {
            String name = NativeBinding.class.getName();
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new IllegalStateException(name + ".class is not on the host's class path");
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length, NativeBinding.class.getProtectionDomain());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
