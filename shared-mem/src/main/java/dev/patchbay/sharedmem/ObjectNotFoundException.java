package dev.patchbay.sharedmem;

/** Opening an existing shared object (segment, named semaphore, managed object) found nothing by that name. */
public class ObjectNotFoundException extends SharedMemException {
    public ObjectNotFoundException(String message) {
        super(message);
    }
}
