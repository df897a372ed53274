package io.evalprotocol.provider.fireworks.internal;

import io.evalprotocol.provider.fireworks.FireworksExtractors;
import io.evalprotocol.testkit.ProviderRegistrationKit;
import java.util.Set;

class FireworksRegistrationTest extends ProviderRegistrationKit {
    @Override
    protected String moduleName() {
        return "io.evalprotocol.provider.fireworks";
    }

    @Override
    protected Set<String> expectedExtractorIds() {
        return Set.of(FireworksExtractors.RAW_OUTPUT, FireworksExtractors.TOKEN_IDS);
    }
}
