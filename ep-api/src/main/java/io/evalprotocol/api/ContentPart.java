package io.evalprotocol.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One part of a multi-part {@link Message} content: a text part ({@code {"text":...,"type":"text"}}, text
 * first, as Python eval-protocol writes it) or an image part ({@code {"type":"image_url","image_url":{...}}}).
 * Parts of other types are kept with their members as additional properties.
 */
public final class ContentPart {
    static final Set<String> FIELDS = Values.names("type", "text", "image_url");

    public static final String TYPE_TEXT = "text";
    public static final String TYPE_IMAGE_URL = "image_url";

    private final String type;
    private final String text;
    private final JsonObject imageUrl;
    private final Map<String, JsonValue> additionalProperties;

    private ContentPart(Builder b) {
        this.type = b.type;
        this.text = b.text;
        this.imageUrl = b.imageUrl;
        this.additionalProperties = b.additionalProperties.freeze();
        if (type == null) {
            throw new IllegalStateException("`type` is required, but was not set");
        }
        if (TYPE_TEXT.equals(type) && text == null) {
            throw new IllegalStateException("a text part needs `text`");
        }
        if (TYPE_IMAGE_URL.equals(type) && imageUrl == null) {
            throw new IllegalStateException("an image_url part needs `image_url`");
        }
    }

    /** A text part. */
    public static ContentPart text(String text) {
        return builder().type(TYPE_TEXT).text(Objects.requireNonNull(text, "text")).build();
    }

    /** An image part; {@code imageUrl} is the descriptor, e.g. {@code {"url":"data:image/png;base64,...","detail":"high"}}. */
    public static ContentPart imageUrl(JsonObject imageUrl) {
        return builder().type(TYPE_IMAGE_URL).imageUrl(Objects.requireNonNull(imageUrl, "imageUrl")).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().type(type).text(text).imageUrl(imageUrl);
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    public String type() {
        return type;
    }

    public boolean isText() {
        return TYPE_TEXT.equals(type);
    }

    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    public Optional<JsonObject> imageUrl() {
        return Optional.ofNullable(imageUrl);
    }

    /** Members other than {@code type}, {@code text} and {@code image_url}, in input order. */
    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ContentPart)) {
            return false;
        }
        ContentPart p = (ContentPart) o;
        return type.equals(p.type) && Objects.equals(text, p.text) && Objects.equals(imageUrl, p.imageUrl)
                && additionalProperties.equals(p.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, text, imageUrl, additionalProperties);
    }

    @Override
    public String toString() {
        if (isText()) {
            return "ContentPart{text=" + Values.abbreviate(text) + '}';
        }
        return "ContentPart{type=" + type + (imageUrl == null ? "" : ", image_url=" + Values.abbreviate(imageUrl))
                + (additionalProperties.isEmpty() ? "" : ", " + additionalProperties.keySet()) + '}';
    }

    /** Builds a {@link ContentPart}. */
    public static final class Builder {
        private String type;
        private String text;
        private JsonObject imageUrl;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder imageUrl(JsonObject imageUrl) {
            this.imageUrl = Values.nullToAbsent(imageUrl);
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "ContentPart", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "ContentPart", properties);
            return this;
        }

        public ContentPart build() {
            return new ContentPart(this);
        }
    }
}
