package dev.patchbay.sharedmem;

/** Creating a shared object (segment, named semaphore, managed object) found its name taken. */
public class ObjectExistsException extends SharedMemException {
    public ObjectExistsException(String message) {
        super(message);
    }
}
