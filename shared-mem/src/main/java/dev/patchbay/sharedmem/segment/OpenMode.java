package dev.patchbay.sharedmem.segment;

/** Whether opening a segment creates it, finds it, or either (boost.interprocess's create_only, open_only, ...). */
public enum OpenMode {
    /**
     * Create; fail if the name is taken ({@code O_CREAT|O_EXCL}, {@code IPC_CREAT|IPC_EXCL}). A leftover whose
     * owner is dead is removed first (it is provably ours and unused by its creator); one of a live owner is not.
     */
    CREATE_NEW,
    /** Open what exists; fail if nothing does. */
    OPEN_EXISTING,
    /** Open what exists, or create it: exactly one of the processes racing on a new name creates it. */
    OPEN_OR_CREATE
}
