package com.example.ep.sglang.internal;

import com.example.ep.sglang.SglangExtractors;
import io.evalprotocol.testkit.ProviderRegistrationKit;
import java.util.Set;

/** ServiceLoader finds the plugin on the class path (@AutoService) and on the module path (module-info). */
class SglangRegistrationTest extends ProviderRegistrationKit {
    @Override
    protected String moduleName() {
        return "com.example.ep.sglang";
    }

    @Override
    protected Set<String> expectedExtractorIds() {
        return Set.of(SglangExtractors.TOKEN_IDS);
    }
}
