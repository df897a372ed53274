package io.evalprotocol.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ResponseConsumerTest {
    @Test
    void keepsTheSdksHeadersWhateverTheirCaseUnderTheirLowerCaseName() {
        for (String name : HttpTransport.KEPT_HEADERS) {
            assertThat(ResponseConsumer.kept(name)).isEqualTo(name);
            assertThat(ResponseConsumer.kept(name.toUpperCase(Locale.ROOT))).isEqualTo(name);
            StringBuilder mixed = new StringBuilder();
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                mixed.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
            }
            assertThat(ResponseConsumer.kept(mixed.toString())).isEqualTo(name);
        }
    }

    @Test
    void dropsEveryOtherHeader() {
        for (String name : new String[] {"Date", "Server", "retry-after-s", "retry", "content-lengths", "", "x-request",
            "Transfer-Encoding", "Set-Cookie"}) {
            assertThat(ResponseConsumer.kept(name)).as(name).isNull();
        }
    }
}
