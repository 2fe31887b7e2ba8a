package dev.patchbay.host.natives;

/** The first bytes of a file as text for a message: what a file that is not a library starts with. */
final class Printable {
    private static final int SHOWN = 8;

    private Printable() {
    }

    /** Up to 8 bytes, quoted, non-printable ones as \xNN; or "nothing: the file is empty". */
    static String start(byte[] bytes) {
        if (bytes.length == 0) {
            return "nothing: the file is empty";
        }
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < Math.min(SHOWN, bytes.length); i++) {
            int c = bytes[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append('\'').toString();
    }
}
