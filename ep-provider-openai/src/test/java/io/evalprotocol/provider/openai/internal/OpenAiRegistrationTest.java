package io.evalprotocol.provider.openai.internal;

import io.evalprotocol.provider.openai.OpenAiExtractors;
import io.evalprotocol.testkit.ProviderRegistrationKit;
import java.util.Set;

class OpenAiRegistrationTest extends ProviderRegistrationKit {
    @Override
    protected String moduleName() {
        return "io.evalprotocol.provider.openai";
    }

    @Override
    protected Set<String> expectedExtractorIds() {
        return Set.of(OpenAiExtractors.CHOICE_TOKEN_IDS, OpenAiExtractors.CONTENT_TOKEN_ID,
                OpenAiExtractors.LEGACY_TOKEN_IDS, OpenAiExtractors.TIKTOKEN_RECONSTRUCTED);
    }
}
