package io.evalprotocol.provider.vllm.internal;

import io.evalprotocol.provider.vllm.VllmExtractors;
import io.evalprotocol.testkit.ProviderRegistrationKit;
import java.util.Set;

class VllmRegistrationTest extends ProviderRegistrationKit {
    @Override
    protected String moduleName() {
        return "io.evalprotocol.provider.vllm";
    }

    @Override
    protected Set<String> expectedExtractorIds() {
        return Set.of(VllmExtractors.TOKEN_IDS, VllmExtractors.LOGPROB_TOKEN_IDS);
    }
}
