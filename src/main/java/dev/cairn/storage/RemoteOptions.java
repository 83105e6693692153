package dev.cairn.storage;

import java.time.Duration;
import java.util.Map;

/** Reading the options of a remote that several backends share. */
public final class RemoteOptions {

    private RemoteOptions() {
    }

    /** A timeout option in (possibly fractional) seconds, as DVC spells them; bad values are refused. */
    public static Duration seconds(Map<String, String> options, String key, Duration fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            double secs = Double.parseDouble(value.strip());
            if (secs > 0 && secs <= 86_400) {
                return Duration.ofMillis(Math.round(secs * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " = '" + value + "' is not a number of seconds between 0 and 86400");
    }
}
