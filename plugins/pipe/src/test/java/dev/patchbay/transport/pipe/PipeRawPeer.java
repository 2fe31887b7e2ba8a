package dev.patchbay.transport.pipe;

import dev.patchbay.api.Address;
import dev.patchbay.api.testkit.Corruption;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Puts bad bytes on a pipe instead of a frame: {@code stdio <kind>} writes them to stdout;
 * {@code <pipe:proc address> <kind>} opens the listener's pipes through /proc, says hello, then writes them.
 */
public final class PipeRawPeer {
    private PipeRawPeer() {
    }

    public static void main(String[] args) throws Exception {
        byte[] bytes = Corruption.valueOf(args[1]).streamBytes();
        if (args[0].equals("stdio")) {
            OutputStream out = new FileOutputStream(FileDescriptor.out);
            out.write(bytes);
            out.flush();
            drain(new FileInputStream(FileDescriptor.in));
            return;
        }
        Address address = Address.parse(args[0]);
        String pid = address.param("pid", "");
        try (InputStream in = new FileInputStream("/proc/" + pid + "/fd/" + address.param("rfd", ""));
             OutputStream out = new FileOutputStream("/proc/" + pid + "/fd/" + address.param("wfd", ""))) {
            out.write(AnonymousAcceptor.HELLO);
            out.write(bytes);
            out.flush();
            drain(in);
        }
    }

    private static void drain(InputStream in) throws Exception {
        byte[] sink = new byte[4096];
        while (in.read(sink) >= 0) {
            // Wait for the listener to close.
        }
    }
}
