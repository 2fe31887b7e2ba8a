package dev.patchbay.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a link meets its peer, written as a URI in the style of Aeron's channel URIs:
 * {@code scheme:name?key=value&key=value}. Examples: {@code pipe:child?exec=...}, {@code fifo:orders},
 * {@code shm:orders?size=4m&flavor=posix}, {@code mmap:orders}.
 *
 * <p>Parsing refuses what is unsafe before any transport sees it: control characters, and {@code ..} or {@code .}
 * as a path segment of the name. Transports that turn a name into a file use {@link #pathUnder(Path)} or
 * {@link #plainName()}, which keep it inside the directory they own.
 *
 * <p>Immutable; equal when their canonical text ({@link #toString()}) is equal.
 */
public final class Address {
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final int MAX_LENGTH = 8192;

    private final String scheme;
    private final String name;
    private final Map<String, String> params;

    private Address(String scheme, String name, Map<String, String> params) {
        this.scheme = scheme;
        this.name = name;
        this.params = Collections.unmodifiableMap(params);
    }

    /**
     * Parses {@code scheme:name?key=value&...}. Parameter values are percent-decoded.
     *
     * @throws AddressException if the text is not an address or is unsafe; the message says which part and why
     */
    public static Address parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new AddressException("empty address: write scheme:name, for example fifo:orders");
        }
        if (text.length() > MAX_LENGTH) {
            throw new AddressException("address is " + text.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new AddressException("address '" + printable(text) + "' contains a control character at index "
                        + i + "; addresses are plain text");
            }
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new AddressException("address '" + text + "' has no scheme: write scheme:name, for example fifo:"
                    + text);
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(scheme).matches()) {
            throw new AddressException("address '" + text + "' has an invalid scheme '" + scheme
                    + "': use letters, digits, '+', '-' or '.', starting with a letter");
        }
        String rest = text.substring(colon + 1);
        int question = rest.indexOf('?');
        String name = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> params = new LinkedHashMap<>();
        if (question >= 0) {
            parseQuery(text, rest.substring(question + 1), params);
        }
        checkSafeName(text, name);
        return new Address(scheme, name, params);
    }

    /** Builds an address from parts; the same safety checks as {@link #parse(String)} apply. */
    public static Address of(String scheme, String name, Map<String, String> params) {
        return parse(new Address(scheme, name, new LinkedHashMap<>(params)).toString());
    }

    private static void parseQuery(String text, String query, Map<String, String> params) {
        if (query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(text, eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(text, pair.substring(eq + 1));
            if (key.isEmpty()) {
                throw new AddressException("address '" + text + "' has a parameter without a name: '" + pair + "'");
            }
            if (params.put(key, value) != null) {
                throw new AddressException("address '" + text + "' sets parameter '" + key + "' twice");
            }
        }
    }

    private static String decode(String text, String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AddressException("address '" + text + "' has a malformed %-escape in '" + part + "'");
        }
    }

    private static void checkSafeName(String text, String name) {
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new AddressException("address '" + text + "' is unsafe: '" + segment
                        + "' is not allowed in a name; use a plain name such as 'orders'");
            }
        }
        if (name.indexOf('\\') >= 0) {
            throw new AddressException("address '" + text + "' is unsafe: '\\' is not allowed in a name");
        }
    }

    private static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    /** The scheme, lower case: it selects the transport. */
    public String scheme() {
        return scheme;
    }

    /** The part between the scheme and the parameters; may be empty. */
    public String name() {
        return name;
    }

    /** All parameters, in the order written. */
    public Map<String, String> params() {
        return params;
    }

    /** A parameter's value, if it is set. */
    public Optional<String> param(String key) {
        return Optional.ofNullable(params.get(key));
    }

    /** A parameter's value, or the default when it is not set. */
    public String param(String key, String defaultValue) {
        return params.getOrDefault(key, defaultValue);
    }

    /** A whole-number parameter such as {@code rate=1000}. */
    public long longParam(String key, long defaultValue) {
        String value = params.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new AddressException(this + ": parameter " + key + "='" + value + "' is not a whole number");
        }
    }

    /**
     * A size parameter: a number of bytes with an optional binary suffix, such as {@code 4096}, {@code 64k},
     * {@code 4m} or {@code 1g}.
     */
    public long sizeParam(String key, long defaultValue) {
        String value = params.get(key);
        return value == null ? defaultValue : parseSize(key, value);
    }

    private long parseSize(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("b")) {
            v = v.substring(0, v.length() - 1);
        }
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
            if (unit != 1) {
                v = v.substring(0, v.length() - 1);
            }
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new AddressException(this + ": parameter " + key + "='" + value
                    + "' is not a size; write bytes or use a suffix: 4096, 64k, 4m, 1g");
        }
    }

    /** A duration parameter such as {@code 500ms}, {@code 5s} or {@code 2m}; a bare number means milliseconds. */
    public Duration durationParam(String key, Duration defaultValue) {
        String value = params.get(key);
        if (value == null) {
            return defaultValue;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("us")) {
                return Duration.ofNanos(Long.parseLong(v.substring(0, v.length() - 2)) * 1000);
            } else if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new AddressException(this + ": parameter " + key + "='" + value
                    + "' is not a duration; write 500ms, 5s or 2m");
        }
    }

    /**
     * Refuses a parameter that is neither in {@code known} nor one every address takes
     * ({@link LinkOptions#PARAMETERS}), naming the ones there are: a typo such as {@code sise=} would otherwise be
     * ignored without a word.
     *
     * @return this address
     * @throws AddressException naming the unknown parameter, a close known one, and all known ones
     */
    public Address requireKnownParams(java.util.Collection<String> known) {
        java.util.SortedSet<String> all = new java.util.TreeSet<>(known);
        all.addAll(LinkOptions.PARAMETERS);
        for (String key : params.keySet()) {
            if (!all.contains(key)) {
                String close = all.stream().filter(k -> editDistance(k, key) <= 2).findFirst()
                        .map(k -> " (did you mean '" + k + "'?)").orElse("");
                throw new AddressException("address '" + this + "' has an unknown parameter '" + key + "'" + close
                        + "; " + scheme + ": takes " + String.join(", ", all));
            }
        }
        return this;
    }

    private static int editDistance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                int same = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + same);
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    /** A copy of this address with one parameter set (added at the end, or replaced in place). */
    public Address withParam(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.put(key, value);
        return new Address(scheme, name, copy);
    }

    /** A copy of this address without the given parameter. */
    public Address withoutParam(String key) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.remove(key);
        return new Address(scheme, name, copy);
    }

    /**
     * The name as a plain file-system-safe name: letters, digits, '.', '_' and '-', starting with a letter or digit,
     * at most 200 characters. Transports use it for shared-memory names and the like.
     *
     * @throws AddressException naming the address and the rule it broke
     */
    public String plainName() {
        if (!PLAIN_NAME.matcher(name).matches()) {
            throw new AddressException("address '" + this + "' needs a plain name (letters, digits, '.', '_', '-',"
                    + " at most 200, starting with a letter or digit), not '" + name + "'");
        }
        return name;
    }

    /**
     * Resolves the name to a file inside {@code root}: a plain name becomes {@code root/name}; an absolute path is
     * accepted only when it lies inside {@code root}.
     *
     * @throws AddressException if the name would leave {@code root}
     */
    public Path pathUnder(Path root) {
        Path base = root.toAbsolutePath().normalize();
        if (name.startsWith("/")) {
            Path p = Path.of(name).normalize();
            if (!p.startsWith(base) || p.equals(base)) {
                throw new AddressException("address '" + this + "' points outside " + base
                        + "; use a plain name (" + scheme + ":orders) or a path inside that folder");
            }
            return p;
        }
        return base.resolve(plainName());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(scheme).append(':').append(name);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/")
                .replace("%3A", ":");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && toString().equals(a.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
