package dev.patchbay.host.demo;

import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.RuntimeFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the runtime folder lies, for reports: a backend that makes files per link (fifo) makes and removes them
 * there at every patch, and on a disk filesystem that is inode allocation under a directory lock, several times the
 * cost of the same on tmpfs.
 */
final class RuntimeFolderInfo {
    private RuntimeFolderInfo() {
    }

    /** E.g. {@code "/tmp/patchbay-0 (ext4)"}, or why it is not known. */
    static String describe() {
        try {
            Path root = RuntimeFolders.root();
            return root + " (" + Files.getFileStore(root).type() + ")";
        } catch (IOException | PatchbayException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
