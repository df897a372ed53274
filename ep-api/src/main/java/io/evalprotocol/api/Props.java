package io.evalprotocol.api;

import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The additional properties a value type's builder collects. Until the first change they are the map of the
 * value the builder came from ({@code toBuilder()}), which is immutable and so shared rather than copied: a
 * builder that never touches them (the rollout engine's {@code toBuilder()...build()} of every row's parts)
 * copies and allocates no map.
 */
final class Props {
    private Map<String, JsonValue> map = Collections.emptyMap();
    private boolean owned;

    /** Starts from {@code frozen}, a built value's immutable map. */
    void share(Map<String, JsonValue> frozen) {
        map = frozen;
        owned = false;
    }

    /** The map to change, copied from the shared one on first use. */
    Map<String, JsonValue> edit() {
        if (!owned) {
            map = new LinkedHashMap<>(map);
            owned = true;
        }
        return map;
    }

    /** The immutable map a built value keeps: the shared one as it is, else a frozen copy. */
    Map<String, JsonValue> freeze() {
        return owned ? Values.freeze(map) : map;
    }
}
