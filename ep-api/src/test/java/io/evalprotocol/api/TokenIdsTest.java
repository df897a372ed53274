package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenIdsTest {
    @Test
    void ofCopiesTheArraySoLaterWritesDoNotLeakIn() {
        int[] source = {9707, 0, 151645};
        TokenIds ids = TokenIds.of(source);
        source[0] = 1;

        assertThat(ids.toArray()).containsExactly(9707, 0, 151645);
    }

    @Test
    void toArrayReturnsACopy() {
        TokenIds ids = TokenIds.of(1, 2);
        ids.toArray()[0] = 99;

        assertThat(ids.get(0)).isEqualTo(1);
    }

    @Test
    void negativeIdIsRejectedNamingItsIndexAndValue() {
        assertThatThrownBy(() -> TokenIds.of(5, 6, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token id at index 2 is -1; token ids must be non-negative");
        assertThatThrownBy(() -> TokenIds.wrap(new int[] {-9999}))
                .hasMessageContaining("index 0 is -9999");
    }

    @Test
    void nullInABoxedListIsRejectedNamingItsIndex() {
        assertThatThrownBy(() -> TokenIds.of(Arrays.asList(1, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token id at index 1 is null");
    }

    @Test
    void maxIntIsAValidId() {
        assertThat(TokenIds.of(Integer.MAX_VALUE).last()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void equalityIsByContent() {
        assertThat(TokenIds.of(1, 2, 3)).isEqualTo(TokenIds.of(List.of(1, 2, 3)))
                .hasSameHashCodeAs(TokenIds.of(List.of(1, 2, 3)))
                .isNotEqualTo(TokenIds.of(1, 2));
        assertThat(TokenIds.of()).isEqualTo(TokenIds.empty());
    }

    @Test
    void concatJoinsInOrder() {
        assertThat(TokenIds.of(1, 2).concat(TokenIds.of(3)).toArray()).containsExactly(1, 2, 3);
        assertThat(TokenIds.empty().concat(TokenIds.of(3)).toArray()).containsExactly(3);
    }

    @Test
    void listViewIsUnmodifiableAndBoxesOnRead() {
        List<Integer> view = TokenIds.of(4, 5).asList();

        assertThat(view).containsExactly(4, 5);
        assertThatThrownBy(() -> view.add(6)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringElidesTheMiddleOfLongSequences() {
        int[] many = new int[100];
        Arrays.setAll(many, i -> i);

        assertThat(TokenIds.of(many).toString())
                .isEqualTo("[0, 1, 2, 3, 4, 5, 6, 7, ... (88 more) ..., 96, 97, 98, 99]");
        assertThat(TokenIds.of(1, 2).toString()).isEqualTo("[1, 2]");
    }

    @Test
    void lastOfEmptyFails() {
        assertThatThrownBy(() -> TokenIds.empty().last()).isInstanceOf(IllegalStateException.class);
    }
}
