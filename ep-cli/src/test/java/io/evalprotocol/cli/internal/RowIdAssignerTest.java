package io.evalprotocol.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class RowIdAssignerTest {
    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void keepsAnExplicitRowId() {
        RowIdAssigner ids = new RowIdAssigner();

        assertThat(ids.assign(json("{\"messages\":[],\"input_metadata\":{\"row_id\":\"q-17\"}}"), 1)).isEqualTo("q-17");
    }

    @Test
    void derivesTheSameIdFromTheSameContentInEveryRun() {
        String line = "{\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}],\"ground_truth\":\"4\"}";

        String first = new RowIdAssigner().assign(json(line), 1);
        String second = new RowIdAssigner().assign(json(line), 7);

        assertThat(first).matches("row-[0-9a-f]{16}").isEqualTo(second);
    }

    @Test
    void ignoresFormattingKeyOrderNullsAndNumberSpelling() {
        String compact = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"ground_truth\":1.50}";
        String reordered = "{ \"ground_truth\" : 1.5,\n \"messages\" : [ { \"content\" : \"hi\", \"role\" : \"user\", "
                + "\"name\" : null } ], \"tools\": null }";

        assertThat(new RowIdAssigner().assign(json(reordered), 1)).isEqualTo(new RowIdAssigner().assign(json(compact), 1));
    }

    @Test
    void ignoresFieldsThatARunWrites() {
        String input = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String withRunFields = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"execution_metadata\":{\"run_id\":\"x\"},\"pid\":12,\"rollout_status\":{\"code\":100}}";

        assertThat(new RowIdAssigner().assign(json(withRunFields), 1)).isEqualTo(new RowIdAssigner().assign(json(input), 1));
    }

    @Test
    void tellsDifferentContentApart() {
        RowIdAssigner ids = new RowIdAssigner();

        String a = ids.assign(json("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"), 1);
        String b = ids.assign(json("{\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}"), 2);

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void givesIdenticalLinesDistinctIdsByOccurrenceWhereverTheyAre() {
        String dup = "{\"messages\":[{\"role\":\"user\",\"content\":\"same\"}]}";
        String other = "{\"messages\":[{\"role\":\"user\",\"content\":\"other\"}]}";
        RowIdAssigner run1 = new RowIdAssigner();
        String first = run1.assign(json(dup), 1);
        run1.assign(json(other), 2);
        String second = run1.assign(json(dup), 3);

        // another run where an unrelated row was inserted between the duplicates
        RowIdAssigner run2 = new RowIdAssigner();
        String first2 = run2.assign(json(dup), 1);
        String second2 = run2.assign(json(dup), 2);

        assertThat(first).isNotEqualTo(second);
        assertThat(first2).isEqualTo(first);
        assertThat(second2).isEqualTo(second);
    }

    @Test
    void rejectsARepeatedExplicitIdNamingBothLines() {
        RowIdAssigner ids = new RowIdAssigner();
        ids.assign(json("{\"messages\":[],\"input_metadata\":{\"row_id\":\"dup\"}}"), 3);

        assertThatThrownBy(() -> ids.assign(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"input_metadata\":{\"row_id\":\"dup\"}}"), 9))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("line 9")
                .hasMessageContaining("'dup'")
                .hasMessageContaining("already used on line 3");
    }

    @Test
    void rejectsANonStringRowId() {
        assertThatThrownBy(() -> new RowIdAssigner().assign(json("{\"messages\":[],\"input_metadata\":{\"row_id\":5}}"), 4))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("non-empty string");
    }

    @Test
    void treatsANullRowIdAsAbsent() {
        String withNull = "{\"messages\":[],\"input_metadata\":{\"row_id\":null}}";

        assertThat(new RowIdAssigner().assign(json(withNull), 1)).startsWith("row-");
    }
}
