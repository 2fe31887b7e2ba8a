package dev.patchbay.host;

import dev.patchbay.api.Address;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Picks a fresh address for a channel's next link when the user names only a backend (a scheme) or a patch moves
 * the channel to a new version of the backend it is on: a pipe gets a new pipe pair, anything named gets
 * {@code <channel>-<pid>-<n>}, unique among this user's hosts.
 */
final class MigrationTargets {
    private MigrationTargets() {
    }

    /**
     * @param scheme   the backend to move to
     * @param template an address of that scheme whose parameters to keep (the channel's current one), or null
     */
    static Address fresh(String scheme, Address template, String channel, long number) {
        if (scheme.equals("pipe")) {
            return Address.parse("pipe:anon");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (template != null && template.scheme().equals(scheme)) {
            params.putAll(template.params());
        }
        return Address.of(scheme, channel + "-" + ProcessHandle.current().pid() + "-" + number, params);
    }
}
